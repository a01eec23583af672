// Prepares the database the e2e suite runs on, once per run, with the migrations as built
// (dist/), exactly as a deployment applies them: never synchronize.
//   TEST_BACKEND=production (default): PostgreSQL and Redis at 127.0.0.1 (TEST_DATABASE_URL, TEST_REDIS_URL)
//   TEST_BACKEND=demo: an embedded PostgreSQL in a temporary folder, BullMQ on PostgreSQL
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';

const logger = pino({ level: 'warn' });

export default async function globalSetup() {
  const { runMigrations } = await import('../dist/database/runtime-database.js');
  const backend = process.env.TEST_BACKEND ?? 'production';
  if (backend === 'demo') {
    const { startEmbeddedPostgres } = await import('../dist/database/embedded-postgres.js');
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hotline-e2e-'));
    const db = await startEmbeddedPostgres(dir, logger);
    globalThis.__HOTLINE_EMBEDDED__ = { db, dir };
    process.env.HOTLINE_TEST_DATABASE_URL = db.url;
    delete process.env.HOTLINE_TEST_REDIS_URL;
  } else {
    const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotline_test';
    const target = new URL(url);
    const dbName = target.pathname.slice(1);
    const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${dbName}"`);
    await admin.end();
    process.env.HOTLINE_TEST_DATABASE_URL = url;
    process.env.HOTLINE_TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  }
  await runMigrations(process.env.HOTLINE_TEST_DATABASE_URL, logger);
  process.env.HOTLINE_TEST_RUN = `t${Date.now().toString(36)}`;
}
