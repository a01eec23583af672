import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { LOGGER } from '../app.tokens.js';
import { QUEUES } from '../queues/queue-names.js';
import { DEADLINE_DUE_JOB, deadlineJobId, type DeadlineDuePayload } from './deadline-due.job.js';

export interface ArmableDeadline {
  id: string;
  dueAt: Date;
  /** Distinguishes a re-arm from the job that is running right now (same row, new job). */
  jobSuffix?: string;
}

/**
 * One delayed job per deadline row. Callers arm rows that are committed; a failure (queue backend
 * down) is reported, not thrown: the row stays unarmed and the armer or the reconciler retries.
 */
@Injectable()
export class DeadlineScheduler {
  constructor(
    @InjectQueue(QUEUES.deadlines) private readonly queue: Queue<DeadlineDuePayload>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * One delayed job per row. BullMQ schedules a job at its `timestamp` plus its `delay`, and stamps
   * the job when it builds it, not when the delay was computed: the job carries `now` as its
   * timestamp, so it falls due at the row's instant however long the batch took to get here.
   */
  async arm(rows: ArmableDeadline[], now = Date.now()): Promise<boolean> {
    if (rows.length === 0) return true;
    try {
      await this.queue.addBulk(
        rows.map((r) => ({
          name: DEADLINE_DUE_JOB,
          data: { deadlineId: r.id },
          opts: { jobId: deadlineJobId(r.id) + (r.jobSuffix ?? ''), delay: Math.max(0, r.dueAt.getTime() - now), timestamp: now },
        })),
      );
      return true;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, count: rows.length }, 'could not arm deadline timers; the reconciler will catch up');
      return false;
    }
  }
}
