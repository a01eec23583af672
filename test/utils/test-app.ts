import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { getDataSourceToken } from '@nestjs/typeorm';
import { pino } from 'pino';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import type { AuthUser } from '../../src/auth/auth.decorators.js';
import { tokenClaims } from '../../src/auth/auth.guard.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { createQueueBackend } from '../../src/queues/queue-backend.js';
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
      await app.close();
      await queue.close();
    },
  };
}
