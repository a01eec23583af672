// `npm run bench:calls`: logs N calls through the HTTP API (production mode, real PostgreSQL and
// Redis) with concurrency C, then writes the same rows with a bare `pg` transaction per call as
// the machine's floor, and compares the two. The server is a child process (`node dist/main.js`);
// the HTTP client and the floor run here.
//
//   BENCH_DATABASE_URL  postgres://postgres@127.0.0.1:5432/hotline_bench (dropped and re-created each run)
//   BENCH_REDIS_URL     redis://127.0.0.1:6379
//   BENCH_CALLS         N measured calls (default 20000)
//   BENCH_CONCURRENCY   C requests / transactions in flight (default 32)
//   BENCH_WARMUP        calls sent before measuring, per phase (default 1000)
//   BENCH_RATE          the sustained phase's offered calls/s, open loop (default 1000: the target)
//   BENCH_SECONDS       the sustained phase's measured seconds (default 10, after 2 s of warm-up)
//   BENCH_PORT          server port (default: a free one)
//   BENCH_TIMEOUT_S     overall time limit (default 600)
//   BENCH_SERVER_NODE_ARGS  extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
//   BENCH_NOISE         noisy neighbours for the whole run, busy/idle ms per process, e.g. "300/700,300/700,300/700"
//
// Two API phases: closed loop (C calls in flight, as fast as they come back: the most it takes),
// then sustained (BENCH_RATE calls/s offered on a schedule, whatever came back: the latency a
// hotline's operators see at that load; a closed loop's latency is mostly C / throughput). The
// floor runs the same two ways: closed loop for floor_per_s, and at BENCH_RATE for the p99 the bare
// rows allow on this machine at the target rate.
// Last line: `bench:calls calls_per_s=<closed loop> p99_ms=<at the sustained rate> floor_per_s=<n> ratio=<api/floor>`.
// Exit code: 0, or 1 when more than 0.1% of the API calls fail, the server does not start, or the
// run exceeds its time limit.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import {
  complaint, cpuDelta, describeMachine, fmt, freePort, intEnv, LeanHttpClient, login, openLoop, percentiles, procTicks, sampleCpuPressure, startNoise, tailShape, recreateDatabase, rng, runBench, runLoop, Service, settle, sleep,
  table, takeCpuSnapshot, withClient,
} from './bench-utils.mjs';

const cpuSnapshot = () => takeCpuSnapshot({ server: server ? procTicks(server.child.pid) : undefined, serverSys: server ? procTicks(server.child.pid, 'sys') : undefined });

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// ---------------------------------------------------------------------------------------------
// settings

const N = intEnv('BENCH_CALLS', 20_000, 1, 10_000_000);
const C = intEnv('BENCH_CONCURRENCY', 32, 1, 1_000);
const WARMUP = intEnv('BENCH_WARMUP', 1_000, 0, 1_000_000);
const TIMEOUT_S = intEnv('BENCH_TIMEOUT_S', 600, 10, 24 * 3600);
const DATABASE_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/hotline_bench';
const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const FLOOR_POOL = C;
const MAX_ERROR_RATE = 0.001;
const RATE = intEnv('BENCH_RATE', 1_000, 1, 20_000);
const SECONDS = intEnv('BENCH_SECONDS', 10, 1, 3_600);
const SUSTAINED_WARMUP_S = 2;
const TARGET = { callsPerS: 1_000, p99Ms: 50, ratio: 0.5 };

// Phones, by phase: the same 8-digit suffixes under a different prefix, so every phase has the same
// mix of new and repeat callers without touching another phase's callers.
const PREFIX = { apiWarmup: '136', api: '138', sustained: '139', floorWarmup: '135', floor: '137', floorSustained: '134' };

// ---------------------------------------------------------------------------------------------
// resources to release, whatever happens

let server; // Service
let agent;
let apiClient; // LeanHttpClient: the measured requests
let floorPool;
let noise; // startNoise(BENCH_NOISE)

async function cleanup() {
  noise?.stop();
  agent?.destroy();
  apiClient?.destroy();
  await server?.stop().catch(() => server.kill());
  await Promise.race([floorPool?.end().catch(() => undefined), sleep(3_000)]);
  floorPool = undefined;
}

// ---------------------------------------------------------------------------------------------
// the workload: what an operator types, deterministic for a given N

