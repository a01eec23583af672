import type { DefaultJobOptions } from 'bullmq';

/** Every queue, named once. Plural nouns; job names are kebab-case inside them. */
export const QUEUES = {
  deadlines: 'deadlines',
  sms: 'sms',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Default job options, in one place: retries with exponential backoff. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
};

/**
 * Retention is set on the workers, not copied into every job: a pending deadline's job hash stays
 * under Redis's listpack limits (bench:timers measured ~1 KiB per job with it, less without).
 */
export const WORKER_RETENTION = {
  removeOnComplete: { count: 1_000 },
  removeOnFail: { count: 10_000 },
};
