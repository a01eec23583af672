import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import type { SmsConfig } from '../config/app-config.js';
import { RebasedRequestClient } from './twilio-request-client.js';

export interface OutboundSms {
  id: string;
  to: string;
  body: string;
  createdAt: Date;
}

export interface SendResult {
  sid: string;
  /** The provider's status for the new message (`queued`, `accepted`, …). */
  status: string;
}

/**
 * Why a send failed, as the sender must act on it: `permanent` (the number is invalid, opted out
 * at the carrier…: retrying cannot help), or transient; `uncertain` when the request may have
 * reached the provider (a timeout, a 5xx) so a retry must first look for the message there.
 */
export class SmsSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly uncertain: boolean,
    readonly code: number | null = null,
  ) {
    super(message);
  }
}

export interface SmsTransport {
  readonly kind: 'twilio' | 'sandbox';
  send(msg: OutboundSms, statusCallback?: string): Promise<SendResult>;
  /** The provider's copy of a message an earlier attempt may have sent (same recipient and text, since the row was written), or null. */
  findSent(msg: OutboundSms): Promise<SendResult | null>;
}

export const SMS_TRANSPORT = Symbol('SMS_TRANSPORT');

const TIMEOUT_MS = 15_000;

/** Twilio's Messages API through the official client. */
export class TwilioTransport implements SmsTransport {
  readonly kind = 'twilio';
  private readonly client: twilio.Twilio;

  constructor(private readonly config: SmsConfig) {
    const httpClient = config.apiBaseUrl ? new RebasedRequestClient(config.apiBaseUrl, { timeout: TIMEOUT_MS }) : new twilio.RequestClient({ timeout: TIMEOUT_MS, keepAlive: true });
    this.client = twilio(config.accountSid, config.authToken, { httpClient });
  }

  async send(msg: OutboundSms, statusCallback?: string): Promise<SendResult> {
    try {
      const sender = this.config.messagingServiceSid ? { messagingServiceSid: this.config.messagingServiceSid } : { from: this.config.from! };
      const created = await this.client.messages.create({ to: msg.to, body: msg.body, ...sender, ...(statusCallback ? { statusCallback } : {}) });
      return { sid: created.sid, status: String(created.status ?? 'queued') };
    } catch (err) {
      throw classify(err);
    }
  }

  async findSent(msg: OutboundSms): Promise<SendResult | null> {
    try {
      // Twilio filters by day: a minute of slack for clocks that disagree
      const since = new Date(msg.createdAt.getTime() - 60_000);
      const found = await this.client.messages.list({ to: msg.to, dateSentAfter: since, limit: 100 });
      const match = found.find((m) => m.body === msg.body && String(m.direction ?? '').startsWith('outbound'));
      return match ? { sid: match.sid, status: String(match.status) } : null;
    } catch (err) {
      throw classify(err);
    }
  }
}

/** Twilio answered 4xx (not 429): the request itself is wrong for good. No answer or 5xx: it may have been taken. */
function classify(err: unknown): SmsSendError {
  const e = err as { status?: number; code?: number; message?: string };
  const message = (e.message ?? String(err)).slice(0, 500);
  if (typeof e.status !== 'number') return new SmsSendError(message, false, true, null);
  if (e.status === 429) return new SmsSendError(message, false, false, e.code ?? null);
  if (e.status >= 500) return new SmsSendError(`Twilio answered ${e.status}: ${message}`, false, true, e.code ?? null);
  return new SmsSendError(`Twilio refused the message (${e.status}${e.code ? `, error ${e.code}` : ''}): ${message}`, true, false, e.code ?? null);
}

/**
 * No Twilio account configured: the message is "delivered" to the sandbox, which is simply the
 * outbox row itself (the sandbox phone reads its messages from there). Everything up to and after
 * the transport is the production path.
 */
export class SandboxTransport implements SmsTransport {
  readonly kind = 'sandbox';

  async send(): Promise<SendResult> {
    return { sid: `SB${randomBytes(16).toString('hex')}`, status: 'delivered' };
  }

  async findSent(): Promise<null> {
    return null;
  }
}

export function createSmsTransport(config: SmsConfig): SmsTransport {
  return config.transport === 'twilio' ? new TwilioTransport(config) : new SandboxTransport();
}