function phoneSuffix(k) {
  // a bijection of 0..1e8-1 (7919 is prime to 1e8): distinct callers, not all in one block
  return String((k * 7919 + 12_345) % 100_000_000).padStart(8, '0');
}

/**
 * `count` calls: ~80% from callers not seen before in the phase, ~20% from one seen earlier (so the
 * duplicate lookup finds rows). Returns each call's phone suffix index and request body.
 */
function workload(count, seed) {
  const rand = rng(seed);
  const callers = [];
  const calls = new Array(count);
  for (let i = 0; i < count; i++) {
    let caller;
    if (callers.length > 0 && rand() < 0.2) caller = callers[Math.floor(rand() * callers.length)];
    else callers.push((caller = callers.length));
    calls[i] = {
      caller,
      ...complaint(rand),
      national: rand() < 0.3, // typed as "138 1234 5678" rather than "+86138…"
    };
  }
  return calls;
}

function callBody(call, prefix) {
  const digits = `${prefix}${phoneSuffix(call.caller)}`;
  const callerPhone = call.national ? `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}` : `+86${digits}`;
  return Buffer.from(
    JSON.stringify({
      callerPhone,
      kind: 'complaint',
      categoryCode: call.categoryCode,
      description: call.description,
      district: 'Haidian',
      address: call.address,
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// the database

/**
 * What the API wrote for the measured calls, in order: the template the floor writes again, so it
 * writes the same rows (status, routing, events) and not an approximation of them.
 */
async function loadApiRows(client) {
  const { rows } = await client.query(
    `SELECT p.phone, t.kind, t.status, t.priority, t.channel, t.category_id, t.description, t.address, t.district, t.lat, t.lng,
            t.lead_department_id, t.assisting_department_ids, t.first_contact_user_id, t.resolution, t.closed_at IS NOT NULL AS closed,
            k.kind AS call_kind, k.operator_id, k.answer,
            (SELECT json_agg(json_build_object('actor_id', e.actor_id, 'actor_role', e.actor_role, 'type', e.type,
                                               'from_status', e.from_status, 'to_status', e.to_status, 'payload', e.payload) ORDER BY e.id)
               FROM ticket_event e WHERE e.ticket_id = t.id) AS events,
            t.sla_policy_id, t.due_at,
            (SELECT json_agg(json_build_object('stage', d.stage, 'kind', d.kind, 'level', d.level, 'seq', d.seq,
                                               'due_at', d.due_at, 'stage_due_at', d.stage_due_at))
               FROM deadline d WHERE d.ticket_id = t.id) AS deadlines
     FROM ticket t JOIN caller p ON p.id = t.caller_id JOIN call k ON k.ticket_id = t.id
     WHERE p.phone LIKE $1
     ORDER BY t.created_at, t.number`,
    [`+86${PREFIX.api}%`],
  );
  return rows;
}

const FLOOR_SQL = {
  caller: `INSERT INTO caller (id, phone, name, created_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (phone) DO UPDATE SET name = COALESCE(EXCLUDED.name, caller.name) RETURNING id`,
  ticket: `INSERT INTO ticket (id, number, access_code, kind, status, priority, channel, caller_id, category_id, description,
                               address, district, lat, lng, lead_department_id, assisting_department_ids, first_contact_user_id,
                               resolution, closed_at, created_at, updated_at, version, sla_policy_id, due_at, original_due_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, 1, $21, $22, $22)`,
  call: `INSERT INTO call (id, caller_id, kind, ticket_id, operator_id, category_id, description, answer, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
};
/** One call as a bare transaction: BEGIN; caller upsert; ticket; call; history; COMMIT. */
async function floorCall(row, phone, number) {
  const client = await floorPool.connect();
  let failed;
  try {
    const now = new Date();
    const ticketId = randomUUID();
    await client.query('BEGIN');
    const {
      rows: [{ id: callerId }],
    } = await client.query({ name: 'floor_caller', text: FLOOR_SQL.caller, values: [randomUUID(), phone, null, now] });
    await client.query({
      name: 'floor_ticket',
      text: FLOOR_SQL.ticket,
      values: [
        ticketId, number, '1234', row.kind, row.status, row.priority, row.channel, callerId, row.category_id, row.description,
        row.address, row.district, row.lat, row.lng, row.lead_department_id, row.assisting_department_ids, row.first_contact_user_id,
        row.resolution, row.closed ? now : null, now, row.sla_policy_id, row.due_at,
      ],
    });
    await client.query({
      name: 'floor_call',
      text: FLOOR_SQL.call,
      values: [randomUUID(), callerId, row.call_kind, ticketId, row.operator_id, row.category_id, row.description, row.answer, now],
    });
    const events = row.events ?? [];
    if (events.length > 0) {
      const values = [ticketId, now];
      for (const e of events) values.push(e.actor_id, e.actor_role, e.type, e.from_status, e.to_status, JSON.stringify(e.payload ?? {}));
      await client.query({ name: `floor_events_${events.length}`, text: floorEventSql(events.length), values });
    }
    const deadlines = row.deadlines ?? [];
    if (deadlines.length > 0) {
      const values = [ticketId];
      for (const d of deadlines) values.push(randomUUID(), d.stage, d.kind, d.level, d.seq, d.due_at, d.stage_due_at);
      await client.query({ name: `floor_deadlines_${deadlines.length}`, text: floorDeadlineSql(deadlines.length), values });
    }
    await client.query('COMMIT');
  } catch (err) {
    failed = err;
    await client.query('ROLLBACK').catch(() => undefined);
  } finally {
    client.release(failed && !failed.code ? failed : undefined);
  }
  if (failed) return `${failed.code ?? ''} ${failed.message}`.trim();
  return undefined;
}

function floorEventSql(count) {
  const tuples = [];
  for (let j = 0; j < count; j++) {
    const p = (k) => `$${3 + j * 6 + k}`;
    tuples.push(`($1, ${p(0)}::uuid, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}::jsonb, $2)`);
  }
  return `INSERT INTO ticket_event (ticket_id, actor_id, actor_role, type, from_status, to_status, payload, created_at) VALUES ${tuples.join(', ')}`;
}

function floorDeadlineSql(count) {
  const tuples = [];
  for (let j = 0; j < count; j++) {
    const p = (k) => `$${2 + j * 7 + k}`;
    tuples.push(`(${p(0)}::uuid, $1, ${p(1)}, ${p(2)}, ${p(3)}::smallint, ${p(4)}::smallint, ${p(5)}::timestamptz, ${p(6)}::timestamptz)`);
  }
  return `INSERT INTO deadline (id, ticket_id, stage, kind, level, seq, due_at, stage_due_at) VALUES ${tuples.join(', ')}`;
}

/**
 * CPU pressure (the share of time some runnable task waited for a CPU) in the 100 ms windows where
 * the open loop's slowest 1 % was sent, against the other windows: a tail that comes with pressure
 * is the machine's CPU, one without it a wait somewhere else (a lock, a commit, a pause).
 */
function pressureInSlowWindows(run, p99, samples) {
  if (samples.length === 0) return 'not available (no /proc/pressure/cpu)';
  const slow = new Set();
  run.latency.forEach((ms, j) => {
    if (ms >= p99) slow.add(Math.floor((j * 1000) / RATE / 100));
  });
  const inSlow = [];
  const elsewhere = [];
  for (const x of samples) {
    const w = Math.floor((x.at - run.measuredAt) / 100);
    if (w >= 0 && w < SECONDS * 10) (slow.has(w) ? inSlow : elsewhere).push(x.some);
  }
  const mean = (v) => (v.length === 0 ? NaN : v.reduce((a, b) => a + b, 0) / v.length);
  return `${fmt(mean(inSlow) * 100, 0)} % (max ${fmt(Math.max(...inSlow, 0) * 100, 0)} %) in the windows of the slowest 1 %, ${fmt(mean(elsewhere) * 100, 0)} % elsewhere`;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'main.js'))) throw new Error('dist/main.js is missing: run `npm run build` first (npm run bench:calls does)');

  const db = await recreateDatabase(DATABASE_URL);
  const port = process.env.BENCH_PORT ? intEnv('BENCH_PORT', 0, 1, 65535) : await freePort();
  console.log(`bench:calls  N=${N} C=${C} warm-up=${WARMUP}  database=${db.name}  server port ${port}`);
  console.log(describeMachine(db));
  noise = startNoise(process.env.BENCH_NOISE);
  if (noise) console.log(`noise        ${noise.describe} (BENCH_NOISE: other processes competing for the CPU)`);
  if (db.autovacuum === 'off') console.log('             autovacuum is off: statistics come from one ANALYZE after each warm-up, GIN pending lists are never flushed by vacuum');

  // --- API phase ---------------------------------------------------------------------------
  const t0 = performance.now();
  server = Service.seeded(ROOT, port, { databaseUrl: DATABASE_URL, redisUrl: REDIS_URL, queuePrefix: 'hotline-bench' });
  await server.waitReady();
  console.log(`server       ready in ${fmt((performance.now() - t0) / 1000, 1)} s (migrated, seeded; production mode, pid ${server.child.pid})`);

  agent = new http.Agent({ keepAlive: true, maxSockets: C, maxFreeSockets: C, noDelay: true });
  const token = await login(agent, port, 'operator', server.demoPassword);
  apiClient = new LeanHttpClient(port, { maxSockets: C });

  const measured = workload(N, 0x5eed);
  const bodies = measured.map((c) => callBody(c, PREFIX.api));
  if (WARMUP > 0) {
    const warm = workload(WARMUP, 0x3a7).map((c) => callBody(c, PREFIX.apiWarmup));
    const w = await runLoop('api warm-up', WARMUP, C, async (i) => {
      const r = await apiClient.post('/api/v1/calls', warm[i], token, 201);
      return r.status === 201 ? undefined : `HTTP ${r.status} ${r.body}`;
    });
    if (w.errors.length > WARMUP * MAX_ERROR_RATE) {
      throw new Error(`${w.errors.length}/${WARMUP} warm-up calls failed; first: ${w.errors[0]}\nserver output:\n${server.logTail()}`);
    }
  }
  await withClient(DATABASE_URL, settle);

  // transaction ids handed out during a phase, per call: the API writes calls that arrive together
  // in one statement and one transaction, so this is 1 / the average group's size
  const xid = () => withClient(DATABASE_URL, async (c) => Number((await c.query('SELECT txid_current() AS x')).rows[0].x));
  const xidA0 = await xid();
  const cpuA0 = cpuSnapshot();
  const api = await runLoop('api', N, C, async (i) => {
    const r = await apiClient.post('/api/v1/calls', bodies[i], token, 201);
    return r.status === 201 ? undefined : `HTTP ${r.status} ${r.body}`;
  });
  const apiCpu = cpuDelta(cpuA0, cpuSnapshot());
  const apiXacts = ((await xid()) - xidA0 - 1) / N;
  server.assertAlive('during the run');
  const apiPct = percentiles(api.latencies);

  // --- sustained phase: RATE calls/s on a schedule -----------------------------------------
  await withClient(DATABASE_URL, settle);
  const sustainedTotal = RATE * (SUSTAINED_WARMUP_S + SECONDS);
  const xidS0 = await xid();
  const sustainedBodies = workload(sustainedTotal, 0x5057).map((c) => callBody(c, PREFIX.sustained));
  const pressure = sampleCpuPressure();
  const sustained = await openLoop({
    label: `api at ${fmt(RATE)}/s`,
    total: sustainedTotal,
    rate: RATE,
    measuredFrom: RATE * SUSTAINED_WARMUP_S,
    send: (i) => apiClient.post('/api/v1/calls', sustainedBodies[i], token, 201),
    check: (r) => (r.status === 201 ? undefined : `HTTP ${r.status} ${String(r.body).slice(0, 300)}`),
    cpuSnapshot,
  });
  server.assertAlive('during the sustained run');
  const sustainedXacts = ((await xid()) - xidS0 - 1) / sustainedTotal;
  const pressureSamples = pressure.stop();
  const sustainedPct = percentiles(sustained.latency);
  const serverLogLines = server.logged;
  const serverLogTailText = server.logTail(5);
  agent.destroy();
  apiClient.destroy();
  await server.stop(); // the floor gets the machine to itself

  // --- floor phase -------------------------------------------------------------------------
  const { template, apiRows, callRows } = await withClient(DATABASE_URL, async (client) => {
    const template = await loadApiRows(client);
    const {
      rows: [counts],
    } = await client.query(`SELECT (SELECT count(*)::int FROM call) AS calls, (SELECT count(*)::int FROM ticket_event) AS events`);
    return { template, apiRows: template.length, callRows: counts };
  });
  if (template.length === 0) throw new Error('the API wrote no calls to copy for the floor');

  floorPool = new pg.Pool({ connectionString: DATABASE_URL, max: FLOOR_POOL, application_name: 'hotline-bench-floor' });
  floorPool.on('error', () => undefined);
  let numberSeq = 0;
  // the API's rows in registration order; each keeps its caller (new or repeat) under the floor's prefix
  const floorPhone = (prefix, phone) => `+86${prefix}${phone.slice(6)}`;
  const floorOp = (prefix) => async (i) => {
    const row = template[i % template.length];
    return floorCall(row, floorPhone(prefix, row.phone), `B${String(++numberSeq).padStart(9, '0')}`);
  };
  if (WARMUP > 0) await runLoop('floor warm-up', Math.min(WARMUP, N), C, floorOp(PREFIX.floorWarmup));
  await withClient(DATABASE_URL, settle);
  const cpuF0 = cpuSnapshot();
  const floor = await runLoop('floor', N, C, floorOp(PREFIX.floor));
  const floorCpu = cpuDelta(cpuF0, cpuSnapshot());
  const floorPct = percentiles(floor.latencies);
  // the floor at the target rate too: what p99 the bare rows allow at RATE on this machine
  await withClient(DATABASE_URL, settle);
  const floorSustained = await openLoop({
    label: `floor at ${fmt(RATE)}/s`,
    total: sustainedTotal,
    rate: RATE,
    measuredFrom: RATE * SUSTAINED_WARMUP_S,
    send: floorOp(PREFIX.floorSustained),
    check: (err) => err,
    cpuSnapshot,
  });
  const floorSustainedPct = percentiles(floorSustained.latency);
  await floorPool.end();
  floorPool = undefined;

  // --- report ------------------------------------------------------------------------------
  const ratio = api.perS / floor.perS;
  const errorRate = (api.errors.length + sustained.errors) / (N + RATE * SECONDS);
  console.log('');
  console.log(
    table([
      ['phase', 'calls', 'conc', 'wall s', 'calls/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors'],
      ['api (HTTP, Nest + TypeORM)', N, C, fmt(api.wallMs / 1000, 2), fmt(api.perS), fmt(apiPct.p50, 1), fmt(apiPct.p90, 1), fmt(apiPct.p99, 1), fmt(apiPct.max, 1), api.errors.length],
      [`api sustained, ${fmt(RATE)}/s offered`, RATE * SECONDS, 'open', SECONDS, fmt(sustained.achieved), fmt(sustainedPct.p50, 1), fmt(sustainedPct.p90, 1), fmt(sustainedPct.p99, 1), fmt(sustainedPct.max, 1), sustained.errors],
      ['floor (bare pg transaction)', N, C, fmt(floor.wallMs / 1000, 2), fmt(floor.perS), fmt(floorPct.p50, 1), fmt(floorPct.p90, 1), fmt(floorPct.p99, 1), fmt(floorPct.max, 1), floor.errors.length],
      [`floor sustained, ${fmt(RATE)}/s offered`, RATE * SECONDS, 'open', SECONDS, fmt(floorSustained.achieved), fmt(floorSustainedPct.p50, 1), fmt(floorSustainedPct.p90, 1), fmt(floorSustainedPct.p99, 1), fmt(floorSustainedPct.max, 1), floorSustained.errors],
    ]),
  );
  console.log('');
  const cores = (c) =>
    ['server', 'postgres', 'bench', 'machine'].map((k) => `${k} ${c[k] === undefined ? '-' : fmt(c[k], 2)}`).join(', ') +
    ` (server in the kernel ${fmt(c.serverSys ?? NaN, 2)}; cpu pressure ${fmt((c.pressure ?? NaN) * 100, 0)} %)`;
  console.log(`cpu, cores busy on average (of ${os.cpus().length}):`);
  console.log(`  api   ${cores(apiCpu)}`);
  console.log(`  api sustained ${cores(sustained.cpu)}; client send lag p99 ${fmt(percentiles(sustained.lag).p99, 1)} ms`);
  console.log(`  floor ${cores(floorCpu)}`);
  console.log(`  floor sustained ${cores(floorSustained.cpu)}; client send lag p99 ${fmt(percentiles(floorSustained.lag).p99, 1)} ms`);
  console.log(`  steal (the host took): api ${fmt(apiCpu.steal ?? NaN, 2)}, api sustained ${fmt(sustained.cpu.steal ?? NaN, 2)}, floor ${fmt(floorCpu.steal ?? NaN, 2)}`);
  console.log(`  per call: server ${fmt(((apiCpu.server ?? NaN) / api.perS) * 1e6)} µs, postgres ${fmt((apiCpu.postgres / api.perS) * 1e6)} µs (api) vs ${fmt((floorCpu.postgres / floor.perS) * 1e6)} µs (floor)`);
  const tail = (r, pct) => `${tailShape(r.latency, (j) => (j * 1000) / RATE, pct.p99, 'sent')}; measured from ${new Date(r.measuredAt).toISOString()}`;
  console.log(`tail         api at ${fmt(RATE)}/s: ${tail(sustained, sustainedPct)}`);
  console.log(`             floor at ${fmt(RATE)}/s: ${tail(floorSustained, floorSustainedPct)}`);
  console.log(`             cpu pressure during api at ${fmt(RATE)}/s: ${pressureInSlowWindows(sustained, sustainedPct.p99, pressureSamples)}`);
  console.log(`transactions per call (1 / calls written together): api ${fmt(apiXacts, 3)}, api sustained ${fmt(sustainedXacts, 3)}; floor 1`);
  console.log('');
  console.log(`rows         api wrote ${apiRows} measured tickets (${callRows.calls} calls, ${callRows.events} history rows incl. warm-up); floor wrote each again as BEGIN; caller upsert; ticket; call; ticket_event (1-2 rows); deadline (the API's rows); COMMIT`);
  if (serverLogLines > 0) console.log(`server log   ${serverLogLines} line(s) at LOG_LEVEL=warn; last:\n${serverLogTailText}`);
  if (api.errors.length > 0) console.log(`api errors   ${api.errors.length} (${fmt(errorRate * 100, 2)}%); first: ${api.errors[0].slice(0, 500)}`);
  if (floor.errors.length > 0) console.log(`floor errors ${floor.errors.length}; first: ${floor.errors[0].slice(0, 500)}`);
  if (floorSustained.errors > 0) console.log(`floor sustained errors ${floorSustained.errors}; ${[...floorSustained.failures].map(([e, n]) => `${n} × ${e.slice(0, 200)}`).join('; ')}`);
  if (sustained.errors > 0) console.log(`sustained errors ${sustained.errors}; ${[...sustained.failures].map(([e, n]) => `${n} × ${e.slice(0, 200)}`).join('; ')}`);
  const verdict = (ok) => (ok ? 'ok' : 'MISSED');
  const keptUp = sustained.achieved >= RATE * 0.98;
  console.log(
    `targets      calls/s ≥ ${fmt(TARGET.callsPerS)}: ${verdict(api.perS >= TARGET.callsPerS)}; ` +
      `p99 ≤ ${TARGET.p99Ms} ms at ${fmt(RATE)}/s sustained: ${verdict(keptUp && sustainedPct.p99 <= TARGET.p99Ms)} (${fmt(sustainedPct.p99, 1)} ms${keptUp ? '' : `, only ${fmt(sustained.achieved)}/s kept up`}; closed loop at C=${C}: ${fmt(apiPct.p99, 1)} ms; the floor's at ${fmt(RATE)}/s: ${fmt(floorSustainedPct.p99, 1)} ms${floorSustained.achieved >= RATE * 0.98 ? '' : `, ${fmt(floorSustained.achieved)}/s kept up`}); ` +
      `ratio api/floor ≥ ${TARGET.ratio}: ${verdict(ratio >= TARGET.ratio)} (${fmt(ratio, 2)})`,
  );
  const failed = errorRate > MAX_ERROR_RATE;
  if (failed) console.log(`FAILED       more than ${MAX_ERROR_RATE * 100}% of the API calls failed`);
  console.log(`bench:calls calls_per_s=${Math.round(api.perS)} p99_ms=${sustainedPct.p99.toFixed(1)} floor_per_s=${Math.round(floor.perS)} ratio=${ratio.toFixed(2)}`);
  return failed ? 1 : 0;
}

runBench('bench:calls', TIMEOUT_S, main, cleanup);
