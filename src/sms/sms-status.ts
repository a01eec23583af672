import type { SmsStatus } from './sms-message.entity.js';

/**
 * How far along a message is. Status callbacks arrive repeated and out of order ("delivered"
 * before "sent"); a status only replaces one of lower rank, so the row ends at the truth.
 */
const RANK: Record<SmsStatus, number> = {
  queued: 0,
  retrying: 0,
  sending: 1,
  accepted: 2,
  scheduled: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  read: 5,
  suppressed: 9,
  received: 9,
};

export const rankOf = (s: SmsStatus): number => RANK[s] ?? 0;

/** Final failures: the caller did not get it and someone must phone them. */
export const FAILED_STATUSES: readonly SmsStatus[] = ['undelivered', 'failed'];

/**
 * Twilio's MessageStatus in our terms. Twilio's own "queued"/"sending" mean it has the message,
 * which for us is `accepted` (our `queued`/`sending` are before Twilio has it). Anything unknown
 * is read as accepted rather than trusted.
 */
export function fromProviderStatus(status: string | undefined | null): SmsStatus {
  switch ((status ?? '').toLowerCase()) {
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'partially_delivered':
      return 'delivered';
    case 'read':
      return 'read';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
      return 'failed';
    case 'canceled':
      return 'canceled';
    case 'scheduled':
      return 'scheduled';
    default:
      return 'accepted';
  }
}
