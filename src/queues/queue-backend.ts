import { createPostgresBackend, runMigrations, setDefaultBackendFactory, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Logger } from 'pino';

export interface QueueBackend {
  kind: 'redis' | 'postgres';
  /** What BullMQ's `connection` option takes for this backend. */
  connection: ConnectionOptions;
  prefix: string;
  close(): Promise<void>;
}

/**
 * Production: BullMQ on Redis (ioredis). One-machine mode: BullMQ's PostgreSQL backend, made the
 * process-wide default so every Queue and Worker — @nestjs/bullmq's included — uses it, with its
 * schema migrated once here (concurrency-safe under BullMQ's advisory lock).
 */
export async function createQueueBackend(opts: { redisUrl?: string; databaseUrl: string; prefix: string; logger: Logger }): Promise<QueueBackend> {
  if (opts.redisUrl) {
    setDefaultBackendFactory(undefined);
    const redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
    redis.on('error', (err) => opts.logger.warn({ err: err.message }, 'redis connection error'));
    return {
      kind: 'redis',
      connection: redis as unknown as ConnectionOptions,
      prefix: opts.prefix,
      close: async () => {
        redis.disconnect();
      },
    };
  }
  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    await runMigrations(client);
  } finally {
    await client.end();
  }
  setDefaultBackendFactory(createPostgresBackend);
  return {
    kind: 'postgres',
    // a pool wait that cannot be met becomes an error (the job retries) instead of a job that never
    // ends and holds its worker open at shutdown; named so pg_stat_activity tells its sessions apart
    connection: { connectionString: opts.databaseUrl, max: 10, connectionTimeoutMillis: 10_000, application_name: 'hotline-bullmq' } as unknown as ConnectionOptions,
    prefix: opts.prefix,
    close: async () => undefined,
  };
}
