import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { LOGGER } from '../app.tokens.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { QUEUES } from '../queues/queue-names.js';
import { EPOCH_MARKER_ID, EPOCH_MARKER_JOB } from './deadline-due.job.js';
import { DeadlineFirer } from './deadline-firer.js';
import { DeadlineScheduler } from './deadline-scheduler.js';

const REARM_BATCH = 2_000;
/** Bulk adds in flight during a re-arm: the queue and PostgreSQL work at the same time. */
const REARM_PARALLEL = 3;
/** A pending row this far past due has lost its job (crashed enqueue, lost queue data). */
const OVERDUE_GRACE_MS = 2_000;
const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

export interface SweepResult {
  rearmed: number;
  fired: number;
  queueDataLost: boolean;
}

/**
 * The safety net under the timers. At start-up and every RECONCILE_INTERVAL_MS it (1) notices
 * that the queue backend lost its data — a long-delayed marker job is gone — and re-arms every
 * pending row from PostgreSQL, and (2) fires pending rows already past due, whose job was lost.
 * Any number of workers may sweep at once: arming is idempotent by job id, firing by row lock.
 */
@Injectable()
export class DeadlineReconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<SweepResult>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @InjectQueue(QUEUES.deadlines) private readonly queue: Queue,
    private readonly scheduler: DeadlineScheduler,
    private readonly firer: DeadlineFirer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.config.reconcileIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One sweep; concurrent calls in one process share it. */
  sweep(): Promise<SweepResult> {
    this.running ??= this.doSweep()
      .catch((err) => {
        this.logger.warn({ err: (err as Error).message }, 'deadline sweep failed; retrying next interval');
        return { rearmed: 0, fired: 0, queueDataLost: false };
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async doSweep(): Promise<SweepResult> {
    const queueDataLost = !(await this.queue.getJob(EPOCH_MARKER_ID));
    let rearmed = 0;
    if (queueDataLost) {
      rearmed = await this.rearmAll();
      await this.queue.add(EPOCH_MARKER_JOB, {}, { jobId: EPOCH_MARKER_ID, delay: TEN_YEARS_MS, removeOnComplete: true });
      this.logger.warn({ rearmed }, 'queue had no deadline timers (first start or lost data): re-armed every pending deadline');
    }
    const fired = await this.fireOverdue();
    if (fired > 0) this.logger.warn({ fired }, 'fired overdue deadlines whose timers were lost');
    return { rearmed, fired, queueDataLost };
  }

  /**
   * Streams pending rows soonest first — what is due in the next minutes is back in the queue
   * within the first batches — and keeps a few bulk adds in flight while the next page is read.
   */
  async rearmAll(): Promise<number> {
    let after: { dueAt: Date; id: string } = { dueAt: new Date(0), id: '00000000-0000-0000-0000-000000000000' };
    let total = 0;
    const inFlight: Promise<void>[] = [];
    for (;;) {
      const rows: { id: string; due_at: Date; armed: boolean }[] = await this.ds.query(
        `SELECT id, due_at, armed FROM deadline WHERE status = 'pending' AND (due_at, id) > ($1::timestamptz, $2::uuid) ORDER BY due_at, id LIMIT ${REARM_BATCH}`,
        [after.dueAt, after.id],
      );
      if (rows.length === 0) break;
      inFlight.push(this.armBatch(rows));
      if (inFlight.length >= REARM_PARALLEL) await inFlight.shift();
      total += rows.length;
      const last = rows[rows.length - 1];
      after = { dueAt: new Date(last.due_at), id: last.id };
    }
    await Promise.all(inFlight);
    return total;
  }

  private async armBatch(rows: { id: string; due_at: Date; armed: boolean }[]): Promise<void> {
    const ok = await this.scheduler.arm(rows.map((r) => ({ id: r.id, dueAt: new Date(r.due_at) })));
    if (!ok) throw new Error('queue backend refused the re-arm');
    const unarmed = rows.filter((r) => !r.armed).map((r) => r.id);
    if (unarmed.length) await this.ds.query(`UPDATE deadline SET armed = true WHERE id = ANY($1) AND NOT armed`, [unarmed]);
  }

  /** Rows past due whose job was lost: fired in batches, as the processor does. */
  private async fireOverdue(): Promise<number> {
    let fired = 0;
    for (;;) {
      const [{ due }] = await this.ds.query(`SELECT EXISTS (SELECT 1 FROM deadline WHERE status = 'pending' AND due_at < $1) AS due`, [new Date(Date.now() - OVERDUE_GRACE_MS)]);
      if (!due) return fired;
      const n = await this.firer.fireDue();
      fired += n;
      if (n === 0) return fired; // the rest is locked by someone else firing them right now
    }
  }
}
