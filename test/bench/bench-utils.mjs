// Pieces the benchmarks share: env parsing, the run's lifecycle, the built service as a child
// process, the bench database, HTTP helpers, a closed-loop runner, CPU accounting from /proc,
// percentiles, tables, and progress lines (one updating line on a TTY, else a line per 25 %).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

export function intEnv(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// CPU accounting (Linux /proc; silently absent elsewhere)

const CLK_TCK = 100;

/** utime + stime of a process, in clock ticks. */
export function procTicks(pid, which = 'all') {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // utime + stime, or with which = 'sys' the kernel's part alone (system calls, socket writes)
    return which === 'sys' ? Number(f[12]) : Number(f[11]) + Number(f[12]);
  } catch {
    return undefined;
  }
}

/**
 * utime + stime of PostgreSQL's processes by pid. With `scope` ({ postmaster, database }, from
 * postgresScope): that server's processes only, and of its client backends only those connected
 * to that database, so a test suite on another database or server is not counted.
 */
function postgresTicks(scope) {
  const out = new Map();
  let entries;
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const s = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const comm = s.slice(s.indexOf('(') + 1, s.lastIndexOf(')'));
      if (!comm.startsWith('postgres')) continue;
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      if (scope && !inScope(scope, e, Number(f[1]))) continue;
      out.set(e, Number(f[11]) + Number(f[12]));
    } catch {
      /* process ended */
    }
  }
  return out;
}

function inScope(scope, pid, ppid) {
  if (Number(pid) === scope.postmaster) return true;
  if (ppid !== scope.postmaster) return false;
  // a client backend's title: "postgres: [cluster: ]user database host(port)|[local] state"
  const title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
  const backend = /^postgres: (?:\S+: )?\S+ (\S+) (?:\[local\]|\S+\(\d+\))/.exec(title);
  return !backend || backend[1] === scope.database;
}

/** The server and database a pg client is connected to, as postgresTicks' scope; undefined when that server is not on this machine. */
export async function postgresScope(client) {
  const { rows } = await client.query('SELECT pg_backend_pid() AS pid, current_database() AS database');
  try {
    const s = fs.readFileSync(`/proc/${rows[0].pid}/stat`, 'utf8');
    if (!s.includes('(postgres')) return undefined;
    return { postmaster: Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]), database: rows[0].database };
  } catch {
    return undefined;
  }
}

