import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { LOGGER } from '../app.tokens.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { SmsPurpose, SmsStatus } from './sms-message.entity.js';
import { SmsScheduler } from './sms-scheduler.js';
import { fromProviderStatus } from './sms-status.js';
import { SmsStatusService } from './sms-status.service.js';
import { SMS_TRANSPORT, SmsSendError, type OutboundSms, type SendResult, type SmsTransport } from './sms-transport.js';

/** A sender that died mid-send loses its claim after this long. */
export const SMS_CLAIM_LEASE_MS = 60_000;
export const SMS_MAX_ATTEMPTS = 6;
/** Twilio error 21610: "Attempt to send to unsubscribed recipient". */
const TWILIO_UNSUBSCRIBED = 21610;
/** 2 s, 4 s, 8 s … between attempts, capped at ten minutes. */
export const smsBackoffMs = (attempts: number) => Math.min(600_000, 2_000 * 2 ** Math.max(0, attempts - 1));

/** How long a notification waits before looking again whether the ticket's earlier one went. */
const ORDER_WAIT_MS = 1_000;

/** `s` (an outbound row) is a ticket's notification with an earlier one to the same number not sent yet. Replies answer the caller at once. */
const EARLIER_UNSENT = `s.purpose = 'notification' AND s.ticket_id IS NOT NULL AND EXISTS (
  SELECT 1 FROM sms_message e
  WHERE e.ticket_id = s.ticket_id AND e.to_phone = s.to_phone AND e.direction = 'out' AND e.purpose = 'notification'
    AND e.status IN ('queued', 'retrying', 'sending') AND e.created_at < s.created_at)`;

export type SendOutcome = 'sent' | 'found' | 'skipped' | 'suppressed' | 'rescheduled' | 'failed';

interface Claimed {
  id: string;
  to_phone: string;
  body: string;
  created_at: Date;
  purpose: SmsPurpose;
  ticket_id: string | null;
  template: string | null;
  attempts: number;
  prev_status: SmsStatus;
}

/**
 * Sends one outbox row, at most once. The row is claimed in its own committed statement before
 * the provider is called; a claim that finds the previous attempt's outcome unknown (it timed
 * out, or the process died mid-send) first asks the provider whether the message is already
 * there. So a crash between commit and send loses nothing, and a crash mid-send sends nothing twice.
 */
@Injectable()
export class SmsSender {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(SMS_TRANSPORT) private readonly transport: SmsTransport,
    private readonly scheduler: SmsScheduler,
    private readonly statuses: SmsStatusService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async send(id: string): Promise<SendOutcome> {
    const row = await this.claim(id);
    if (!row) return (await this.waitBehindEarlier(id)) ? 'rescheduled' : 'skipped';
    const outcome = await this.attempt(id, row);
    if (outcome !== 'rescheduled' && row.purpose === 'notification' && row.ticket_id) await this.wakeNextOf(row);
    return outcome;
  }

  private async attempt(id: string, row: Claimed): Promise<SendOutcome> {
    const msg: OutboundSms = { id, to: row.to_phone, body: row.body, createdAt: new Date(row.created_at) };
    try {
      // replies to the caller's own texts go even after STOP, as carriers require; nothing else does
      if (row.purpose !== 'reply' && (await this.optedOut(row.to_phone))) {
        await this.ds.query(`UPDATE sms_message SET status = 'suppressed', status_at = now(), claimed_at = NULL WHERE id = $1`, [id]);
        return 'suppressed';
      }
      if (row.prev_status !== 'queued') {
        const found = await this.transport.findSent(msg);
        if (found) {
          await this.recordSent(id, found);
          return 'found';
        }
      }
      await this.recordSent(id, await this.transport.send(msg, this.callbackUrl(id)));
      return 'sent';
    } catch (err) {
      return this.failed(row, err);
    }
  }

  private async claim(id: string): Promise<Claimed | undefined> {
    const rows: Claimed[] = await this.ds.query(
      `WITH prev AS (SELECT id, status FROM sms_message WHERE id = $1 AND direction = 'out' FOR UPDATE)
       UPDATE sms_message s SET status = 'sending', attempts = s.attempts + 1, claimed_at = now()
       FROM prev
       WHERE s.id = prev.id AND s.body IS NOT NULL
         AND ((prev.status IN ('queued', 'retrying') AND s.next_attempt_at <= now() + interval '1 second')
           OR (prev.status = 'sending' AND s.claimed_at < now() - interval '${SMS_CLAIM_LEASE_MS / 1000} seconds'))
         AND NOT (${EARLIER_UNSENT})
       RETURNING s.id, s.to_phone, s.body, s.created_at, s.purpose, s.ticket_id, s.template, s.attempts, prev.status AS prev_status`,
      [id],
    ).then((r: unknown[]) => (Array.isArray(r[0]) ? r[0] : r) as Claimed[]);
    return rows[0];
  }

