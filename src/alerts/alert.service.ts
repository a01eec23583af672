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

  /**
   * Inserts the alert once per dedupe key, with its deliveries (e-mail to the department's
   * people, the webhook) in the same transaction. Returns false when it already existed.
   */
  async raise(m: EntityManager, a: NewAlert, now = new Date()): Promise<boolean> {
    const id = randomUUID();
    const rows: unknown[] = await m.query(
      `INSERT INTO alert (id, dedupe_key, ticket_id, deadline_id, kind, stage, level, department_id, message)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [id, a.dedupeKey, a.ticketId, a.deadlineId ?? null, a.kind, a.stage ?? null, a.level ?? 0, a.departmentId, a.message],
    );
    if (rows.length === 0) return false;
    const targets = await this.targets(m, a.departmentId);
    if (targets.length) {
      const at = a.routine ? sendableAt(now, this.quiet, this.calendars.business.spec.timeZone) : now;
      await m.query(
        `INSERT INTO alert_delivery (id, alert_id, channel, target, next_attempt_at)
         SELECT gen_random_uuid(), $1, t.channel, t.target, $3 FROM jsonb_to_recordset($2::jsonb) AS t(channel text, target text)
         ON CONFLICT DO NOTHING`,
        [id, JSON.stringify(targets), at],
      );
    }
    return true;
  }

  private async targets(m: EntityManager, departmentId: string | null): Promise<{ channel: Channel; target: string }[]> {
    const out: { channel: Channel; target: string }[] = [];
    if (this.config.alertWebhookUrl) out.push({ channel: 'webhook', target: this.config.alertWebhookUrl });
    if (this.config.smtpUrl && departmentId) {
      const people: { email: string }[] = await m.query(`SELECT DISTINCT email FROM app_user WHERE department_id = $1 AND active AND email IS NOT NULL`, [departmentId]);
      for (const p of people) out.push({ channel: 'email', target: p.email });
    }
    return out;
  }
}