function machineTicks() {
  try {
    const [cpu] = fs.readFileSync('/proc/stat', 'utf8').split('\n');
    const v = cpu.trim().split(/\s+/).slice(1).map(Number);
    return { idle: v[3] + (v[4] ?? 0), steal: v[7] ?? 0, total: v.slice(0, 8).reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}

/** µs that some runnable task waited for a CPU since boot (Linux PSI, /proc/pressure/cpu), or undefined. */
function cpuPressureUs() {
  try {
    return Number(/some .*total=(\d+)/.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'))[1]);
  } catch {
    return undefined;
  }
}

/**
 * Samples CPU pressure every `intervalMs` until `stop()`, which returns [{ at (epoch ms), some }]:
 * `some` is the share of the interval in which a runnable task waited for a CPU. A bench matches
 * these with the windows its slowest requests fell in.
 */
export function sampleCpuPressure(intervalMs = 20) {
  const samples = [];
  let last = cpuPressureUs();
  let lastAt = performance.now();
  const timer = setInterval(() => {
    const now = cpuPressureUs();
    const at = performance.now();
    if (now !== undefined && last !== undefined) samples.push({ at: Date.now(), some: (now - last) / ((at - lastAt) * 1000) });
    last = now;
    lastAt = at;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return samples;
    },
  };
}

/** `procs`: named tick counts of the processes under test (from procTicks), e.g. { server }; `pgScope`: see postgresTicks. */
export function takeCpuSnapshot(procs, pgScope) {
  return { at: performance.now(), procs, postgres: postgresTicks(pgScope), self: process.cpuUsage(), machine: machineTicks(), pressureUs: cpuPressureUs() };
}

/** Cores busy on average between two snapshots: each named process, postgres, this bench, the machine (and of it, stolen by a VM's host). */
export function cpuDelta(a, b) {
  const s = (b.at - a.at) / 1000;
  let pgTicks = 0;
  for (const [pid, t] of b.postgres) pgTicks += t - (a.postgres.get(pid) ?? 0);
  const self = process.cpuUsage(a.self);
  const out = { postgres: pgTicks / CLK_TCK / s, bench: (self.user + self.system) / 1e6 / s };
  for (const [name, ticks] of Object.entries(b.procs)) {
    if (ticks !== undefined && a.procs[name] !== undefined) out[name] = (ticks - a.procs[name]) / CLK_TCK / s;
  }
  if (a.machine && b.machine) {
    const total = b.machine.total - a.machine.total;
    out.machine = total > 0 ? ((total - (b.machine.idle - a.machine.idle)) / total) * os.cpus().length : undefined;
    // a virtual machine's CPUs taken by the host: counted in `machine`, done by nobody here
    out.steal = total > 0 ? ((b.machine.steal - a.machine.steal) / total) * os.cpus().length : undefined;
  }
  // the share of the time some runnable task waited for a CPU
  if (a.pressureUs !== undefined && b.pressureUs !== undefined) out.pressure = (b.pressureUs - a.pressureUs) / (s * 1e6);
  return out;
}

// ---------------------------------------------------------------------------------------------
// figures and tables

export function percentiles(values) {
  const sorted = Float64Array.from(values).sort();
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { n: sorted.length, min: sorted[0], p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] };
}

/**
 * Where the slowest 1% (≥ `p99`) happened, in 100 ms windows: one stall (a pause of a process, a
 * slow commit) sets a p99 alone and wants another cure than a queue that is simply full. `atMs(j)`
 * is when sample j was sent or fell due, in ms from the start of the measured run.
 */
export function tailShape(latency, atMs, p99, verb = 'due') {
  const windows = new Map();
  let slow = 0;
  let last = 0;
  for (let j = 0; j < latency.length; j++) {
    last = Math.max(last, atMs(j));
    if (latency[j] < p99) continue;
    slow++;
    const w = Math.floor(atMs(j) / 100);
    windows.set(w, (windows.get(w) ?? 0) + 1);
  }
  const worst = [...windows].sort((a, b) => b[1] - a[1]).slice(0, 3);
  const top = worst.reduce((a, [, n]) => a + n, 0);
  return (
    `the ${fmt(slow)} slowest (≥ p99) were ${verb} in ${fmt(windows.size)} of ${fmt(Math.ceil((last + 1) / 100))} windows of 100 ms; ` +
    `the busiest ${worst.length} hold ${fmt((top / Math.max(1, slow)) * 100, 0)}% (at ${worst.map(([w]) => `+${fmt(w / 10, 1)} s`).join(', ')})`
  );
}

export const fmt = (n, d = 0) =>
  n === undefined || n === null || Number.isNaN(n) ? '-' : n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

export function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const line = (r) => r.map((v, c) => (c === 0 ? String(v).padEnd(widths[c]) : String(v).padStart(widths[c]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// progress

let progress;
let progressTimer;

export function startProgress(label, total, getDone) {
  stopProgress();
  const tty = process.stderr.isTTY;
  const t0 = performance.now();
  progress = { tty, label, total, getDone, t0, quarter: 0 };
  progressTimer = setInterval(() => {
    const done = getDone();
    const now = performance.now();
    if (tty) {
      const rate = (done / (now - t0)) * 1000;
      process.stderr.write(`\r\x1b[K${label} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${Math.round(rate).toLocaleString('en-US')}/s avg`);
    } else {
      reportQuarter(done, now);
    }
  }, 500);
}

function reportQuarter(done, now) {
  const q = Math.min(4, Math.floor((done * 4) / progress.total));
  if (q <= progress.quarter) return;
  progress.quarter = q;
  const rate = (done / (now - progress.t0)) * 1000;
  process.stderr.write(`${progress.label} ${done}/${progress.total} (${q * 25}%) ${Math.round(rate)}/s avg\n`);
}

export function stopProgress() {
  clearInterval(progressTimer);
  progressTimer = undefined;
  if (progress?.tty) process.stderr.write('\r\x1b[K');
  else if (progress) reportQuarter(progress.getDone(), performance.now());
  progress = undefined;
}

/** A line of its own, clearing a progress line first. */
export function note(line) {
  if (progress?.tty) process.stderr.write('\r\x1b[K');
  process.stderr.write(`${line}\n`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** mulberry32: a seeded generator, so a workload is the same on every run. */
export function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// the run

/**
 * Runs `main` (resolves to the exit code) within `timeoutS`. `cleanup` runs once however the run
 * ends (done, failed, over time, SIGINT/SIGTERM) and the process then exits.
 */
export function runBench(name, timeoutS, main, cleanup) {
  let cleaning;
  let interrupted = false;
  const finish = (code) => {
    stopProgress();
    cleaning ??= Promise.resolve()
      .then(cleanup)
      .catch(() => undefined);
    cleaning.finally(() => process.exit(code));
  };
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
    process.on(signal, () => {
      interrupted = true;
      process.stderr.write(`\n${name}: ${signal}, stopping\n`);
      finish(code);
    });
  }
  const overall = setTimeout(() => {
    stopProgress();
    console.error(`${name}: aborted after the overall time limit of ${timeoutS} s`);
    finish(1);
  }, timeoutS * 1000);
  main().then(
    (code) => {
      clearTimeout(overall);
      finish(code);
    },
    (err) => {
      clearTimeout(overall);
      stopProgress();
      if (!interrupted) console.error(`${name}: ${err?.stack ?? err}`); // else: the failures stopping caused
      finish(1);
    },
  );
}

// ---------------------------------------------------------------------------------------------
// the service under test

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Extra node flags for the benchmarked service processes, from BENCH_SERVER_NODE_ARGS. */
export const serverNodeArgs = () => (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

/**
 * The built API (`node dist/main.js`, production mode, LOG_LEVEL=warn) as a child process, with
 * `env` over this process's environment. BENCH_SERVER_NODE_ARGS adds node flags, e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof". Keeps the last 40 lines it wrote; `died` is set when it
 * exits without being asked to.
 */
export class Service {
  constructor(root, port, env) {
    this.port = port;
    this.log = [];
    this.logged = 0;
    this.stopping = false;
    this.child = spawn(process.execPath, [...serverNodeArgs(), 'dist/main.js'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    });
    keepLines(this.child.stdout, this);
    keepLines(this.child.stderr, this);
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    this.exited.then((e) => {
      if (!this.stopping) this.died = e;
    });
    this.kill = this.kill.bind(this);
    process.on('exit', this.kill);
  }

  /**
   * On a fresh database: migrated at start and seeded with the demo hotline, whose users log in
   * with `service.demoPassword`.
   */
  static seeded(root, port, { databaseUrl, redisUrl, queuePrefix, env = {} }) {
    const demoPassword = `bench-${randomBytes(6).toString('hex')}`;
    const service = new Service(root, port, {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      JWT_SECRET: randomBytes(24).toString('hex'),
      MIGRATE_ON_START: 'true',
      SEED_DEMO: 'true',
      DEMO_PASSWORD: demoPassword,
      QUEUE_PREFIX: queuePrefix,
      ...env,
    });
    service.demoPassword = demoPassword;
    return service;
  }

  get running() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  kill() {
    if (!this.running) return;
    try {
      this.child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }

  /** SIGTERM, and SIGKILL after 10 s. */
  async stop() {
    if (!this.running) return;
    this.stopping = true;
    this.child.kill('SIGTERM');
    const timer = setTimeout(this.kill, 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  logTail(n = 25) {
    return this.log.slice(-n).map((l) => `  | ${l.length > 400 ? `${l.slice(0, 400)}…` : l}`).join('\n');
  }

  assertAlive(when) {
    if (this.died) throw new Error(`the server died ${when} (code ${this.died.code}, signal ${this.died.signal}); its last output:\n${this.logTail()}`);
  }

  /** Until GET /health/ready answers 200. */
  async waitReady(limitMs = 90_000) {
    const until = Date.now() + limitMs;
    while (Date.now() < until) {
      this.assertAlive('during start-up');
      const r = await httpRequest(undefined, this.port, 'GET', '/health/ready', { timeoutMs: 2_000, expect: 200 });
      if (r.status === 200) return;
      await sleep(200);
    }
    throw new Error(`the server was not ready within ${limitMs / 1000} s; its last output:\n${this.logTail()}`);
  }
}

/** Keeps the last 40 lines a child process writes in `into.log`, and counts them in `into.logged`. */
export function keepLines(stream, into) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const line of lines) {
      into.logged++;
      into.log.push(line);
      if (into.log.length > 40) into.log.shift();
    }
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP

/**
 * One request to 127.0.0.1:`port`; resolves to { status, body }, never rejects: status 0 on a
 * socket error or a timeout (the body says which). The body is read unless the status is `expect`.
 */
export function httpRequest(agent, port, method, urlPath, { headers = {}, body, expect, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve) => {
    const req = http.request({ agent, host: '127.0.0.1', port, method, path: urlPath, headers }, (res) => {
      if (res.statusCode === expect) {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode }));
        res.on('error', (e) => resolve({ status: 0, body: `response error: ${e.message}` }));
        return;
      }
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => resolve({ status: 0, body: `response error: ${e.message}` }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no response within ${timeoutMs} ms`)));
    req.on('error', (e) => resolve({ status: 0, body: `request error: ${e.message}` }));
    req.end(body);
  });
}

/** POST a JSON buffer, with a bearer token when given. */
export function postJson(agent, port, urlPath, buf, token, expect) {
  const headers = { 'content-type': 'application/json', 'content-length': buf.length };
  if (token) headers.authorization = `Bearer ${token}`;
  return httpRequest(agent, port, 'POST', urlPath, { headers, body: buf, expect });
}

/**
 * A lean HTTP/1.1 keep-alive client for a benchmark's measured requests: up to `maxSockets`
 * connections to 127.0.0.1:`port`, one request at a time on each, the rest queued in order (as
 * http.Agent does). The load generator shares the machine with the server and PostgreSQL; node:http
 * costs it ~150 µs of CPU per request (bench:calls at 1,000/s: 0.17 cores), this a fraction of that,
 * so less of what is measured is the client's own load. post() resolves as postJson() does:
 * { status, body? }, status 0 on a socket error, a timeout or an answer it cannot read.
 */
export class LeanHttpClient {
  constructor(port, { maxSockets, timeoutMs = 30_000 }) {
    this.port = port;
    this.maxSockets = maxSockets;
    this.timeoutMs = timeoutMs;
    this.idle = [];
    this.open = 0;
    this.waiting = [];
    this.closed = false;
  }

  post(urlPath, buf, token, expect) {
    const head = `POST ${urlPath} HTTP/1.1\r\nhost: 127.0.0.1:${this.port}\r\ncontent-type: application/json\r\ncontent-length: ${buf.length}\r\n${token ? `authorization: Bearer ${token}\r\n` : ''}\r\n`;
    return new Promise((resolve) => {
      const job = { bytes: Buffer.concat([Buffer.from(head, 'latin1'), buf]), expect, resolve };
      const conn = this.idle.pop() ?? (this.open < this.maxSockets ? this.connect() : undefined);
      if (conn) this.send(conn, job);
      else this.waiting.push(job);
    });
  }

  destroy() {
    this.closed = true;
    for (const c of this.idle) c.socket.destroy();
    this.idle = [];
  }

  connect() {
    this.open++;
    const socket = net.connect({ host: '127.0.0.1', port: this.port, noDelay: true });
    const conn = { socket, job: undefined, chunks: [], length: 0, timer: undefined };
    socket.on('data', (chunk) => this.read(conn, chunk));
    socket.on('error', () => undefined); // 'close' follows and fails the job in flight
    socket.on('close', () => {
      this.open--;
      this.idle = this.idle.filter((c) => c !== conn);
      this.finish(conn, { status: 0, body: 'request error: connection closed' }, false);
      this.next(); // a queued request may now open a connection of its own
    });
    return conn;
  }

  send(conn, job) {
    conn.job = job;
    conn.timer = setTimeout(() => {
      this.finish(conn, { status: 0, body: `no response within ${this.timeoutMs} ms` }, false);
      conn.socket.destroy();
    }, this.timeoutMs);
    conn.socket.write(job.bytes);
  }

  /** Buffers until the head and a content-length body are in; anything else closes the socket. */
  read(conn, chunk) {
    conn.chunks.push(chunk);
    conn.length += chunk.length;
    const buf = conn.chunks.length === 1 ? chunk : Buffer.concat(conn.chunks);
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = buf.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!m || !/^HTTP\/1\.1 \d{3}/.test(head)) {
      this.finish(conn, { status: 0, body: `response error: cannot read ${JSON.stringify(head.slice(0, 200))}` }, false);
      conn.socket.destroy();
      return;
    }
    const total = end + 4 + Number(m[1]);
    if (conn.length < total) {
      if (conn.chunks.length > 1) conn.chunks = [buf];
      return;
    }
    const reusable = conn.length === total && !/\r\nconnection:\s*close/i.test(head);
    const result = status === conn.job?.expect ? { status } : { status, body: buf.toString('utf8', end + 4, total) };
    conn.chunks = [];
    conn.length = 0;
    this.finish(conn, result, reusable);
    if (!reusable) conn.socket.destroy();
  }

  finish(conn, result, reusable) {
    const job = conn.job;
    if (!job) return;
    clearTimeout(conn.timer);
    conn.job = undefined;
    job.resolve(result);
    if (!reusable || this.closed) return;
    const queued = this.waiting.shift();
    if (queued) this.send(conn, queued);
    else this.idle.push(conn);
  }

  next() {
    if (this.closed || this.waiting.length === 0 || this.open >= this.maxSockets) return;
    this.send(this.connect(), this.waiting.shift());
  }
}

/**
 * Noisy neighbours for a run: `spec` is a comma list of busy/idle ms, one process each, e.g.
 * "300/700,300/700,300/700" (three processes, each spinning a core for 300 ms of every second).
 * They stand for what else may run on a shared machine. Returns { describe, stop() }; undefined
 * for an empty spec.
 */
export function startNoise(spec) {
  if (!spec) return undefined;
  const parts = spec.split(',').map((p) => {
    const m = /^\s*(\d+)\/(\d+)\s*$/.exec(p);
    if (!m || Number(m[1]) < 1) throw new Error(`BENCH_NOISE: "${p}" is not busy/idle ms, e.g. 300/700`);
    return [Number(m[1]), Number(m[2])];
  });
  const loop = 'const [b, i] = process.argv.slice(1).map(Number); const spin = () => { const end = performance.now() + b; while (performance.now() < end); setTimeout(spin, i); }; spin();';
  const children = parts.map(([busy, idle]) => spawn(process.execPath, ['-e', loop, String(busy), String(idle)], { stdio: 'ignore' }));
  return {
    describe: parts.map(([busy, idle]) => `busy ${busy} ms of every ${busy + idle}`).join('; '),
    stop() {
      for (const c of children) c.kill('SIGKILL');
    },
  };
}

/** A demo user's access token. */
export async function login(agent, port, username, password) {
  const r = await postJson(agent, port, '/api/v1/auth/login', Buffer.from(JSON.stringify({ username, password })));
  if (r.status !== 200) throw new Error(`login as ${username} failed: HTTP ${r.status} ${r.body}`);
  const token = JSON.parse(r.body ?? 'null')?.accessToken;
  if (!token) throw new Error(`login answered without an accessToken: ${r.body}`);
  return token;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/** Drops and re-creates the database `url` names; returns what a report says about the server. */
export async function recreateDatabase(url) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`BENCH_DATABASE_URL: database name "${name}" must be letters, digits and _`);
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
    const [{ version }] = (await admin.query('SELECT version()')).rows;
    const settings = (
      await admin.query(`SELECT name, setting, unit FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync', 'shared_buffers', 'max_connections', 'autovacuum') ORDER BY name`)
    ).rows.map((r) => `${r.name}=${r.unit === '8kB' ? `${(Number(r.setting) * 8) / 1024}MB` : r.setting}`);
    const autovacuum = (await admin.query(`SELECT setting FROM pg_settings WHERE name = 'autovacuum'`)).rows[0]?.setting;
    return { name, version, settings, autovacuum };
  } finally {
    await admin.end();
  }
}

/** The machine and the PostgreSQL server (from recreateDatabase), for a report's header. */
export function describeMachine(db) {
  return [
    `machine      ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`,
    `postgresql   ${db.version}`,
    `             ${db.settings.join(' ')}`,
  ].join('\n');
}

export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Before a measured phase: planner statistics for the tables just filled (a fresh database has
 * none, and autovacuum, when on, would not get to them within a run), and a checkpoint so one
 * does not land in the middle of the phase.
 */
export async function settle(client) {
  await client.query('ANALYZE');
  await client.query('CHECKPOINT').catch(() => undefined); // needs superuser (or pg_checkpoint); best effort
}

// ---------------------------------------------------------------------------------------------
// closed loop

/**
 * Runs `count` operations with `concurrency` in flight (closed loop). `op(i)` resolves to an error
 * description or undefined. Returns latencies (ms), wall time, errors.
 */
export async function runLoop(label, count, concurrency, op, { showProgress = true } = {}) {
  const latencies = new Float64Array(count);
  const errors = [];
  let next = 0;
  let done = 0;
  const started = performance.now();
  if (showProgress) startProgress(label, count, () => done);
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const t0 = performance.now();
      let err;
      try {
        err = await op(i);
      } catch (e) {
        err = e?.message ?? String(e);
      }
      latencies[i] = performance.now() - t0;
      if (err !== undefined) errors.push(err);
      done++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const wallMs = performance.now() - started;
  if (showProgress) stopProgress();
  return { count, latencies, wallMs, errors, perS: count / (wallMs / 1000) };
}

// ---------------------------------------------------------------------------------------------
// open loop

/**
 * Sends operation i at t0 + i/rate, whatever came back so far (open loop: the load a service
 * sees from many independent callers). `send(i)` resolves to the response; `check(response,
 * latencyMs)` to an error description or undefined. Latency runs from the scheduled instant;
 * `lag` is how late this process actually sent (its own share of the latency). The first
 * `measuredFrom` operations are warm-up. Resolves when every response is in, with CPU figures
 * (`cpuSnapshot()`) over the measured window and the indexes of the measured failures.
 */
export function openLoop({ label, total, rate, measuredFrom, send, check, cpuSnapshot }) {
  const latency = new Float64Array(total);
  const lag = new Float64Array(total);
  const failures = new Map();
  const failed = new Set();
  let errors = 0;
  let warmupErrors = 0;
  let sent = 0;
  let done = 0;
  let cpu0;
  let lastDone = 0;
  startProgress(label, total, () => done);
  return new Promise((resolve) => {
    const t0 = performance.now() + 50;
    const due = (i) => t0 + (i * 1000) / rate;
    const settleOne = (i, err) => {
      const now = performance.now();
      latency[i] = now - due(i);
      if (err !== undefined && i < measuredFrom) warmupErrors++;
      else if (err !== undefined) {
        errors++;
        failed.add(i);
        failures.set(err, (failures.get(err) ?? 0) + 1);
      }
      if (i >= measuredFrom) lastDone = Math.max(lastDone, now);
      if (++done < total) return;
      const cpu = cpuDelta(cpu0 ?? cpuSnapshot(), cpuSnapshot());
      stopProgress();
      const measured = total - measuredFrom;
      // measuredAt: when the measured part began (epoch ms), to match a tail window with another log's times
      resolve({ measuredAt: Date.now() - (performance.now() - due(measuredFrom)), latency: latency.subarray(measuredFrom), lag: lag.subarray(measuredFrom), errors, warmupErrors, failures, failed, cpu, achieved: measured / ((lastDone - due(measuredFrom)) / 1000) });
    };
    const fire = (i) => {
      if (i === measuredFrom) cpu0 = cpuSnapshot();
      lag[i] = performance.now() - due(i);
      send(i).then(
        (r) => settleOne(i, check(r, performance.now() - due(i))),
        (e) => settleOne(i, e?.message ?? String(e)),
      );
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && due(sent) <= now) fire(sent++);
      if (sent < total) setTimeout(tick, Math.max(0, due(sent) - performance.now()));
    };
    setTimeout(tick, 50);
  });
}

// ---------------------------------------------------------------------------------------------
// what callers complain about (seeded demo categories)

const CASES = [
  ['environment.noise.construction', [
    'A construction site next to the residential compound keeps pile driving after 10 pm; residents cannot sleep.',
    'Night work on the road works outside building {n} goes on past midnight with heavy machinery.',
    'Concrete mixers and cutting saws start at 5 am every day at the site on the corner, for two weeks now.',
  ]],
  ['environment.water-pollution', [
    'The stream behind the market turned dark grey and smells; a pipe from the workshop at no. {n} drains into it.',
    'Oily foam on the river near the bridge since yesterday, dead fish along the bank.',
  ]],
  ['labor.wage-arrears', [
    'The caller and {n} other workers have not been paid for three months by the decoration company.',
    'The restaurant owner closed the shop and left without paying the last two months of wages.',
  ]],
  ['urban.garbage', [
    'Garbage bins at the gate of the compound have not been emptied for five days and are overflowing.',
    'Construction waste dumped on the pavement outside no. {n}, blocking the way to the bus stop.',
  ]],
  ['market.food-safety', [
    'Bought cooked meat at the supermarket on the ground floor; it was spoiled and two family members fell ill.',
    'A street-side breakfast stall reuses frying oil for days and has no health certificate displayed.',
  ]],
];
const STREETS = ['Zhongguancun Street', 'Xueyuan Road', 'Haidian Road', 'Suzhou Street', 'Wanquanhe Road', 'Chengfu Road'];

/** A complaint as an operator types it: { categoryCode, description, address }; draws 4 numbers from `rand`. */
export function complaint(rand) {
  const [categoryCode, texts] = CASES[Math.floor(rand() * CASES.length)];
  const n = 1 + Math.floor(rand() * 300);
  return {
    categoryCode,
    description: texts[Math.floor(rand() * texts.length)].replace('{n}', String(n)),
    address: `No. ${n}, ${STREETS[Math.floor(rand() * STREETS.length)]}, Haidian District`,
  };
}
