import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CalendarService } from '../calendar/calendar.service.js';
import type { AlertKind } from './alert.entity.js';
import type { Channel } from './alert-delivery.entity.js';
import { parseQuietHours, sendableAt, type QuietHours } from './quiet-hours.js';

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
    const deliveries: { alert_id: string; channel: Channel; target: string; at: string }[] = [];
    const targetsByDept = new Map<string | null, { channel: Channel; target: string }[]>();
    for (const a of rows) {
      if (!fresh.has(a.id)) continue;
      if (!targetsByDept.has(a.departmentId)) targetsByDept.set(a.departmentId, await this.targets(m, a.departmentId));
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

  private async targets(m: EntityManager, departmentId: string | null): Promise<{ channel: Channel; target: string }[]> {
    const out: { channel: Channel; target: string }[] = [];
    if (this.config.alertWebhookUrl) out.push({ channel: 'webhook', target: this.config.alertWebhookUrl });
    if (!departmentId) return out;
    const people: { email: string | null; phone: string | null; on_duty: boolean }[] = await m.query(
      `SELECT email, phone, on_duty FROM app_user WHERE department_id = $1 AND active AND (email IS NOT NULL OR (on_duty AND phone IS NOT NULL))`,
      [departmentId],
    );
    const emails = new Set(people.map((p) => p.email).filter((e): e is string => !!e));
    if (this.config.smtpUrl) for (const email of emails) out.push({ channel: 'email', target: email });
    // the department's on-duty person also gets it by SMS: someone is told even at night
    for (const phone of new Set(people.filter((p) => p.on_duty && p.phone).map((p) => p.phone!))) out.push({ channel: 'sms', target: phone });
    return out;
  }
}
