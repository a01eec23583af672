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
if (missing.length) {
  console.error(`npm test needs ${missing.join(' and ')}, which did not answer: start them with \`docker compose up -d postgres redis\` (or set TEST_DATABASE_URL / TEST_REDIS_URL).`);
  process.exit(1);
}

const run = (cmd, args, env = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

if (run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']) !== 0) process.exit(1);
if (run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.migrations.json']) !== 0) process.exit(1);
// the tests themselves are type-checked too (ts-jest only transpiles)
if (run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']) !== 0) process.exit(1);

const totals = { passed: 0, failed: 0, skipped: 0 };
function jest(label, args, env) {
  const out = path.join(os.tmpdir(), `hotline-jest-${process.pid}-${label}.json`);
  console.log(`\n=== ${label} ===`);
  const status = run(process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', 'node_modules/jest/bin/jest.js', '--json', `--outputFile=${out}`, ...args, ...extra], env);
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
