import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AlertService } from '../alerts/alert.service.js';
import { maskPhones } from '../common/logger.js';
import { appendEvents } from '../tickets/tickets.service.js';
import type { SmsPurpose, SmsStatus } from './sms-message.entity.js';
import { FAILED_STATUSES, rankOf } from './sms-status.js';

export interface StatusReport {
  /** Our row id (from the status callback URL we gave Twilio), when known. */
  id?: string;
  sid?: string;
  status: SmsStatus;
  errorCode?: number | null;
  error?: string | null;
}

interface Row {
  id: string;
  status: SmsStatus;
  purpose: SmsPurpose;
  ticket_id: string | null;
  to_phone: string;
  template: string | null;
  provider_sid: string | null;
}

/** Moves outbox rows forward on delivery reports, and makes a message that cannot arrive someone's job. */
@Injectable()
export class SmsStatusService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly alerts: AlertService,
  ) {}

  /** Applies a report once, in order of progress; false when it matched no message or changed nothing. */
  async apply(report: StatusReport): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const [row]: Row[] = report.id
        ? await m.query(`SELECT id, status, purpose, ticket_id, to_phone, template, provider_sid FROM sms_message WHERE id = $1 AND direction = 'out' FOR UPDATE`, [report.id])
        : await m.query(`SELECT id, status, purpose, ticket_id, to_phone, template, provider_sid FROM sms_message WHERE provider_sid = $1 FOR UPDATE`, [report.sid]);
      // a report for another message than the row we named (a forged or mixed-up callback) changes nothing
      if (!row || (report.sid && row.provider_sid && row.provider_sid !== report.sid)) return false;
      if (rankOf(report.status) <= rankOf(row.status)) return false;
      await m.query(
        `UPDATE sms_message SET status = $2, status_at = now(), provider_sid = COALESCE(provider_sid, $3), error_code = COALESCE($4, error_code),
                last_error = COALESCE($5, last_error), claimed_at = NULL WHERE id = $1`,
        [row.id, report.status, report.sid ?? null, report.errorCode ?? null, report.error ?? null],
      );
      if (FAILED_STATUSES.includes(report.status)) await this.failedForGood(m, row, report.errorCode ?? null, report.error ?? `carrier reported ${report.status}`);
      return true;
    });
  }

  /**
   * The caller will not get this message: the ticket's timeline says so, the alerts inbox shows
   * it, and an operator gets a callback task to phone them. Messages to staff only log.
   */
  async failedForGood(m: EntityManager, row: Pick<Row, 'id' | 'purpose' | 'ticket_id' | 'to_phone' | 'template'>, code: number | null, reason: string): Promise<void> {
    if (!row.ticket_id || row.purpose === 'alert') return;
    const [ticket] = await m.query(`SELECT number FROM ticket WHERE id = $1`, [row.ticket_id]);
    await this.alerts.raise(m, {
      dedupeKey: `sms-failed-${row.id}`,
      ticketId: row.ticket_id,
      kind: 'sms_failed',
      departmentId: null,
      message: `SMS "${row.template ?? 'message'}" for ticket ${ticket.number} could not reach ${maskPhones(row.to_phone)}${code ? ` (error ${code})` : ''}: phone the caller`,
    });
    await appendEvents(m, row.ticket_id, null, [{ type: 'sms_failed', note: reason.slice(0, 500), payload: { messageId: row.id, template: row.template, errorCode: code } }]);
    await m.query(
      `INSERT INTO callback_task (id, dedupe_key, ticket_id, reason) VALUES (gen_random_uuid(), $1, $2, 'sms_failed') ON CONFLICT (dedupe_key) DO NOTHING`,
      [`sms_failed-${row.ticket_id}`, row.ticket_id],
    );
  }
}
