#!/usr/bin/env node
// `npm test`: builds, then runs the unit and e2e suites against real PostgreSQL and Redis, then
// the e2e suite once more in one-machine mode (embedded PostgreSQL, BullMQ on PostgreSQL).
// Extra arguments go to Jest (e.g. `npm test -- -t merge`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dbUrl = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotline_test');
const redisUrl = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
const extra = process.argv.slice(2);

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port), timeout: 1500 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

const missing = [];
if (!(await reachable(dbUrl.hostname, dbUrl.port || 5432))) missing.push(`PostgreSQL at ${dbUrl.hostname}:${dbUrl.port || 5432}`);
if (!(await reachable(redisUrl.hostname, redisUrl.port || 6379))) missing.push(`Redis at ${redisUrl.hostname}:${redisUrl.port || 6379}`);
// the console's browser tests drive Debian's Chromium; a browser download is not possible here
const services = missing.length;
if (!fs.existsSync('/usr/bin/chromium')) missing.push('Chromium at /usr/bin/chromium');
if (missing.length) {
  const fixes = [services ? 'start PostgreSQL and Redis with `docker compose up -d postgres redis` (or set TEST_DATABASE_URL / TEST_REDIS_URL)' : '', missing.length > services ? 'install Chromium with `apt-get install -y chromium`' : ''];
  console.error(`npm test needs ${missing.join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} missing: ${fixes.filter(Boolean).join('; ')}.`);
  process.exit(1);
}

const run = (cmd, args, env = {}, timeout) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, timeout, killSignal: 'SIGKILL' });
  if (r.error?.code === 'ETIMEDOUT') console.error(`\n${path.basename(args[1] ?? cmd)} was stopped after ${timeout / 60_000} minutes`);
  return r.status ?? 1;
};
// a run that hangs (an app that never closes) fails in minutes instead of holding CI for its whole budget
const JEST_MINUTES = 25;

if (run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']) !== 0) process.exit(1);
if (run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.migrations.json']) !== 0) process.exit(1);
// the tests themselves are type-checked too (ts-jest only transpiles)
if (run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']) !== 0) process.exit(1);
// the web console: type-checked, then bundled into dist/console/web, which the e2e tests' app serves
if (run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'src/console/web/tsconfig.json']) !== 0) process.exit(1);
if (run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'src/console/web/vite.config.ts', '--logLevel', 'warn']) !== 0) process.exit(1);

const totals = { passed: 0, failed: 0, skipped: 0 };
function jest(label, args, env) {
  const out = path.join(os.tmpdir(), `hotline-jest-${process.pid}-${label}.json`);
  console.log(`\n=== ${label} ===`);
  const status = run(process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', 'node_modules/jest/bin/jest.js', '--json', `--outputFile=${out}`, '--forceExit', ...args, ...extra], env, JEST_MINUTES * 60_000);
  if (fs.existsSync(out)) {
    const r = JSON.parse(fs.readFileSync(out, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
    totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    fs.rmSync(out);
  } else if (status !== 0) {
    totals.failed += 1;
  }
  return status;
}

const a = jest('unit + e2e on PostgreSQL and Redis', [], { TEST_BACKEND: 'production' });
const b = jest('e2e in one-machine mode (embedded PostgreSQL, BullMQ on PostgreSQL)', ['--selectProjects', 'e2e', '--testPathIgnorePatterns', 'demo-start'], { TEST_BACKEND: 'demo' });
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(a === 0 && b === 0 && totals.failed === 0 ? 0 : 1);
