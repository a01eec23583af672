import type { DefaultJobOptions } from 'bullmq';

/** Every queue, named once. Plural nouns; job names are kebab-case inside them. */
export const QUEUES = {
  deadlines: 'deadlines',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Default job options, in one place: bounded retention, retries with exponential backoff. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { count: 1_000 },
  removeOnFail: { count: 10_000 },
};
