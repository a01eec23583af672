import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Queue } from 'bullmq';
import { getDataSourceToken } from '@nestjs/typeorm';
import pg from 'pg';
import { pino } from 'pino';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import type { AuthUser } from '../../src/auth/auth.decorators.js';
import { tokenClaims } from '../../src/auth/auth.guard.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { QUEUES } from '../../src/queues/queue-names.js';
import { createQueueBackend, type QueueBackend } from '../../src/queues/queue-backend.js';
import type { Runtime } from '../../src/runtime.js';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  ds: DataSource;
  config: AppConfig;
  runtime: Runtime;
  tokenFor(user: AuthUser): string;
  close(): Promise<void>;
}

/** Printed when an app takes over 20 s to close: its active jobs and the database's busy sessions. */
async function reportStuckClose(databaseUrl: string, prefix: string, backend: QueueBackend): Promise<void> {
  const lines: string[] = [`app ${prefix} has not closed after 20 s`];
  for (const name of Object.values(QUEUES)) {
    const q = new Queue(name, { connection: backend.connection, prefix });
    try {
      for (const job of await q.getActive()) lines.push(`  active ${name} job ${job.id} (${job.name}) since ${new Date(job.processedOn ?? 0).toISOString()}: ${JSON.stringify(job.data)}`);
    } catch (err) {
      lines.push(`  ${name}: ${(err as Error).message}`);
    } finally {
      await q.close().catch(() => undefined);
    }
  }
  const db = new pg.Client({ connectionString: databaseUrl });
  try {
    await db.connect();
    const { rows } = await db.query(
      `SELECT pid, application_name, state, wait_event_type, wait_event, now() - xact_start AS in_xact, left(query, 160) AS query
       FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
    );
    for (const r of rows) lines.push(`  pg ${r.pid} ${r.application_name} ${r.state} ${r.wait_event_type ?? ''}/${r.wait_event ?? ''} ${r.in_xact ?? ''}: ${r.query}`);
  } catch (err) {
    lines.push(`  pg: ${(err as Error).message}`);
  } finally {
    await db.end().catch(() => undefined);
  }
  console.error(lines.join('\n'));
}

/**
 * The app as production builds it, on the database global-setup migrated: PostgreSQL and Redis
 * at 127.0.0.1, or (TEST_BACKEND=demo) the embedded PostgreSQL with BullMQ on PostgreSQL.
 * Each app gets its own queue prefix so suites never see each other's jobs.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const databaseUrl = process.env.HOTLINE_TEST_DATABASE_URL;
  if (!databaseUrl) throw new Error('HOTLINE_TEST_DATABASE_URL is not set: run the e2e suite through `npm test`');
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    ...(process.env.HOTLINE_TEST_REDIS_URL ? { REDIS_URL: process.env.HOTLINE_TEST_REDIS_URL } : {}),
    JWT_SECRET: 'test-secret-0123456789abcdef',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    QUEUE_PREFIX: `${process.env.HOTLINE_TEST_RUN ?? 't'}-${randomUUID().slice(0, 8)}`,
    ...env,
  });
  const logger = pino({ level: config.logLevel });
  const queue = await createQueueBackend({ redisUrl: config.redisUrl, databaseUrl, prefix: config.queuePrefix, logger });
  const runtime: Runtime = { config, logger, databaseUrl, queue };
  const app = await createApp(runtime);
  await app.init();
  // Fastify serves (and supertest can call) only once its plugins are loaded
  await (app.getHttpAdapter().getInstance() as { ready(): PromiseLike<unknown> }).ready();
  const jwt = app.get(JwtService);
  return {
    app,
    http: request(app.getHttpServer()),
    ds: app.get<DataSource>(getDataSourceToken()),
    config,
    runtime,
    tokenFor: (user) => jwt.sign(tokenClaims(user)),
    close: async () => {
      // a close that hangs (a job that never ends holds its worker open) says what it waits on
      const watchdog = setTimeout(() => void reportStuckClose(databaseUrl, config.queuePrefix, queue), 20_000);
      try {
        await app.close();
        await queue.close();
      } finally {
        clearTimeout(watchdog);
      }
    },
  };
}
