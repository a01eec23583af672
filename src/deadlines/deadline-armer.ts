import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { LOGGER } from '../app.tokens.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PollingLoop } from '../common/polling-loop.js';
import { DeadlineScheduler } from './deadline-scheduler.js';

const BATCH = 2_000;

/**
 * Gives committed deadline rows their timer jobs. Requests write rows only (the table is the
 * outbox); this loop claims unarmed rows with SKIP LOCKED — so several workers share the work —
 * adds one delayed job per row and marks them armed in the same transaction. A crash between
 * the two re-arms the same rows next time, harmlessly: the job id is deterministic.
 */
@Injectable()
export class DeadlineArmer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: PollingLoop;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly scheduler: DeadlineScheduler,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.loop = new PollingLoop('arming deadline timers', () => this.armPending(), config.armIntervalMs, logger);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** Arms every unarmed pending row; returns how many. */
  async armPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const armed = await this.ds.transaction(async (m) => {
        const rows: { id: string; due_at: Date }[] = await m.query(
          `SELECT id, due_at FROM deadline WHERE status = 'pending' AND NOT armed ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        );
        if (rows.length === 0) return 0;
        if (!(await this.scheduler.arm(rows.map((r) => ({ id: r.id, dueAt: new Date(r.due_at) }))))) throw new Error('queue backend refused the jobs');
        await m.query(`UPDATE deadline SET armed = true WHERE id = ANY($1)`, [rows.map((r) => r.id)]);
        return rows.length;
      });
      total += armed;
      if (armed < BATCH) return total;
    }
  }
}
