// The production shape: `node dist/worker.js` as its own process. Killing it (SIGKILL, mid-burst)
// loses no deadline and duplicates no alert: another worker picks up what was in flight.
import { jest } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorld, logComplaint } from './factories/world.js';
import { startTestApp, type TestApp } from './utils/test-app.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// the test's own limits (20 s for the first worker to get going, 30 s for the second to finish)
// are its assertions; Jest's default 30 s for the whole test was shorter than they are, and on a
// loaded CI machine (the one-machine run: BullMQ on the same PostgreSQL as every other suite) it
// cut the test off while the second worker was still within its time
jest.setTimeout(90_000);

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp(); // API only: the workers are child processes
});
afterAll(async () => {
  await t?.close();
});

function startWorker(prefix: string): { child: ChildProcess; output: () => string } {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    DATABASE_URL: process.env.HOTLINE_TEST_DATABASE_URL,
    ...(process.env.HOTLINE_TEST_REDIS_URL ? { REDIS_URL: process.env.HOTLINE_TEST_REDIS_URL } : {}),
    JWT_SECRET: 'test-secret-0123456789abcdef',
    QUEUE_PREFIX: prefix,
    RECONCILE_INTERVAL_MS: '500',
    ARM_INTERVAL_MS: '100',
    LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, ['dist/worker.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

/** Fired rows and alerts; the alert's unique key makes a second alert for a row impossible, so equal counts are the check. */
async function counts(ids: string[]): Promise<{ fired: number; alerts: number }> {
  const [row] = await t.ds.query(
    `SELECT (SELECT count(*)::int FROM deadline WHERE id = ANY($1) AND status = 'fired') AS fired,
            (SELECT count(*)::int FROM alert WHERE deadline_id = ANY($1)) AS alerts`,
    [ids],
  );
  return row;
}

describe('a worker killed mid-burst', () => {
  it('loses nothing and alerts each deadline once after another worker takes over', async () => {
    const w = await createWorld(t);
    const { ticket } = await logComplaint(t, w);
    const prefix = `${t.config.queuePrefix}-crash`;
    // 600 deadlines coming due over four seconds: the worker is busy with them when it dies
    const start = Date.now() + 3_000;
    const ids = Array.from({ length: 600 }, () => randomUUID());
    await t.ds.query(
      `INSERT INTO deadline (id, ticket_id, stage, kind, level, seq, due_at, stage_due_at)
       SELECT id, $2, 'resolve', 'warning', 0, 0, to_timestamp(($3::bigint + n * 7) / 1000.0), to_timestamp(($3::bigint + n * 7) / 1000.0)
       FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, n)`,
      [ids, ticket.id, start],
    );
    const first = startWorker(prefix);
    try {
      // wait until the burst is being processed, then pull the plug
      const until = Date.now() + 20_000;
      let c = await counts(ids);
      while (c.fired < 20 && Date.now() < until) {
        await sleep(20);
        c = await counts(ids);
      }
      if (c.fired < 20) throw new Error(`the worker fired ${c.fired} in 20 s; its output:\n${first.output()}`);
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));
      const atKill = await counts(ids);
      expect(atKill.fired).toBeLessThan(ids.length); // it really died mid-burst
    } finally {
      if (first.child.exitCode === null) first.child.kill('SIGKILL');
    }
    const second = startWorker(prefix);
    try {
      const until = Date.now() + 30_000;
      let c = await counts(ids);
      while (c.fired < ids.length && Date.now() < until) {
        await sleep(200);
        c = await counts(ids);
      }
      expect(c).toEqual({ fired: ids.length, alerts: ids.length });
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }
  });
});
