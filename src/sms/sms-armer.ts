import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { LOGGER } from '../app.tokens.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PollingLoop } from '../common/polling-loop.js';
import { SMS_CLAIM_LEASE_MS } from './sms-sender.js';
import { SmsOutbox } from './sms-outbox.js';
import { SmsScheduler } from './sms-scheduler.js';

const BATCH = 1_000;
/** A row this late past its attempt time lost its job (Redis data lost, a failed enqueue, a crash mid-send). */
const OVERDUE_MS = 30_000;

/**
 * The outbox's two loops: give committed rows their send job (fast, like deadline arming), and
 * periodically wake rows whose job was lost. Waking a row twice is harmless: the sender claims it.
 */
@Injectable()
export class SmsArmer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly arming: PollingLoop;
  private readonly sweeping: PollingLoop;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly scheduler: SmsScheduler,
    private readonly outbox: SmsOutbox,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.arming = new PollingLoop('queueing SMS sends', () => this.armNew(), config.sms.pollMs, logger);
    this.sweeping = new PollingLoop('re-queueing lost SMS sends', () => this.wakeLost(), config.reconcileIntervalMs, logger);
  }

  onApplicationBootstrap(): void {
    this.arming.start();
    this.sweeping.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.arming.stop(), this.sweeping.stop()]);
  }

  async armNew(): Promise<number> {
    let total = 0;
    for (;;) {
      // deferred messages get their words first: a job is only added for a row that has them (two
      // workers writing the same row write the same words, so no lock is needed)
      await this.outbox.renderDeferred(this.ds.manager, BATCH);
      const rows: { id: string; next_attempt_at: Date }[] = await this.ds.query(
        `SELECT id, next_attempt_at FROM sms_message WHERE status = 'queued' AND NOT armed AND body IS NOT NULL ORDER BY created_at LIMIT ${BATCH}`,
      );
      if (rows.length === 0) return total;
      if (!(await this.scheduler.wake(rows.map((r) => ({ id: r.id, at: new Date(r.next_attempt_at), tag: 0 }))))) throw new Error('queue backend refused the jobs');
      await this.ds.query(`UPDATE sms_message SET armed = true WHERE id = ANY($1)`, [rows.map((r) => r.id)]);
      total += rows.length;
      if (rows.length < BATCH) return total;
    }
  }

  async wakeLost(): Promise<number> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM sms_message
       WHERE status IN ('queued', 'retrying', 'sending') AND armed AND next_attempt_at < now() - interval '${OVERDUE_MS / 1000} seconds'
         AND (status <> 'sending' OR claimed_at < now() - interval '${SMS_CLAIM_LEASE_MS / 1000} seconds')
       ORDER BY next_attempt_at LIMIT ${BATCH}`,
    );
    const sweep = `s${Math.floor(Date.now() / 1000)}`;
    await this.scheduler.wake(rows.map((r) => ({ id: r.id, at: new Date(), tag: sweep })));
    return rows.length;
  }
}
