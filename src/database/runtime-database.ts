import type { Logger } from 'pino';
import type { AppConfig } from '../config/app-config.js';
import { createDataSource } from './data-source.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';

export interface RuntimeDatabase {
  url: string;
  embedded?: EmbeddedDatabase;
}

/** Production: DATABASE_URL as given. Demo: start (or reuse) the embedded cluster. */
export async function resolveDatabase(config: AppConfig, logger: Logger): Promise<RuntimeDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  const embedded = await startEmbeddedPostgres(config.dataDir, logger, config.embeddedPgPort);
  return { url: embedded.url, embedded };
}

/** Applies pending migrations; run by deploy steps and by the one-machine start. */
export async function runMigrations(url: string, logger: Logger): Promise<string[]> {
  const ds = createDataSource({ url, poolSize: 2, applicationName: 'hotline-migrate', withMigrations: true });
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    for (const m of applied) logger.info({ migration: m.name }, 'migration applied');
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
