// `npm run bench:timers`: the deadline timers end to end (production mode: PostgreSQL + BullMQ on
// Redis), with the real worker process(es) (`node dist/worker.js`), for each size N of pending
// deadlines; then the same figures for bare BullMQ jobs with a no-op processor (in this process) as
// the floor. Per size:
//
//   arming      N pending rows due in 1–30 days are committed at once; time until the armer has
//               given every one its delayed job (no unarmed row left)
//   bytes       Redis used_memory after − before arming, ÷ N (cross-check: MEMORY USAGE of sampled
//               job hashes + the delayed zset ÷ N)
//   lateness    BENCH_LATENESS_COUNT rows due at random instants over BENCH_LATENESS_WINDOW_S,
//               while the N sit in the queue; lateness = fired_at − due_at (floor: processedOn −
//               (timestamp + delay)); once with Redis `hz 10` and once with `hz 100`
//   burst       BENCH_BURST rows due at one instant (armed beforehand, at hz 100): time from that
//               instant until every alert row is committed (floor: every job completed)
//   re-arm      FLUSHDB (Redis lost its data): time until the reconciler has re-armed every pending
//               row and put its epoch marker back (floor: addBulk of N jobs again)
//
//   BENCH_DATABASE_URL   postgres://postgres@127.0.0.1:5432/hotline_timers_bench (dropped and re-created)
//   BENCH_REDIS_URL      redis://127.0.0.1:6379/9: a dedicated logical DB (not 0), FLUSHDB'd; other DBs untouched
//   BENCH_SIZES          pending deadlines per run, comma-separated (default 100000,1000000)
//   BENCH_WORKERS        worker processes (default 1)
//   BENCH_LATENESS_COUNT / BENCH_LATENESS_WINDOW_S   default 5000 over 20 s, starting 5 s ahead
//   BENCH_BURST          deadlines due at the same instant (default 10000)
//   BENCH_RECONCILE_MS   the worker's RECONCILE_INTERVAL_MS (default 1000)
//   BENCH_ARM_INTERVAL_MS  the worker's ARM_INTERVAL_MS (default: the worker's own, 200)
//   BENCH_FLOOR          0 skips the bare-BullMQ floor
//   BENCH_TIMEOUT_S      overall time limit (default 1800)
//   BENCH_SERVER_NODE_ARGS  extra node flags for the worker(s), e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
//
// Redis `hz` is changed for the lateness runs and restored at exit. Last line:
// `bench:timers lateness_p99_ms=<n> burst10k_s=<n> bytes_per_deadline=<n> rearm_1m_s=<n>`.
// Exit code 0, or 1 when a phase fails or times out, a worker dies, or the time limit is exceeded.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { cpuDelta, fmt, intEnv, keepLines, note, recreateDatabase, percentiles, procTicks, serverNodeArgs, startProgress, stopProgress, table, tailShape, takeCpuSnapshot } from './bench-utils.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------
// settings

const SIZES = (process.env.BENCH_SIZES || '100000,1000000').split(',').map((s) => {
  const n = Number(s.trim().replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1 || n > 20_000_000) {
    console.error(`BENCH_SIZES must be a comma-separated list of integers 1..20000000, got "${process.env.BENCH_SIZES}"`);
    process.exit(2);
  }
  return n;
});
const WORKERS = intEnv('BENCH_WORKERS', 1, 1, 16);
const LAT_COUNT = intEnv('BENCH_LATENESS_COUNT', 5_000, 10, 1_000_000);
const LAT_WINDOW_MS = intEnv('BENCH_LATENESS_WINDOW_S', 20, 1, 3_600) * 1000;
const LAT_LEAD_MS = 5_000;
const BURST = intEnv('BENCH_BURST', 10_000, 1, 1_000_000);
const RECONCILE_MS = intEnv('BENCH_RECONCILE_MS', 1_000, 200, 3_600_000);
const ARM_INTERVAL_MS = process.env.BENCH_ARM_INTERVAL_MS ? intEnv('BENCH_ARM_INTERVAL_MS', 200, 10, 60_000) : undefined;
const RUN_FLOOR = process.env.BENCH_FLOOR !== '0';
const TIMEOUT_S = intEnv('BENCH_TIMEOUT_S', 1_800, 30, 24 * 3600);
const DATABASE_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/hotline_timers_bench';
const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379/9';
const JWT_SECRET = randomBytes(24).toString('hex');
const PREFIX = 'hotline-timers-bench'; // the worker's QUEUE_PREFIX
const FLOOR_PREFIX = 'hotline-timers-floor';
const QUEUE = 'deadlines'; // src/queues/queue-names.ts
const JOB_NAME = 'deadline-due'; // src/deadlines/deadline-due.job.ts
const MARKER_ID = 'deadline-epoch-marker';
/** The app's default job options (src/queues/queue-names.ts): the floor's jobs carry the same. */
const JOB_OPTIONS = { attempts: 8, backoff: { type: 'exponential', delay: 1_000 }, removeOnComplete: { count: 1_000 }, removeOnFail: { count: 10_000 } };
const ARM_BATCH = 2_000; // the armer's batch (src/deadlines/deadline-armer.ts)
const HZ_RUNS = [10, 100]; // lateness at each; the burst and the re-arm run at the last one
const TARGET = { latenessP99Ms: 50, burstS: 3, bytes: 1024, rearm1mS: 60 };
const DAY_MS = 24 * 3600 * 1000;

