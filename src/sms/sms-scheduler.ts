import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { LOGGER } from '../app.tokens.js';
import { QUEUES } from '../queues/queue-names.js';
import { SMS_SEND_JOB, smsJobId, type SmsSendPayload } from './sms-send.job.js';

export interface SendWake {
  id: string;
  at: Date;
  /** Which attempt (or sweep) this wake-up is for: part of the job id. */
  tag: number | string;
}

/** Adds send jobs; a failure (queue down) is reported, not thrown: the armer's sweep retries. */
@Injectable()
export class SmsScheduler {
  constructor(
    @InjectQueue(QUEUES.sms) private readonly queue: Queue<SmsSendPayload>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Each job carries `now` as its timestamp: BullMQ counts the delay from it (see DeadlineScheduler.arm). */
  async wake(rows: SendWake[], now = Date.now()): Promise<boolean> {
    if (rows.length === 0) return true;
    try {
      await this.queue.addBulk(
        rows.map((r) => ({ name: SMS_SEND_JOB, data: { messageId: r.id }, opts: { jobId: smsJobId(r.id, r.tag), delay: Math.max(0, r.at.getTime() - now), timestamp: now, attempts: 3 } })),
      );
      return true;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, count: rows.length }, 'could not queue SMS sends; the sweep will catch up');
      return false;
    }
  }
}
