import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { LOGGER } from '../app.tokens.js';
import { QUEUES, WORKER_RETENTION } from '../queues/queue-names.js';
import { stopWorker } from '../queues/stop-worker.js';
import { SMS_SEND_JOB, type SmsSendPayload } from './sms-send.job.js';
import { SmsSender } from './sms-sender.js';

/** Provided only by the worker module. Twilio's API is the slow part: many sends in flight, few connections each. */
@Processor(QUEUES.sms, { concurrency: 8, ...WORKER_RETENTION })
export class SmsSendProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly sender: SmsSender,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.on('error', (err) => this.logger.warn({ err: err.message }, 'sms worker error'));
  }
  /** First thing at shutdown, while the database is open: no new jobs, a bounded wait for the running ones. */
  onModuleDestroy(): Promise<void> {
    return stopWorker(this.worker, this.logger);
  }


  async process(job: Job<SmsSendPayload>): Promise<string> {
    if (job.name !== SMS_SEND_JOB) return 'ignored';
    return this.sender.send(job.data.messageId);
  }
}
