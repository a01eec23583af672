import { createHmac } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DataSource } from 'typeorm';
import { SmsOutbox } from '../sms/sms-outbox.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Channel } from './alert-delivery.entity.js';

export interface AlertMessage {
  id: string;
  ticketId: string;
  kind: string;
  stage: string | null;
  level: number;
  ticketNumber: string;
  message: string;
  departmentId: string | null;
  createdAt: string;
}

const TIMEOUT_MS = 10_000;

/**
 * Signs a webhook body the way receivers can check without our code: HMAC-SHA256 over
 * `<timestamp>.<body>` with the shared secret, hex, in `X-Hotline-Signature: sha256=<hex>`.
 * The timestamp (seconds) travels in `X-Hotline-Timestamp` so old requests can be refused.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Sends one alert over one channel; throws with a readable reason when it did not go out. */
@Injectable()
export class AlertTransports implements OnModuleDestroy {
  private mailer?: Transporter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly sms: SmsOutbox,
  ) {}

  onModuleDestroy(): void {
    this.mailer?.close();
  }

  async send(channel: Channel, target: string, alert: AlertMessage): Promise<void> {
    if (channel === 'webhook') return this.webhook(target, alert);
    if (channel === 'email') return this.email(target, alert);
    return this.textMessage(target, alert);
  }

  /** Into the SMS outbox, which sends it once and tracks its delivery like any SMS (and shows it in the sandbox). */
  private async textMessage(phone: string, alert: AlertMessage): Promise<void> {
    const sms = this.sms.render('alert', null, { number: alert.ticketNumber, alertText: alert.message });
    await this.sms.add(this.ds.manager, [{ ticketId: alert.ticketId, to: phone, purpose: 'alert', template: 'alert', locale: this.sms.locale(null), sms }]);
  }

  private async webhook(url: string, alert: AlertMessage): Promise<void> {
    const body = JSON.stringify({ type: 'alert', alert });
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'hotline-alerts/1',
        'x-hotline-timestamp': String(timestamp),
        'x-hotline-signature': signWebhook(this.config.alertWebhookSecret ?? '', timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  }

  private async email(to: string, alert: AlertMessage): Promise<void> {
    this.mailer ??= nodemailer.createTransport({ url: this.config.smtpUrl!, connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS } as never);
    await this.mailer.sendMail({
      from: this.config.mailFrom,
      to,
      subject: `[12345] ${alert.kind === 'warning' ? 'Deadline near' : alert.kind === 'routing_dispute' ? 'Routing dispute' : 'Overdue'}: ticket ${alert.ticketNumber}`,
      text: `${alert.message}\n\nTicket: ${alert.ticketNumber}\nAlert: ${alert.kind}${alert.stage ? `, stage ${alert.stage}` : ''}, level ${alert.level}\nRaised: ${alert.createdAt}\n`,
    });
  }
}
