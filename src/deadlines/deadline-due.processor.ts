import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { LOGGER } from '../app.tokens.js';
import { QUEUES, WORKER_RETENTION } from '../queues/queue-names.js';
import { stopWorker } from '../queues/stop-worker.js';
import { DEADLINE_DUE_JOB, type DeadlineDuePayload } from './deadline-due.job.js';
import { DeadlineFirer } from './deadline-firer.js';
import { DeadlineScheduler } from './deadline-scheduler.js';

/** Provided only by the worker module: the API process can enqueue but never processes. */
// below the pool size (20): every job holds a connection for its transaction
@Processor(QUEUES.deadlines, { concurrency: 16, ...WORKER_RETENTION })
export class DeadlineDueProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly firer: DeadlineFirer,
    private readonly scheduler: DeadlineScheduler,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // connection loss or a job vanishing under the worker (queue data lost): the row in PostgreSQL
    // is still pending, so the reconciler fires it; log, do not crash
    this.worker.on('error', (err) => this.logger.warn({ err: err.message }, 'deadline worker error'));
  }
  /** First thing at shutdown, while the database is open: no new jobs, a bounded wait for the running ones. */
  onModuleDestroy(): Promise<void> {
    return stopWorker(this.worker, this.logger);
  }


  async process(job: Job<DeadlineDuePayload>): Promise<string> {
    if (job.name !== DEADLINE_DUE_JOB) return 'ignored';
    const data = job.data;
    // a wake-up fires everything due (a burst at 18:00 is a few set-based batches, not
    // thousands of transactions); then this job's own row, unless a batch already took it
    if (await this.firer.fireDueWith(data.deadlineId)) return 'skipped';
    const outcome = await this.firer.fire(data.deadlineId);
    if (typeof outcome === 'object') {
      // woke early (clock skew between hosts): arm a fresh job for the real time
      await this.scheduler.arm([{ id: data.deadlineId, dueAt: outcome.early, jobSuffix: `-r${outcome.early.getTime()}` }]);
      return 'rearmed';
    }
    return outcome;
  }
}
