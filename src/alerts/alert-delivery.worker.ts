import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { LOGGER } from '../app.tokens.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PollingLoop } from '../common/polling-loop.js';
import { AlertTransports, type AlertMessage } from './alert-transports.js';
import type { Channel } from './alert-delivery.entity.js';

const BATCH = 20;
const LEASE = '2 minutes';
export const MAX_ATTEMPTS = 8;

/** base, 2×base, 4×base … (5 s, 10 s, 20 s by default), capped at an hour. */
export const backoffMs = (attempts: number, baseMs: number) => Math.min(3_600_000, baseMs * 2 ** Math.max(0, attempts - 1));

interface Claimed {
  id: string;
  channel: Channel;
  target: string;
  attempts: number;
  alert: AlertMessage;
}

/**
 * Sends pending deliveries. A batch is claimed by pushing its next attempt two minutes out (a
 * lease: a crashed worker's claims come back by themselves), sent outside any transaction, then
 * marked sent, or rescheduled with backoff, or failed after MAX_ATTEMPTS.
 */
@Injectable()
export class AlertDeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: PollingLoop;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly transports: AlertTransports,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.loop = new PollingLoop('alert delivery', () => this.deliverDue(), config.deliveryPollMs, logger);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  async deliverDue(): Promise<number> {
    const claimed: Claimed[] = await this.ds.query(
      `UPDATE alert_delivery d SET next_attempt_at = now() + interval '${LEASE}', attempts = d.attempts + 1
       FROM alert a JOIN ticket t ON t.id = a.ticket_id
       WHERE d.id IN (SELECT id FROM alert_delivery WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         AND a.id = d.alert_id
       RETURNING d.id, d.channel, d.target, d.attempts,
         json_build_object('id', a.id, 'ticketId', a.ticket_id, 'kind', a.kind, 'stage', a.stage, 'level', a.level, 'ticketNumber', t.number, 'message', a.message,
                           'departmentId', a.department_id, 'createdAt', a.created_at) AS alert`,
    ).then((r: unknown[]) => (Array.isArray(r[0]) ? r[0] : r) as Claimed[]);
    await Promise.all(claimed.map((d) => this.deliver(d)));
    return claimed.length;
  }

  private async deliver(d: Claimed): Promise<void> {
    try {
      await this.transports.send(d.channel, d.target, d.alert);
      await this.ds.query(`UPDATE alert_delivery SET status = 'sent', sent_at = now(), last_error = NULL WHERE id = $1`, [d.id]);
    } catch (err) {
      const reason = (err as Error).message.slice(0, 500);
      const failed = d.attempts >= MAX_ATTEMPTS;
      await this.ds.query(`UPDATE alert_delivery SET status = $2, last_error = $3, next_attempt_at = $4 WHERE id = $1`, [
        d.id,
        failed ? 'failed' : 'pending',
        reason,
        new Date(Date.now() + backoffMs(d.attempts, this.config.alertRetryBaseMs)),
      ]);
      this.logger.warn({ channel: d.channel, attempts: d.attempts, failed, err: reason }, 'alert delivery failed');
    }
  }
}