const redisDb = Number(new URL(REDIS_URL).pathname.slice(1) || '0');
if (!Number.isInteger(redisDb) || redisDb <= 0) {
  console.error(`BENCH_REDIS_URL must name a dedicated logical database other than 0 (it is FLUSHDB'd), e.g. redis://127.0.0.1:6379/9; got "${REDIS_URL}"`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// resources to release, whatever happens

let workers = []; // [{ child, exited, log, stopping }]
let pool;
let redis; // control connection, on the bench DB only
let floor; // { queue, worker, connections }
let originalHz;let cleaning;

function killWorkersNow() {
  for (const w of workers) {
    if (w.child.exitCode === null && w.child.signalCode === null) {
      try {
        w.child.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
}

async function stopWorkers() {
  const running = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
  for (const w of running) {
    w.stopping = true;
    w.child.kill('SIGTERM');
  }
  const timer = setTimeout(killWorkersNow, 10_000);
  await Promise.all(running.map((w) => w.exited));
  clearTimeout(timer);
  workers = [];
}

async function closeFloor() {
  if (!floor) return;
  const f = floor;
  floor = undefined;
  await Promise.race([
    (async () => {
      await f.worker?.close(true).catch(() => undefined);
      await f.queue?.close().catch(() => undefined);
    })(),
    sleep(5_000),
  ]);
  for (const c of f.connections) c.disconnect();
}

async function cleanup() {
  cleaning ??= (async () => {
    stopProgress();
    await stopWorkers().catch(() => killWorkersNow());
    await closeFloor().catch(() => undefined);
    if (redis) {
      await Promise.race([
        (async () => {
          if (originalHz !== undefined) await redis.config('SET', 'hz', String(originalHz)).catch(() => undefined);
          await flushBenchDb().catch(() => undefined); // give the memory back; the DB is ours alone
        })(),
        sleep(5_000),
      ]);
      redis.disconnect();
      redis = undefined;
    }
    await Promise.race([pool?.end().catch(() => undefined), sleep(3_000)]);
    pool = undefined;
  })();
  return cleaning;
}

process.on('exit', killWorkersNow);
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(signal, () => {
    process.stderr.write(`\nbench: ${signal}, stopping\n`);
    cleanup().finally(() => process.exit(code));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// CPU accounting of the processes under test (see bench-utils.mjs)

let redisPid;
function cpuSnapshot() {
  const w = workers.map((x) => procTicks(x.child.pid));
  return takeCpuSnapshot({ worker: w.some((t) => t === undefined) ? undefined : w.reduce((a, b) => a + b, 0), redis: redisPid ? procTicks(redisPid) : undefined });
}

const cpuText = (c) => (c ? ['worker', 'redis', 'postgres', 'bench', 'machine'].filter((k) => c[k] !== undefined).map((k) => `${k} ${c[k].toFixed(2)}`).join(', ') : '-');

// ---------------------------------------------------------------------------------------------
// helpers

/** Polls `probe` (→ truthy when done) every `everyMs` until done; throws after `limitMs` or when a worker died. */
async function waitFor(label, probe, { limitMs, everyMs = 200 }) {
  const until = Date.now() + limitMs;
  for (;;) {
    assertWorkersAlive();
    const r = await probe();
    if (r) return r;
    if (Date.now() > until) throw new Error(`${label}: not done within ${Math.round(limitMs / 1000)} s${workerLogTail() ? `; worker output:\n${workerLogTail()}` : ''}`);
    await sleep(everyMs);
  }
}
const sizeLabel = (n) => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n));

// ---------------------------------------------------------------------------------------------
// the worker processes

function startWorkers(count) {
  for (let i = 0; i < count; i++) {
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL,
      REDIS_URL,
      JWT_SECRET,
      QUEUE_PREFIX: PREFIX,
      LOG_LEVEL: 'warn',
      RECONCILE_INTERVAL_MS: String(RECONCILE_MS),
      MIGRATE_ON_START: 'false',
      SEED_DEMO: 'false',
    };
    if (ARM_INTERVAL_MS !== undefined) env.ARM_INTERVAL_MS = String(ARM_INTERVAL_MS);
    else delete env.ARM_INTERVAL_MS;
    const child = spawn(process.execPath, [...serverNodeArgs(), 'dist/worker.js'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
    const w = { child, log: [], logged: 0, stopping: false };
    keepLines(child.stdout, w);
    keepLines(child.stderr, w);
    w.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    w.exited.then((e) => {
      if (!w.stopping) w.died = e;
    });
    workers.push(w);
  }
}

function assertWorkersAlive() {
  const dead = workers.find((w) => w.died);
  if (dead) throw new Error(`a worker process died (code ${dead.died.code}, signal ${dead.died.signal}); its last output:\n${workerLogTail()}`);
}

function workerLogTail(n = 20) {
  return workers
    .flatMap((w, i) => w.log.slice(-n).map((l) => `  w${i}| ${l.length > 400 ? `${l.slice(0, 400)}…` : l}`))
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

function migrate() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/cli.js', 'migrate'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production', DATABASE_URL, JWT_SECRET, LOG_LEVEL: 'warn' },
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out.trim());
      else reject(new Error(`node dist/cli.js migrate failed (code ${code}):\n${out}`));
    });
  });
}

