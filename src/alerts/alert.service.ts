import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CalendarService } from '../calendar/calendar.service.js';
import type { AlertKind } from './alert.entity.js';
import type { Channel } from './alert-delivery.entity.js';
import { parseQuietHours, sendableAt, type QuietHours } from './quiet-hours.js';
import { ALERTS_CHANNEL } from './alert-stream.js';

export interface NewAlert {
  dedupeKey: string;
  ticketId: string;
  deadlineId?: string | null;
  kind: AlertKind;
  stage?: string | null;
  level?: number;
  departmentId: string | null;
  message: string;
  /** Routine (a warning on a non-urgent ticket): held through quiet hours outside the app. */
  routine?: boolean;
}

@Injectable()
export class AlertService {
  private readonly quiet: QuietHours | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly calendars: CalendarService,
  ) {
    this.quiet = parseQuietHours(config.quietHours);
  }

  /** Inserts the alert once per dedupe key, with its deliveries; false when it already existed. */
  async raise(m: EntityManager, a: NewAlert, now = new Date()): Promise<boolean> {
    return (await this.raiseMany(m, [a], now)) === 1;
  }

  /**
   * Inserts alerts (once per dedupe key) and their deliveries — e-mail to each recipient
   * department's people, the webhook — in the caller's transaction, in two statements whatever
   * their number. Returns how many were new.
   */
  async raiseMany(m: EntityManager, alerts: NewAlert[], now = new Date()): Promise<number> {
    if (alerts.length === 0) return 0;
    const rows = alerts.map((a) => ({ ...a, id: randomUUID() }));
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO alert (id, dedupe_key, ticket_id, deadline_id, kind, stage, level, department_id, message)
       SELECT id, dedupe_key, ticket_id, deadline_id, kind, stage, COALESCE(level, 0), department_id, message
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, dedupe_key text, ticket_id uuid, deadline_id uuid, kind text, stage text, level smallint, department_id uuid, message text)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [JSON.stringify(rows.map((a) => ({ id: a.id, dedupe_key: a.dedupeKey, ticket_id: a.ticketId, deadline_id: a.deadlineId ?? null, kind: a.kind, stage: a.stage ?? null, level: a.level ?? 0, department_id: a.departmentId, message: a.message })))],
    );
    const fresh = new Set(inserted.map((r) => r.id));
    // consoles hear of it when this commits (identical notifications in one transaction are one)
    if (fresh.size) await m.query(`SELECT pg_notify('${ALERTS_CHANNEL}', '')`);
    const deliveries: { alert_id: string; channel: Channel; target: string; at: string }[] = [];
    const targetsByDept = await this.targets(m, rows.filter((a) => fresh.has(a.id)).map((a) => a.departmentId));
    for (const a of rows) {
      if (!fresh.has(a.id)) continue;
      const at = (a.routine ? sendableAt(now, this.quiet, this.calendars.business.spec.timeZone) : now).toISOString();
      for (const t of targetsByDept.get(a.departmentId)!) deliveries.push({ alert_id: a.id, channel: t.channel, target: t.target, at });
    }
    if (deliveries.length) {
      await m.query(
        `INSERT INTO alert_delivery (id, alert_id, channel, target, next_attempt_at)
         SELECT gen_random_uuid(), alert_id, channel, target, at FROM jsonb_to_recordset($1::jsonb) AS t(alert_id uuid, channel text, target text, at timestamptz)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(deliveries)],
      );
    }
    return fresh.size;
  }

  /** Each department's delivery targets, read in one statement: a batch of alerts spans many departments. */
  private async targets(m: EntityManager, departmentIds: (string | null)[]): Promise<Map<string | null, { channel: Channel; target: string }[]>> {
    const ids = [...new Set(departmentIds.filter((d): d is string => !!d))];
    const people: { department_id: string; email: string | null; phone: string | null; on_duty: boolean }[] = ids.length
      ? await m.query(
          `SELECT department_id, email, phone, on_duty FROM app_user WHERE department_id = ANY($1) AND active AND (email IS NOT NULL OR (on_duty AND phone IS NOT NULL))`,
          [ids],
        )
      : [];
    const out = new Map<string | null, { channel: Channel; target: string }[]>();
    for (const departmentId of new Set(departmentIds)) {
      const targets: { channel: Channel; target: string }[] = [];
      if (this.config.alertWebhookUrl) targets.push({ channel: 'webhook', target: this.config.alertWebhookUrl });
      out.set(departmentId, targets);
      if (!departmentId) continue;
      const staff = people.filter((p) => p.department_id === departmentId);
      if (this.config.smtpUrl) for (const email of new Set(staff.map((p) => p.email).filter((e): e is string => !!e))) targets.push({ channel: 'email', target: email });
      // the department's on-duty person also gets it by SMS: someone is told even at night
      for (const phone of new Set(staff.filter((p) => p.on_duty && p.phone).map((p) => p.phone!))) targets.push({ channel: 'sms', target: phone });
    }
    return out;
  }
}
