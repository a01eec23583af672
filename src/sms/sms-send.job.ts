/** One attempt to send one outbox row; ids only, the row owns the state. */
export const SMS_SEND_JOB = 'sms-send';

export interface SmsSendPayload {
  messageId: string;
}

/** Deterministic per attempt (no `:`): re-adding the same attempt is a no-op, the next attempt is a new job. */
export const smsJobId = (messageId: string, attempt: number | string) => `sms-${messageId}-${attempt}`;
