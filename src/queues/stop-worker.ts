import type { Worker } from 'bullmq';
import type { Logger } from 'pino';

/** How long shutdown waits for a worker's jobs in progress before it closes the worker anyway. */
export const WORKER_DRAIN_MS = 10_000;

/**
 * Stops a processor's worker at the start of shutdown, while the database is still open: it takes
 * no new job, the jobs in progress get WORKER_DRAIN_MS to finish, then the worker closes whatever
 * they are doing. A job cut off is retried (its lock lapses; the deadline reconciler and the SMS
 * claim make a second run harmless). Without the bound, one job that never ended held the whole
 * process open: @nestjs/bullmq's own close waits for active jobs with no limit, and the CI run
 * that timed out was waiting on exactly that.
 */
export async function stopWorker(worker: Worker, logger: Logger, drainMs = WORKER_DRAIN_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    worker.pause().then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), drainMs))),
  ]);
  clearTimeout(timer);
  if (!drained) logger.warn({ queue: worker.name, drainMs }, 'jobs still running at shutdown; closing the worker without them (they will be retried)');
  // forced: the jobs are done or given up on; a second close (@nestjs/bullmq's) returns this one
  await worker.close(true);
}