  /**
   * A notification whose ticket has an earlier one still unsent waits for it: a caller reads
   * "resolved" after "accepted", even when both were decided a moment apart or the first is in
   * retry. It is looked at again in a second (the sweep would find it too).
   */
  private async waitBehindEarlier(id: string): Promise<boolean> {
    const rows: { attempts: number }[] = await this.ds.query(
      `UPDATE sms_message s SET next_attempt_at = now() + interval '${ORDER_WAIT_MS} milliseconds'
       WHERE s.id = $1 AND s.status IN ('queued', 'retrying') AND ${EARLIER_UNSENT}
       RETURNING s.attempts`,
      [id],
    ).then((r: unknown[]) => (Array.isArray(r[0]) ? r[0] : r) as { attempts: number }[]);
    if (rows.length === 0) return false;
    await this.scheduler.wake([{ id, at: new Date(Date.now() + ORDER_WAIT_MS), tag: `w${Date.now().toString(36)}` }]);
    return true;
  }

  /** The ticket's next notification to this number, waiting behind the one just settled, goes now. */
  private async wakeNextOf(row: Claimed): Promise<void> {
    const next: { id: string }[] = await this.ds.query(
      `SELECT id FROM sms_message
       WHERE ticket_id = $1 AND to_phone = $2 AND direction = 'out' AND purpose = 'notification' AND status IN ('queued', 'retrying') AND created_at > $3
       ORDER BY created_at LIMIT 1`,
      [row.ticket_id, row.to_phone, row.created_at],
    );
    if (next.length) await this.scheduler.wake([{ id: next[0].id, at: new Date(), tag: `n${Date.now().toString(36)}` }]);
  }

  private async optedOut(phone: string): Promise<boolean> {
    const rows = await this.ds.query(`SELECT 1 FROM sms_opt_out WHERE phone = $1`, [phone]);
    return rows.length > 0;
  }

  /** A delivery report may already have moved the row on (it carries our id): keep the further status. */
  private async recordSent(id: string, result: SendResult): Promise<void> {
    await this.ds.query(
      `UPDATE sms_message SET provider_sid = COALESCE(provider_sid, $2), sent_at = COALESCE(sent_at, now()), claimed_at = NULL, last_error = NULL,
              status = CASE WHEN status IN ('queued', 'retrying', 'sending') THEN $3 ELSE status END, status_at = now()
       WHERE id = $1`,
      [id, result.sid, fromProviderStatus(result.status)],
    );
  }

  private async failed(row: Claimed, err: unknown): Promise<SendOutcome> {
    const e = err instanceof SmsSendError ? err : new SmsSendError((err as Error).message ?? String(err), false, true);
    if (e.code === TWILIO_UNSUBSCRIBED) {
      // the person texted STOP to Twilio itself (its Advanced Opt-Out): learn it, nobody needs alerting
      await this.ds.transaction(async (m) => {
        await m.query(`INSERT INTO sms_opt_out (phone) VALUES ($1) ON CONFLICT DO NOTHING`, [row.to_phone]);
        await m.query(`UPDATE sms_message SET status = 'suppressed', status_at = now(), claimed_at = NULL, error_code = $2, last_error = $3 WHERE id = $1`, [row.id, e.code, e.message]);
      });
      return 'suppressed';
    }
    const final = e.permanent || row.attempts >= SMS_MAX_ATTEMPTS;
    this.logger.warn({ messageId: row.id, attempts: row.attempts, final, code: e.code, err: e.message }, 'SMS send failed');
    if (final) {
      await this.ds.transaction(async (m) => {
        await m.query(`UPDATE sms_message SET status = 'failed', status_at = now(), claimed_at = NULL, error_code = $2, last_error = $3 WHERE id = $1`, [row.id, e.code, e.message]);
        await this.statuses.failedForGood(m, row, e.code, e.message);
      });
      return 'failed';
    }
    const at = new Date(Date.now() + smsBackoffMs(row.attempts));
    await this.ds.query(`UPDATE sms_message SET status = $2, next_attempt_at = $3, claimed_at = NULL, error_code = $4, last_error = $5 WHERE id = $1`, [
      row.id,
      e.uncertain ? 'retrying' : 'queued',
      at,
      e.code,
      e.message,
    ]);
    // if this wake-up is lost the sweep finds the row overdue
    await this.scheduler.wake([{ id: row.id, at, tag: row.attempts }]);
    return 'rescheduled';
  }

  private callbackUrl(id: string): string | undefined {
    const base = this.config.sms.publicBaseUrl;
    return this.transport.kind === 'twilio' && base ? `${base}/api/v1/sms/status?m=${id}` : undefined;
  }
}
