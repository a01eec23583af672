import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { SmsLocale } from '../sms/sms-parser.js';
import type { RenderedSms, SmsTemplateKey } from '../sms/sms-templates.js';

export interface CallerEmailDraft {
  ticketId: string;
  to: string;
  template: SmsTemplateKey;
  locale: SmsLocale;
  number: string;
  /** The SMS text of the same notice, rendered without the rating question (nobody reads replies). */
  sms: RenderedSms;
}

const SUBJECTS: Record<SmsLocale, Partial<Record<SmsTemplateKey, string>>> = {
  'zh-CN': { registered: '已登记', accepted: '已受理', extended: '办理时限延长', resolved: '已办结', reopened: '重新办理' },
  en: { registered: 'registered', accepted: 'accepted', extended: 'deadline extended', resolved: 'resolved', reopened: 'reopened' },
};

const FOOTER: Record<SmsLocale, string> = {
  'zh-CN': '\n\n（本邮件由系统发送，请勿回复。）',
  en: '\n\n(This message is sent automatically; replies are not read.)',
};

export function emailSubject(template: SmsTemplateKey, locale: SmsLocale, number: string, hotlineName: string): string {
  const what = SUBJECTS[locale][template] ?? '';
  return locale === 'zh-CN' ? `【${hotlineName}】工单${number}${what}` : `[${hotlineName}] Ticket ${number}${what ? ` ${what}` : ''}`;
}

export function emailBody(sms: RenderedSms, locale: SmsLocale): string {
  return `${sms.body}${FOOTER[locale]}`;
}

/** Queues rendered notices in the caller's transaction: they go out only if it commits. */
export async function queueCallerEmails(m: EntityManager, drafts: CallerEmailDraft[], hotlineName: string): Promise<void> {
  if (drafts.length === 0) return;
  await m.query(
    `INSERT INTO caller_email (id, ticket_id, to_email, template, subject, body)
     SELECT id, ticket_id, to_email, template, subject, body
     FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, ticket_id uuid, to_email text, template text, subject text, body text)`,
    [
      JSON.stringify(
        drafts.map((d) => ({
          id: randomUUID(),
          ticket_id: d.ticketId,
          to_email: d.to,
          template: d.template,
          subject: emailSubject(d.template, d.locale, d.number, hotlineName),
          body: emailBody(d.sms, d.locale),
        })),
      ),
    ],
  );
}
