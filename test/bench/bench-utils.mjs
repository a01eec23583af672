// Pieces both benchmarks use: env parsing, CPU accounting from /proc, percentiles, tables, and
// progress lines (one updating line on a TTY, else a line per 25 %).
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

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
export function procTicks(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return undefined;
  }
}

function postgresTicks() {
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
      out.set(e, Number(f[11]) + Number(f[12]));
    } catch {
      /* process ended */
    }
  }
  return out;
}

function machineTicks() {
  try {
    const [cpu] = fs.readFileSync('/proc/stat', 'utf8').split('\n');
    const v = cpu.trim().split(/\s+/).slice(1).map(Number);
    return { idle: v[3] + (v[4] ?? 0), total: v.slice(0, 8).reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}

/** `procs`: named tick counts of the processes under test (from procTicks), e.g. { server }. */
export function takeCpuSnapshot(procs) {
  return { at: performance.now(), procs, postgres: postgresTicks(), self: process.cpuUsage(), machine: machineTicks() };
}

/** Cores busy on average between two snapshots: each named process, postgres, this bench, the machine. */
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
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// figures and tables

export function percentiles(values) {
  const sorted = Float64Array.from(values).sort();
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { n: sorted.length, min: sorted[0], p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] };
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