/**
 * The tickets the deadline rows hang on (FK), spread over departments as a real backlog is: the
 * far-future rows over FAR_TICKETS tickets, each lateness run over PHASE_TICKETS tickets and the
 * burst over BURST/2 tickets of their own (so the counts below can tell the phases apart).
 */
const DEPARTMENTS = 20;
const FAR_TICKETS = 1_000;
const PHASE_TICKETS = 500;
async function createFixtures() {
  const depts = [];
  for (let i = 0; i < DEPARTMENTS; i++) depts.push(randomUUID());
  await pool.query(
    `INSERT INTO department (id, code, name, kind) SELECT id, 'BENCH' || n, 'Benchmark department ' || n, 'department' FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, n)`,
    [depts],
  );
  const caller = randomUUID();
  await pool.query(`INSERT INTO caller (id, phone) VALUES ($1, '+8613800000000')`, [caller]);
  let seq = 0;
  const tickets = async (count) => {
    const ids = [];
    for (let i = 0; i < count; i++) ids.push(randomUUID());
    const first = seq;
    seq += count;
    await pool.query(
      `INSERT INTO ticket (id, number, access_code, kind, status, caller_id, description, lead_department_id, version)
       SELECT id, 'BENCH' || lpad(($2::int + n)::text, 7, '0'), '1234', 'complaint', 'dispatched', $3, 'timers benchmark', ($4::uuid[])[1 + n % cardinality($4::uuid[])], 1
       FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, n)`,
      [ids, first, caller, depts],
    );
    return ids;
  };
  const far = await tickets(FAR_TICKETS);
  const lateness = {};
  for (const hz of HZ_RUNS) lateness[hz] = await tickets(PHASE_TICKETS);
  // the end-of-day burst: about two deadlines per ticket (the firer locks the ticket row)
  return { far, lateness, burst: await tickets(Math.max(PHASE_TICKETS, Math.ceil(BURST / 2))) };
}

async function truncateDeadlines() {
  await pool.query('TRUNCATE alert, deadline CASCADE'); // and whatever hangs on them (alert deliveries)
  await pool.query('VACUUM ANALYZE deadline').catch(() => undefined);
  await pool.query('CHECKPOINT').catch(() => undefined);
}

// ---------------------------------------------------------------------------------------------
// Redis

const qkey = (prefix, type) => `${prefix}:${QUEUE}:${type}`;

async function flushBenchDb() {
  // guard: this connection is on the bench DB (checked at start), never DB 0
  if (!redis || redis.options.db !== redisDb || redisDb === 0) throw new Error('refusing to FLUSHDB: not on the bench database');
  await redis.flushdb();
}

async function usedMemory() {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1]);
}

async function setHz(hz) {
  await redis.config('SET', 'hz', String(hz));
}

/** MEMORY USAGE of sampled job hashes, plus the delayed zset shared out: bytes per job from the keys themselves. */
async function keyBytes(prefix, jobIds, pendingJobs) {
  let sum = 0;
  let n = 0;
  for (const id of jobIds) {
    const b = await redis.call('MEMORY', 'USAGE', qkey(prefix, id), 'SAMPLES', '0');
    if (b !== null) {
      sum += Number(b);
      n++;
    }
  }
  const zset = Number((await redis.call('MEMORY', 'USAGE', qkey(prefix, 'delayed'), 'SAMPLES', '0')) ?? 0);
  const hash = n > 0 ? sum / n : NaN;
  return { hash, zset: zset / pendingJobs, perJob: hash + zset / pendingJobs, sampled: n };
}

// ---------------------------------------------------------------------------------------------
// our system: the real worker

async function startOurWorkers() {
  startWorkers(WORKERS);
  const t0 = performance.now();
  // ready: the reconciler's first sweep has put its epoch marker in place
  await waitFor('worker start-up', async () => (await redis.exists(qkey(PREFIX, MARKER_ID))) === 1, { limitMs: 90_000, everyMs: 200 });
  return (performance.now() - t0) / 1000;
}

