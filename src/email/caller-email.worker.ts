import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { LOGGER } from '../app.tokens.js';
import { backoffMs, MAX_ATTEMPTS } from '../alerts/alert-delivery.worker.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PollingLoop } from '../common/polling-loop.js';
import { DirectoryService } from '../directory/directory.service.js';
import { SmsOutbox, type DeferredParams } from '../sms/sms-outbox.js';
import type { SmsTemplateKey } from '../sms/sms-templates.js';
import { emailBody, emailSubject } from './caller-email.js';

const BATCH = 20;
const LEASE = '2 minutes';
const TIMEOUT_MS = 10_000;

interface Claimed {
  id: string;
  to_email: string;
  template: SmsTemplateKey;
  params: DeferredParams | null;
  subject: string | null;
  body: string | null;
  attempts: number;
  locale: string | null;
}

/**
 * Sends callers' e-mails over SMTP_URL: claimed in batches with a lease (a crashed worker's
 * claims come back by themselves), sent outside any transaction, retried with the alerts' backoff.
 * Without SMTP_URL they are marked skipped, so the ticket page says why nothing was sent.
 */
@Injectable()
export class CallerEmailWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: PollingLoop;
  private mailer?: Transporter;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: SmsOutbox,
    private readonly directory: DirectoryService,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.loop = new PollingLoop('caller e-mail', () => this.sendDue(), config.deliveryPollMs, logger);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
    this.mailer?.close();
  }

  async sendDue(): Promise<number> {
    const claimed: Claimed[] = await this.ds
      .query(
        `UPDATE caller_email e SET next_attempt_at = now() + interval '${LEASE}', attempts = e.attempts + 1
         WHERE e.id IN (SELECT id FROM caller_email c WHERE status = 'pending' AND next_attempt_at <= now()
                          -- a ticket's e-mails go in the order they were written: a later one waits for an earlier one still pending
                          AND NOT EXISTS (SELECT 1 FROM caller_email p WHERE p.ticket_id = c.ticket_id AND p.to_email = c.to_email AND p.status = 'pending' AND p.created_at < c.created_at)
                        ORDER BY next_attempt_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         RETURNING e.id, e.to_email, e.template, e.params, e.subject, e.body, e.attempts,
                   (SELECT c.locale FROM ticket t JOIN caller c ON c.id = t.caller_id WHERE t.id = e.ticket_id) AS locale`,
      )
      .then((r: unknown[]) => (Array.isArray(r[0]) ? r[0] : r) as Claimed[]);
    await Promise.all(claimed.map((e) => this.send(e)));
    return claimed.length;
  }

  private async send(e: Claimed): Promise<void> {
    try {
      const { subject, body } = e.body !== null && e.subject !== null ? { subject: e.subject, body: e.body } : await this.write(e);
      if (!this.config.smtpUrl) {
        await this.ds.query(`UPDATE caller_email SET status = 'skipped', subject = $2, body = $3, last_error = 'SMTP_URL is not set' WHERE id = $1`, [e.id, subject, body]);
        return;
      }
      this.mailer ??= nodemailer.createTransport({ url: this.config.smtpUrl, connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS } as never);
      await this.mailer.sendMail({ from: this.config.mailFrom, to: e.to_email, subject, text: body });
      await this.ds.query(`UPDATE caller_email SET status = 'sent', sent_at = now(), subject = $2, body = $3, last_error = NULL WHERE id = $1`, [e.id, subject, body]);
    } catch (err) {
      const reason = (err as Error).message.slice(0, 500);
      const failed = e.attempts >= MAX_ATTEMPTS;
      await this.ds.query(`UPDATE caller_email SET status = $2, last_error = $3, next_attempt_at = $4 WHERE id = $1`, [
        e.id,
        failed ? 'failed' : 'pending',
        reason,
        new Date(Date.now() + backoffMs(e.attempts, this.config.alertRetryBaseMs)),
      ]);
      this.logger.warn({ attempts: e.attempts, failed, err: reason }, 'caller e-mail failed');
    }
  }

  /** A registration e-mail, queued as template + parameters by the call's one statement. */
  private async write(e: Claimed): Promise<{ subject: string; body: string }> {
    const p = e.params!;
    const locale = this.outbox.locale(e.locale);
    const department = (await this.directory.department(p.departmentId ?? null))?.name ?? null;
    const sms = this.outbox.render(e.template, locale, { ...p, department, due: p.due ? new Date(p.due) : null, ratingOptions: [] });
    return { subject: emailSubject(e.template, locale, p.number, this.config.sms.hotlineName), body: emailBody(sms, locale) };
  }
}
