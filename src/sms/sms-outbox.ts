import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DirectoryService } from '../directory/directory.service.js';
import type { Ticket } from '../tickets/ticket.entity.js';
import type { SmsPurpose } from './sms-message.entity.js';
import type { SmsLocale } from './sms-parser.js';
import { renderSms, type RenderedSms, type SmsTemplateKey, type TemplateParams } from './sms-templates.js';

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
  ) {}

  render(template: SmsTemplateKey, locale: string | null | undefined, params: TemplateParams): RenderedSms {
    return renderSms(template, this.locale(locale), { hotlineName: this.config.sms.hotlineName, ratingOptions: this.config.sms.ratingOptions, ...params }, this.config.timeZone);
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

  /** The registration SMS in every language: the call's single statement picks the caller's. */
  async registrationBodies(ticket: Ticket): Promise<Record<SmsLocale, ReturnType<SmsOutbox['columns']>>> {
    const department = (await this.directory.department(ticket.leadDepartmentId))?.name ?? null;
    const params: TemplateParams = { number: ticket.number, code: ticket.accessCode, department, due: ticket.dueAt };
    return Object.fromEntries(SMS_LOCALES.map((l) => [l, this.columns(this.render('registered', l, params))])) as Record<SmsLocale, ReturnType<SmsOutbox['columns']>>;
  }

  /** Tells the ticket's callers (its own and those of duplicates merged into it) what just happened. */
  async notifyCallers(m: EntityManager, ticket: Ticket, template: CallerNotice, extra: TemplateParams = {}): Promise<void> {
    const callers: { phone: string; locale: string | null }[] = await m.query(`SELECT phone, locale FROM caller WHERE id = ANY($1)`, [[ticket.callerId, ...ticket.linkedCallerIds]]);
    const department = (await this.directory.department(ticket.leadDepartmentId))?.name ?? null;
    const params: TemplateParams = { number: ticket.number, department, due: ticket.dueAt, result: ticket.resolution, ...extra };
    const byLocale = new Map<SmsLocale, RenderedSms>();
    const drafts = callers.map((c) => {
      const locale = this.locale(c.locale);
      if (!byLocale.has(locale)) byLocale.set(locale, this.render(template, locale, params));
      return { ticketId: ticket.id, to: c.phone, purpose: 'notification' as const, template, locale, sms: byLocale.get(locale)! };
    });
    await this.add(m, drafts);
  }
}
