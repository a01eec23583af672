import type { Logger } from 'pino';
import type { AppConfig } from './config/app-config.js';
import type { EmbeddedDatabase } from './database/embedded-postgres.js';
import { resolveDatabase, runMigrations } from './database/runtime-database.js';
import { createQueueBackend, type QueueBackend } from './queues/queue-backend.js';
import { seedDemo } from './seed/demo-seed.js';

/** What a process needs before Nest starts: a database that is migrated, and a queue backend. */
export interface Runtime {
  config: AppConfig;
  logger: Logger;
  databaseUrl: string;
  queue: QueueBackend;
  embedded?: EmbeddedDatabase;
}

export async function prepareRuntime(config: AppConfig, logger: Logger): Promise<Runtime> {
  const db = await resolveDatabase(config, logger);
  try {
    if (config.migrateOnStart) await runMigrations(db.url, logger);
    if (config.seedDemo) await seedDemo(db.url, config);
    const queue = await createQueueBackend({ redisUrl: config.redisUrl, databaseUrl: db.url, prefix: config.queuePrefix, logger });
    logger.info({ mode: config.mode, queueBackend: queue.kind }, 'runtime ready');
    return { config, logger, databaseUrl: db.url, queue, embedded: db.embedded };
  } catch (err) {
    await db.embedded?.stop();
    throw err;
  }
}

export async function releaseRuntime(runtime: Runtime): Promise<void> {
  await runtime.queue.close();
  await runtime.embedded?.stop();
}