async function oursArming(n, tickets) {
  const zBase = await redis.zcard(qkey(PREFIX, 'delayed'));
  await sleep(500); // let used_memory settle after start-up
  const memBefore = await usedMemory();
  await pool.query('CHECKPOINT').catch(() => undefined);

  // all N committed at once: the armer finds them in one go
  const tIns = performance.now();
  const client = await pool.connect();
  let tCommit;
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO deadline (id, ticket_id, stage, kind, level, seq, due_at, stage_due_at)
       SELECT gen_random_uuid(), ($1::uuid[])[1 + g % cardinality($1::uuid[])], 'resolve', 'warning', 0, 0, d, d + interval '1 hour'
       FROM generate_series(0, $2::int - 1) g,
            LATERAL (SELECT date_trunc('milliseconds', now() + interval '1 day' + (g::float8 / $2::int) * interval '29 days') AS d) x`,
      [tickets.far, n],
    );
    await client.query('ANALYZE deadline'); // counts our own uncommitted rows: the armer plans with real statistics
    await client.query('COMMIT');
    tCommit = performance.now();
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  note(`  inserted ${fmt(n)} pending deadlines in ${fmt((tCommit - tIns) / 1000, 1)} s; arming…`);

  const cpu0 = cpuSnapshot();
  let seen = 0;
  startProgress(`  arming ${sizeLabel(n)}`, n, () => seen);
  const limitMs = Math.max(120_000, n * 2); // ≥ 500/s or it is broken
  try {
    await waitFor('arming', async () => {
      seen = Math.max(0, (await redis.zcard(qkey(PREFIX, 'delayed'))) - zBase);
      return seen >= n;
    }, { limitMs, everyMs: 250 });
    // the jobs are in; the armer commits `armed = true` right after its addBulk
    await waitFor('arming (armed flags)', async () => {
      const { rows } = await pool.query(`SELECT count(*)::int AS c FROM deadline WHERE status = 'pending' AND NOT armed`);
      return rows[0].c === 0;
    }, { limitMs: 30_000, everyMs: 50 });
  } finally {
    stopProgress();
  }
  const tDone = performance.now();
  const cpu = cpuDelta(cpu0, cpuSnapshot());
  await sleep(500);
  const memAfter = await usedMemory();
  const { rows: sample } = await pool.query(`SELECT id FROM deadline WHERE ticket_id = ANY($1) LIMIT 200`, [tickets.far]);
  const keys = await keyBytes(PREFIX, sample.map((r) => `dl-${r.id}`), n);
  const armS = (tDone - tCommit) / 1000;
  return { n, insertS: (tCommit - tIns) / 1000, armS, rate: n / armS, bytes: (memAfter - memBefore) / n, keys, cpu, dbsize: await redis.dbsize() };
}

async function oursLateness(hz, ticketIds) {
  await setHz(hz);
  const start = Date.now() + LAT_LEAD_MS;
  await pool.query(
    `INSERT INTO deadline (id, ticket_id, stage, kind, level, seq, due_at, stage_due_at)
     SELECT gen_random_uuid(), ($1::uuid[])[1 + g % cardinality($1::uuid[])], 'resolve', 'warning', 0, 0, d, d + interval '1 hour'
     FROM (SELECT g, to_timestamp(($2::bigint + floor(random() * $3::int))::float8 / 1000) AS d FROM generate_series(1, $4::int) g) x`,
    [ticketIds, start, LAT_WINDOW_MS, LAT_COUNT],
  );
  let fired = 0;
  let armedAheadMs;
  startProgress(`  lateness hz ${hz}`, LAT_COUNT, () => fired);
  try {
    await waitFor(`lateness at hz ${hz}`, async () => {
      const { rows } = await pool.query(
        `SELECT count(*) FILTER (WHERE status = 'fired')::int AS fired, count(*) FILTER (WHERE NOT armed AND status = 'pending')::int AS unarmed FROM deadline WHERE ticket_id = ANY($1)`,
        [ticketIds],
      );
      fired = rows[0].fired;
      if (armedAheadMs === undefined && rows[0].unarmed === 0) armedAheadMs = start - Date.now();
      return fired >= LAT_COUNT;
    }, { limitMs: LAT_LEAD_MS + LAT_WINDOW_MS + 60_000, everyMs: 250 });
  } finally {
    stopProgress();
  }
  const { rows } = await pool.query(
    `SELECT extract(epoch FROM fired_at - due_at) * 1000 AS ms, extract(epoch FROM due_at) * 1000 - $2::bigint AS at FROM deadline WHERE ticket_id = ANY($1)`,
    [ticketIds, start],
  );
  const ms = rows.map((r) => Number(r.ms));
  const p = percentiles(ms);
  return { hz, ...p, armedAheadMs, tail: tailShape(ms, (j) => Number(rows[j].at), p.p99) };
}

async function oursBurst(ticketIds) {
  const lead = 8_000;
  const due = Date.now() + lead;
  await pool.query(
    `INSERT INTO deadline (id, ticket_id, stage, kind, level, seq, due_at, stage_due_at)
     SELECT gen_random_uuid(), ($1::uuid[])[1 + g % cardinality($1::uuid[])], 'resolve', 'warning', 0, 0, to_timestamp($2::bigint::float8 / 1000), to_timestamp($2::bigint::float8 / 1000) + interval '1 hour'
     FROM generate_series(1, $3::int) g`,
    [ticketIds, due, BURST],
  );
  await waitFor('burst: arming', async () => {
    const { rows } = await pool.query(`SELECT count(*)::int AS c FROM deadline WHERE status = 'pending' AND NOT armed`);
    return rows[0].c === 0;
  }, { limitMs: lead + 30_000, everyMs: 100 });
  // only the burst fires from here on: count every alert past the ones already there
  const { rows: before } = await pool.query(`SELECT count(*)::int AS c FROM alert`);
  const base = before[0].c;
  const armedAheadMs = due - Date.now();
  if (armedAheadMs > 0) await sleep(armedAheadMs - 20);
  const cpu0 = cpuSnapshot();
  let alerts = 0;
  startProgress('  burst', BURST, () => alerts);
  let doneAt;
  try {
    await waitFor('burst', async () => {
      const { rows } = await pool.query(`SELECT count(*)::int AS c FROM alert`);
      alerts = rows[0].c - base;
      if (alerts >= BURST) doneAt = Date.now();
      return alerts >= BURST;
    }, { limitMs: 120_000, everyMs: 25 });
  } finally {
    stopProgress();
  }
  const cpu = cpuDelta(cpu0, cpuSnapshot());
  const { rows } = await pool.query(
    `SELECT min(extract(epoch FROM fired_at - due_at) * 1000) AS first, max(extract(epoch FROM fired_at - due_at) * 1000) AS last FROM deadline WHERE ticket_id = ANY($1)`,
    [ticketIds],
  );
  return { s: (doneAt - due) / 1000, firstMs: Number(rows[0].first), lastStartMs: Number(rows[0].last), armedAheadMs, cpu };
}

async function oursRearm() {
  const { rows } = await pool.query(`SELECT count(*)::int AS c FROM deadline WHERE status = 'pending'`);
  const pending = rows[0].c;
  const marker = qkey(PREFIX, MARKER_ID);
  const delayed = qkey(PREFIX, 'delayed');
  const cpu0 = cpuSnapshot();
  const tFlush = performance.now();
  await flushBenchDb();
  let tFirst;
  let count = 0;
  startProgress('  re-arm', pending, () => count);
  try {
    await waitFor('re-arm', async () => {
      const [[, z], [, m]] = await redis.multi().zcard(delayed).exists(marker).exec();
      count = z;
      if (tFirst === undefined && z > 0) tFirst = performance.now();
      return m === 1; // the reconciler puts the marker back after rearmAll returned
    }, { limitMs: Math.max(180_000, pending * 0.5) + RECONCILE_MS, everyMs: 50 });
  } finally {
    stopProgress();
  }
  const tDone = performance.now();
  const cpu = cpuDelta(cpu0, cpuSnapshot());
  const z = await redis.zcard(delayed);
  return {
    pending,
    fromFlushS: (tDone - tFlush) / 1000,
    fromFirstS: (tDone - (tFirst ?? tDone)) / 1000,
    detectS: ((tFirst ?? tDone) - tFlush) / 1000,
    jobs: z - 1, // less the marker
    cpu,
  };
}

async function runOurs(n, tickets) {
  const r = { n };
  const startS = await startOurWorkers();
  note(`  worker(s) ready in ${fmt(startS, 1)} s`);
  r.arm = await oursArming(n, tickets);
  note(`  armed ${fmt(n)} in ${fmt(r.arm.armS, 1)} s (${fmt(r.arm.rate)}/s); ${fmt(r.arm.bytes)} B/deadline; cpu ${cpuText(r.arm.cpu)}`);
  r.lateness = {};
  for (const hz of HZ_RUNS) {
    r.lateness[hz] = await oursLateness(hz, tickets.lateness[hz]);
    const l = r.lateness[hz];
    note(`  lateness hz ${hz}: p50 ${fmt(l.p50, 1)} ms, p99 ${fmt(l.p99, 1)} ms, max ${fmt(l.max, 1)} ms (armed ${fmt(l.armedAheadMs / 1000, 1)} s before the first was due)`);
    note(`    tail: ${l.tail}`);
  }
  r.burst = await oursBurst(tickets.burst);
  note(`  burst ${fmt(BURST)}: ${fmt(r.burst.s, 2)} s; cpu ${cpuText(r.burst.cpu)}`);
  r.rearm = await oursRearm();
  note(`  re-arm ${fmt(r.rearm.pending)}: ${fmt(r.rearm.fromFirstS, 1)} s (+${fmt(r.rearm.detectS, 1)} s to notice); cpu ${cpuText(r.rearm.cpu)}`);
  if (r.rearm.jobs !== r.rearm.pending) throw new Error(`re-arm: ${r.rearm.jobs} delayed jobs for ${r.rearm.pending} pending rows`);
  r.logLines = workers.reduce((a, w) => a + w.logged, 0);
  r.logTail = workerLogTail(3);
  await stopWorkers();
  return r;
}

// ---------------------------------------------------------------------------------------------
// the floor: bare BullMQ, no-op processor, same Redis DB, own prefix

/** `due` (epoch ms) rides in the payload of the lateness jobs only: BullMQ zeroes a job's `delay` when it promotes it. */
function floorJob(name, delay, due) {
  const id = randomUUID();
  return { name, data: due === undefined ? { deadlineId: id } : { deadlineId: id, due }, opts: { jobId: `dl-${id}`, delay: Math.max(0, delay) } };
}

async function addInBatches(queue, count, make, onProgress) {
  for (let i = 0; i < count; i += ARM_BATCH) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + ARM_BATCH); j++) batch.push(make(j));
    await queue.addBulk(batch);
    onProgress?.(Math.min(count, i + ARM_BATCH));
  }
}

async function startFloor() {
  const conn = () => new Redis(REDIS_URL, { maxRetriesPerRequest: null, enableReadyCheck: true });
  const qc = conn();
  const wc = conn();
  const state = { byName: new Map(), lateness: [] };
  const queue = new Queue(QUEUE, { connection: qc, prefix: FLOOR_PREFIX, defaultJobOptions: JOB_OPTIONS });
  const worker = new Worker(
    QUEUE,
    async (job) => {
      if (job.name === 'lat') state.lateness.push((job.processedOn ?? Date.now()) - job.data.due);
      return 'ok';
    },
    { connection: wc, prefix: FLOOR_PREFIX, concurrency: 32 },
  );
  worker.on('error', () => undefined);
  worker.on('completed', (job) => {
    state.byName.set(job.name, (state.byName.get(job.name) ?? 0) + 1);
    if (job.name === 'burst') state.lastBurstAt = Date.now();
  });
  await worker.waitUntilReady();
  await queue.waitUntilReady();
  floor = { queue, worker, state, connections: [qc, wc] };
  return floor;
}

async function floorAddFar(n, onProgress) {
  const now = Date.now();
  const sample = [];
  await addInBatches(
    floor.queue,
    n,
    (j) => {
      const job = floorJob(JOB_NAME, DAY_MS + Math.floor((j / n) * 29 * DAY_MS));
      if (sample.length < 200) sample.push(job.opts.jobId);
      return job;
    },
    onProgress,
  );
  return { sample, now };
}

async function runFloor(n) {
  const r = { n };
  await flushBenchDb();
  await startFloor();
  await sleep(500);
  const memBefore = await usedMemory();
  let added = 0;
  startProgress(`  floor add ${sizeLabel(n)}`, n, () => added);
  const cpu0 = cpuSnapshot();
  const t0 = performance.now();
  let sample;
  try {
    ({ sample } = await floorAddFar(n, (k) => (added = k)));
  } finally {
    stopProgress();
  }
  const addS = (performance.now() - t0) / 1000;
  const cpu = cpuDelta(cpu0, cpuSnapshot());
  await sleep(500);
  const memAfter = await usedMemory();
  r.arm = { armS: addS, rate: n / addS, bytes: (memAfter - memBefore) / n, keys: await keyBytes(FLOOR_PREFIX, sample, n), cpu, dbsize: await redis.dbsize() };
  note(`  floor: added ${fmt(n)} in ${fmt(addS, 1)} s (${fmt(r.arm.rate)}/s); ${fmt(r.arm.bytes)} B/job; cpu ${cpuText(cpu)}`);

  r.lateness = {};
  for (const hz of HZ_RUNS) {
    await setHz(hz);
    floor.state.lateness = [];
    floor.state.byName.set('lat', 0);
    const start = Date.now() + LAT_LEAD_MS;
    await addInBatches(floor.queue, LAT_COUNT, () => {
      const due = start + Math.floor(Math.random() * LAT_WINDOW_MS);
      return floorJob('lat', due - Date.now(), due);
    });
    startProgress(`  floor lateness hz ${hz}`, LAT_COUNT, () => floor.state.byName.get('lat') ?? 0);
    try {
      await waitFor(`floor lateness at hz ${hz}`, () => (floor.state.byName.get('lat') ?? 0) >= LAT_COUNT, { limitMs: LAT_LEAD_MS + LAT_WINDOW_MS + 60_000, everyMs: 100 });
    } finally {
      stopProgress();
    }
    r.lateness[hz] = { hz, ...percentiles(floor.state.lateness) };
    note(`  floor lateness hz ${hz}: p50 ${fmt(r.lateness[hz].p50, 1)} ms, p99 ${fmt(r.lateness[hz].p99, 1)} ms, max ${fmt(r.lateness[hz].max, 1)} ms`);
  }

  {
    const due = Date.now() + 5_000;
    await addInBatches(floor.queue, BURST, () => floorJob('burst', due - Date.now()));
    const armedAheadMs = due - Date.now();
    await sleep(Math.max(0, armedAheadMs - 20));
    const c0 = cpuSnapshot();
    startProgress('  floor burst', BURST, () => floor.state.byName.get('burst') ?? 0);
    try {
      await waitFor('floor burst', () => (floor.state.byName.get('burst') ?? 0) >= BURST, { limitMs: 120_000, everyMs: 10 });
    } finally {
      stopProgress();
    }
    r.burst = { s: (floor.state.lastBurstAt - due) / 1000, armedAheadMs, cpu: cpuDelta(c0, cpuSnapshot()) };
    note(`  floor burst ${fmt(BURST)}: ${fmt(r.burst.s, 2)} s; cpu ${cpuText(r.burst.cpu)}`);
  }

  {
    await flushBenchDb();
    let k = 0;
    startProgress(`  floor re-add ${sizeLabel(n)}`, n, () => k);
    const c0 = cpuSnapshot();
    const t1 = performance.now();
    try {
      await floorAddFar(n, (x) => (k = x));
    } finally {
      stopProgress();
    }
    r.rearm = { fromFirstS: (performance.now() - t1) / 1000, cpu: cpuDelta(c0, cpuSnapshot()), jobs: await redis.zcard(qkey(FLOOR_PREFIX, 'delayed')) };
    note(`  floor re-add ${fmt(n)}: ${fmt(r.rearm.fromFirstS, 1)} s`);
  }
  await closeFloor();
  await flushBenchDb();
  return r;
}

// ---------------------------------------------------------------------------------------------
// report

function sizeTable(o, f) {
  const l = (x, hz, k) => fmt(x?.lateness?.[hz]?.[k], 1);
  const rows = [
    [`${sizeLabel(o.n)} pending`, 'ours (worker)', 'floor (bare BullMQ)', 'target'],
    ['arming: time (s)', fmt(o.arm.armS, 1), fmt(f?.arm.armS, 1), ''],
    ['arming: rate (/s)', fmt(o.arm.rate), fmt(f?.arm.rate), ''],
    ['Redis bytes per pending (used_memory Δ)', fmt(o.arm.bytes), fmt(f?.arm.bytes), `≤ ${TARGET.bytes}`],
    ['  keys: job hash + zset share', `${fmt(o.arm.keys.hash)} + ${fmt(o.arm.keys.zset)}`, f ? `${fmt(f.arm.keys.hash)} + ${fmt(f.arm.keys.zset)}` : '-', ''],
  ];
  for (const hz of HZ_RUNS) {
    rows.push([`lateness hz ${hz}: p50 / p99 / max (ms)`, `${l(o, hz, 'p50')} / ${l(o, hz, 'p99')} / ${l(o, hz, 'max')}`, f ? `${l(f, hz, 'p50')} / ${l(f, hz, 'p99')} / ${l(f, hz, 'max')}` : '-', hz === 100 ? `p99 ≤ ${TARGET.latenessP99Ms}` : '(report)']);
  }
  rows.push([`burst ${fmt(BURST)} at one instant: done (s)`, fmt(o.burst.s, 2), fmt(f?.burst.s, 2), `≤ ${TARGET.burstS}`]);
  rows.push([`re-arm ${sizeLabel(o.n)} after FLUSHDB (s)`, fmt(o.rearm.fromFirstS, 1), fmt(f?.rearm.fromFirstS, 1), o.n === 1_000_000 ? `≤ ${TARGET.rearm1mS}` : '']);
  rows.push(['  + until the reconciler noticed (s)', fmt(o.rearm.detectS, 1), '', '']);
  rows.push(['re-arm rate (/s)', fmt(o.rearm.pending / o.rearm.fromFirstS), f ? fmt(f.n / f.rearm.fromFirstS) : '-', '']);
  return table(rows);
}

function cpuLines(o, f) {
  const lines = [`  cores busy on average (of ${os.cpus().length}; postgres counts every database on the server):`];
  lines.push(`    arming   ours: ${cpuText(o.arm.cpu)}${f ? `   | floor: ${cpuText(f.arm.cpu)}` : ''}`);
  lines.push(`    burst    ours: ${cpuText(o.burst.cpu)}${f ? `   | floor: ${cpuText(f.burst.cpu)}` : ''}`);
  lines.push(`    re-arm   ours: ${cpuText(o.rearm.cpu)}${f ? `   | floor: ${cpuText(f.rearm.cpu)}` : ''}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  for (const f of ['worker.js', 'cli.js']) {
    if (!fs.existsSync(path.join(ROOT, 'dist', f))) throw new Error(`dist/${f} is missing: run \`npm run build\` first (npm run bench:timers does)`);
  }
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3, enableReadyCheck: true });
  redis.on('error', () => undefined);
  await redis.ping();
  const clientInfo = String(await redis.call('CLIENT', 'INFO'));
  if (!new RegExp(`\\bdb=${redisDb}\\b`).test(clientInfo)) throw new Error(`the Redis connection is not on database ${redisDb}: ${clientInfo}`);
  // the DB must be ours: empty, or holding only this benchmark's keys from an earlier run
  const [, someKeys] = await redis.scan('0', 'COUNT', 1000);
  const foreign = someKeys.filter((k) => !k.startsWith(`${PREFIX}:`) && !k.startsWith(`${FLOOR_PREFIX}:`));
  if (foreign.length > 0 && process.env.BENCH_REDIS_FORCE !== '1') {
    throw new Error(`Redis database ${redisDb} holds keys that are not this benchmark's (e.g. "${foreign[0]}"); pick another BENCH_REDIS_URL database or set BENCH_REDIS_FORCE=1 to flush it`);
  }
  const serverInfo = await redis.info('server');
  const redisVersion = /redis_version:(\S+)/.exec(serverInfo)?.[1];
  redisPid = Number(/process_id:(\d+)/.exec(serverInfo)?.[1]) || undefined;
  if (redisPid && procTicks(redisPid) === undefined) redisPid = undefined; // not on this machine's /proc
  originalHz = Number((await redis.config('GET', 'hz'))[1]);
  const maxmemory = (await redis.config('GET', 'maxmemory'))[1];
  const persistence = `save="${(await redis.config('GET', 'save'))[1]}" appendonly=${(await redis.config('GET', 'appendonly'))[1]}`;

  const db = await recreateDatabase(DATABASE_URL);
  console.log(`bench:timers sizes=${SIZES.map(sizeLabel).join(',')} workers=${WORKERS} lateness=${fmt(LAT_COUNT)} over ${LAT_WINDOW_MS / 1000} s burst=${fmt(BURST)} RECONCILE_INTERVAL_MS=${RECONCILE_MS} ARM_INTERVAL_MS=${ARM_INTERVAL_MS ?? 'default'}`);
  console.log(`machine      ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`);
  console.log(`postgresql   ${db.version} (${db.settings.join(' ')}), database ${db.name}`);
  console.log(`redis        ${redisVersion}, db ${redisDb}, hz ${originalHz} (restored at exit), maxmemory ${maxmemory}, ${persistence}${redisPid ? `, pid ${redisPid}` : ''}`);
  console.log(`bullmq       ${require('bullmq/package.json').version}, ioredis ${require('ioredis/package.json').version}, pg ${require('pg/package.json').version}`);

  note(`migrating ${db.name}…`);
  await migrate();
  pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4, application_name: 'hotline-timers-bench' });
  pool.on('error', () => undefined);
  const tickets = await createFixtures();
  await flushBenchDb();

  const results = [];
  for (const n of SIZES) {
    note(`\n== ${sizeLabel(n)} pending deadlines ==`);
    await truncateDeadlines();
    await flushBenchDb();
    const ours = await runOurs(n, tickets);
    let fl;
    if (RUN_FLOOR) fl = await runFloor(n);
    await setHz(originalHz);
    results.push({ ours, floor: fl });
    console.log('');
    console.log(sizeTable(ours, fl));
    console.log(cpuLines(ours, fl));
    console.log(`  burst detail: armed ${fmt(ours.burst.armedAheadMs / 1000, 1)} s ahead; first handler started +${fmt(ours.burst.firstMs)} ms, last +${fmt(ours.burst.lastStartMs)} ms after the instant`);
    console.log(`  Redis keys in the bench DB after arming: ours ${fmt(ours.arm.dbsize)}${fl ? `, floor ${fmt(fl.arm.dbsize)}` : ''}; inserting ${fmt(n)} rows took ${fmt(ours.arm.insertS, 1)} s (not counted)`);
    if (ours.logLines > 0) console.log(`  worker log: ${ours.logLines} line(s) at LOG_LEVEL=warn; last:\n${ours.logTail}`);
  }

  // --- summary -------------------------------------------------------------------------------
  const last = results[results.length - 1];
  const one = results.find((r) => r.ours.n === 1_000_000);
  const lat = last.ours.lateness[100].p99;
  const burst = last.ours.burst.s;
  const bytes = last.ours.arm.bytes;
  let rearm1m;
  let rearmNote;
  if (one) {
    rearm1m = one.ours.rearm.fromFirstS;
    rearmNote = `re-arm of 1M measured from the first job back in Redis (the reconciler noticed the loss ${fmt(one.ours.rearm.detectS, 1)} s after FLUSHDB, at RECONCILE_INTERVAL_MS=${RECONCILE_MS})`;
  } else {
    rearm1m = last.ours.rearm.fromFirstS * (1_000_000 / last.ours.rearm.pending);
    rearmNote = `rearm_1m_s is SCALED linearly from the ${sizeLabel(last.ours.rearm.pending)} run (1M was not run)`;
  }
  const verdict = (ok) => (ok ? 'ok' : 'MISSED');
  console.log('');
  console.log(`summary      figures from the ${sizeLabel(last.ours.n)} run (lateness at hz 100 with the ${sizeLabel(last.ours.n)} pending in the queue); ${rearmNote}`);
  console.log(
    `targets      lateness p99 ≤ ${TARGET.latenessP99Ms} ms: ${verdict(lat <= TARGET.latenessP99Ms)}; burst ${fmt(BURST)} ≤ ${TARGET.burstS} s: ${verdict(burst <= TARGET.burstS)}; ` +
      `≤ ${TARGET.bytes} B/deadline: ${verdict(bytes <= TARGET.bytes)}; re-arm 1M ≤ ${TARGET.rearm1mS} s: ${verdict(rearm1m <= TARGET.rearm1mS)}`,
  );
  console.log(`bench:timers lateness_p99_ms=${lat.toFixed(1)} burst10k_s=${burst.toFixed(2)} bytes_per_deadline=${Math.round(bytes)} rearm_1m_s=${rearm1m.toFixed(1)}`);
  return 0;
}

const overall = setTimeout(() => {
  stopProgress();
  console.error(`bench:timers: aborted after the overall time limit of ${TIMEOUT_S} s`);
  cleanup().finally(() => process.exit(1));
}, TIMEOUT_S * 1000);

main().then(
  async (code) => {
    clearTimeout(overall);
    await cleanup();
    process.exit(code);
  },
  async (err) => {
    clearTimeout(overall);
    stopProgress();
    console.error(`bench:timers: ${err?.stack ?? err}`);
    await cleanup();
    process.exit(1);
  },
);
