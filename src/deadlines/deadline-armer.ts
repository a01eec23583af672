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
 * outbox); this loop adds one delayed job per unarmed row, then marks the rows armed. A crash
 * between the two re-arms the same rows next time, harmlessly: the job id is deterministic.
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

  /**
   * Arms every unarmed pending row; returns how many. No row lock is held while the queue is
   * called (it may hang while Redis is down, and transitions must not wait on it): rows are read,
   * armed, then marked. Two workers may arm the same row at once, harmlessly — one job id.
   */
  async armPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const rows: { id: string; due_at: Date }[] = await this.ds.query(
        `SELECT id, due_at FROM deadline WHERE status = 'pending' AND NOT armed ORDER BY created_at LIMIT ${BATCH}`,
      );
      if (rows.length === 0) return total;
      if (!(await this.scheduler.arm(rows.map((r) => ({ id: r.id, dueAt: new Date(r.due_at) }))))) throw new Error('queue backend refused the jobs');
      await this.ds.query(`UPDATE deadline SET armed = true WHERE id = ANY($1) AND NOT armed`, [rows.map((r) => r.id)]);
      total += rows.length;
      if (rows.length < BATCH) return total;
    }
  }
}
