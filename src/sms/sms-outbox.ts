import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DirectoryService } from '../directory/directory.service.js';
import type { Ticket } from '../tickets/ticket.entity.js';
import type { SmsPurpose } from './sms-message.entity.js';
import type { SmsLocale } from './sms-parser.js';
import { renderSms, type RenderedSms, type SmsTemplateKey, type TemplateParams } from './sms-templates.js';
import type { CompiledWording } from './sms-wording.js';
import { SmsWordings } from './sms-wordings.js';
import { queueCallerEmails } from '../email/caller-email.js';

export interface SmsDraft {
  ticketId: string | null;
  to: string;
  purpose: SmsPurpose;
  template: SmsTemplateKey;
  locale: SmsLocale;
  sms: RenderedSms;
}

export type CallerNotice = 'accepted' | 'extended' | 'resolved' | 'reopened';

export const SMS_LOCALES: readonly SmsLocale[] = ['zh-CN', 'en'];

/** What a registration SMS says, stored with the queued row and rendered by the worker. */
export interface DeferredParams {
  number: string;
  code: string;
  departmentId?: string | null;
  due?: string | null;
}

export function registrationParams(ticket: Pick<Ticket, 'number' | 'accessCode' | 'leadDepartmentId' | 'dueAt'>): DeferredParams {
  return { number: ticket.number, code: ticket.accessCode, departmentId: ticket.leadDepartmentId, due: ticket.dueAt?.toISOString() ?? null };
}

/**
 * Writes outbound SMS into the outbox, inside the transaction that decided to send them: they
 * leave only if it commits, and once it has, the armer and sender take them out. Also renders the
 * caller notifications of the ticket lifecycle.
 */
@Injectable()
export class SmsOutbox {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: DirectoryService,
    private readonly wordings: SmsWordings,
  ) {}

  /** In the deployment's wording of the template when it has one (or `wording`, a draft being previewed), else the shipped one. */
  render(template: SmsTemplateKey, locale: string | null | undefined, params: TemplateParams, wording?: CompiledWording): RenderedSms {
    const lang = this.locale(locale);
    const p = { hotlineName: this.config.sms.hotlineName, ratingOptions: this.config.sms.ratingOptions, ...params };
    return renderSms(template, lang, p, this.config.timeZone, wording ?? this.wordings.get(template, lang));
  }

  locale(locale: string | null | undefined): SmsLocale {
    return SMS_LOCALES.includes(locale as SmsLocale) ? (locale as SmsLocale) : this.config.sms.defaultLocale;
  }

  async add(m: EntityManager, drafts: SmsDraft[]): Promise<void> {
    if (drafts.length === 0) return;
    await m.query(
      `INSERT INTO sms_message (id, direction, purpose, ticket_id, to_phone, template, locale, body, encoding, segments, status)
       SELECT id, 'out', purpose, ticket_id, to_phone, template, locale, body, encoding, segments, 'queued'
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, purpose text, ticket_id uuid, to_phone text, template text, locale text, body text, encoding text, segments smallint)`,
      [JSON.stringify(drafts.map((d) => ({ id: randomUUID(), purpose: d.purpose, ticket_id: d.ticketId, to_phone: d.to, template: d.template, locale: d.locale, ...this.columns(d.sms) })))],
    );
  }

  columns(sms: RenderedSms) {
    return { body: sms.body, encoding: sms.encoding, segments: sms.segments };
  }

  /**
   * Writes the words of messages queued with only their template and parameters (a call's
   * registration SMS: rendering costs more than the rest of logging the call), each in its
   * recipient's language. Returns the rows it rendered.
   */
  async renderDeferred(m: EntityManager, limit: number): Promise<number> {
    const rows: { id: string; to_phone: string; template: SmsTemplateKey; params: DeferredParams }[] = await m.query(
      `SELECT id, to_phone, template, params FROM sms_message WHERE status = 'queued' AND NOT armed AND body IS NULL ORDER BY created_at LIMIT ${limit}`,
    );
    if (rows.length === 0) return 0;
    const callers: { phone: string; locale: string | null }[] = await m.query(`SELECT phone, locale FROM caller WHERE phone = ANY($1)`, [rows.map((r) => r.to_phone)]);
    const localeOf = new Map(callers.map((c) => [c.phone, this.locale(c.locale)]));
    const rendered = await Promise.all(
      rows.map(async (r) => {
        const locale = localeOf.get(r.to_phone) ?? this.config.sms.defaultLocale;
        try {
          const department = (await this.directory.department(r.params.departmentId ?? null))?.name ?? null;
          const sms = this.render(r.template, locale, { ...r.params, department, due: r.params.due ? new Date(r.params.due) : null });
          return { id: r.id, locale, ...this.columns(sms), status: 'queued', error: null };
        } catch (err) {
          // one message that cannot be written must not hold up the others
          return { id: r.id, locale, body: '', encoding: null, segments: null, status: 'failed', error: `could not render: ${(err as Error).message}` };
        }
      }),
    );
    await m.query(
      `UPDATE sms_message s SET body = r.body, encoding = r.encoding, segments = r.segments, locale = r.locale, status = r.status, last_error = r.error
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, body text, encoding text, segments smallint, locale text, status text, error text) WHERE s.id = r.id`,
      [JSON.stringify(rendered)],
    );
    return rows.length;
  }

  /**
   * Tells the ticket's callers (its own and those of duplicates merged into it) what just happened:
   * by SMS, or by e-mail to one who left only an address (an Open311 reporter).
   */
  async notifyCallers(m: EntityManager, ticket: Ticket, template: CallerNotice, extra: TemplateParams = {}): Promise<void> {
    const callers: { phone: string | null; email: string | null; locale: string | null }[] = await m.query(
      `SELECT phone, email, locale FROM caller WHERE id = ANY($1) AND (phone IS NOT NULL OR email IS NOT NULL)`,
      [[ticket.callerId, ...ticket.linkedCallerIds]],
    );
    if (callers.length === 0) return;
    const department = (await this.directory.department(ticket.leadDepartmentId))?.name ?? null;
    const params: TemplateParams = { number: ticket.number, department, due: ticket.dueAt, result: ticket.resolution, ...extra };
    const rendered = new Map<string, RenderedSms>();
    const render = (locale: SmsLocale, email: boolean) => {
      const key = `${locale}:${email}`;
      // nobody reads replies to an e-mail: it does not ask for a rating
      if (!rendered.has(key)) rendered.set(key, this.render(template, locale, email ? { ...params, ratingOptions: [] } : params));
      return rendered.get(key)!;
    };
    const texts = callers.filter((c) => c.phone !== null);
    await this.add(
      m,
      texts.map((c) => ({ ticketId: ticket.id, to: c.phone!, purpose: 'notification' as const, template, locale: this.locale(c.locale), sms: render(this.locale(c.locale), false) })),
    );
    const emails = callers.filter((c) => c.phone === null);
    await queueCallerEmails(
      m,
      emails.map((c) => ({ ticketId: ticket.id, to: c.email!, template, locale: this.locale(c.locale), number: ticket.number, sms: render(this.locale(c.locale), true) })),
      this.config.sms.hotlineName,
    );
  }
}
