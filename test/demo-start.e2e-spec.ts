// `npm start` on a machine with nothing configured: the built app (dist/) starts an embedded
// PostgreSQL in DATA_DIR, migrates, seeds the demo hotline, serves the API with BullMQ on
// PostgreSQL, prints its URL and logins, stops PostgreSQL cleanly on Ctrl-C (SIGINT), and serves
// the console, where the demo operator signs in to the call screen.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, screenshot, waitForFocus, watchErrors } from './utils/browser.js';
import { logIn } from './utils/console-app.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PASSWORD = 'demo-pass-for-tests';

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
}

async function start(dataDir: string): Promise<Running> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', DATA_DIR: dataDir, DEMO_PASSWORD: PASSWORD, LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, ['dist/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before serving:\n${out}`));
    });
  });
  return { child, url, output: () => out };
}

async function stop(r: Running): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => r.child.once('exit', (code) => resolve(code)));
  r.child.kill('SIGINT');
  return exited;
}

async function json(url: string, init: RequestInit & { token?: string } = {}) {
  const res = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
  });
  return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function login(url: string, username: string) {
  const res = await json(`${url}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username, password: PASSWORD }) });
  expect(res.status).toBe(200);
  return res.body.accessToken as string;
}

describe('one-command demo start', () => {
  let dataDir: string;
  let running: Running | undefined;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hotline-demo-'));
  });
  afterAll(async () => {
    if (running && running.child.exitCode === null) await stop(running);
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('starts on an empty data folder, prints the URL and logins, serves the seeded hotline and stops PostgreSQL on Ctrl-C', async () => {
    running = await start(dataDir);
    const banner = running.output();
    for (const u of ['operator', 'dispatcher', 'agent', 'supervisor', 'admin']) expect(banner).toContain(u);
    expect(banner).toContain(PASSWORD);

    const ready = await json(`${running.url}/health/ready`);
    expect(ready.body.checks.queue.backend).toBe('postgres');
    const token = await login(running.url, 'operator');
    const categories = await json(`${running.url}/api/v1/categories`, { token });
    expect(categories.body.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['environment', 'labor', 'urban']));
    const call = await json(`${running.url}/api/v1/calls`, {
      method: 'POST',
      token,
      body: JSON.stringify({ callerPhone: '13800138000', kind: 'complaint', categoryCode: 'environment.water-pollution', description: 'Black water in the creek' }),
    });
    expect(call.status).toBe(201);
    expect(call.body.ticket.status).toBe('dispatched');
    await fs.writeFile(path.join(dataDir, 'ticket-number'), call.body.ticket.number);

    expect(await stop(running)).toBe(0);
    await expect(fs.access(path.join(dataDir, 'pg', 'postmaster.pid'))).rejects.toThrow();
  });

  it('reuses the data on a second start: earlier tickets are there and the demo is not seeded twice', async () => {
    running = await start(dataDir);
    const number = await fs.readFile(path.join(dataDir, 'ticket-number'), 'utf8');
    const agent = await login(running.url, 'agent');
    const ticket = await json(`${running.url}/api/v1/tickets/${number}`, { token: agent });
    expect(ticket.status).toBe(200);
    expect(ticket.body.status).toBe('dispatched');
    const admin = await login(running.url, 'admin');
    const departments = await json(`${running.url}/api/v1/departments`, { token: admin });
    const codes = departments.body.map((d: { code: string }) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    const rules = await json(`${running.url}/api/v1/routing-rules`, { token: admin });
    expect(rules.body.length).toBe(11);

    // the console, as a person opens it: the banner's URL, the demo operator's login, the call screen
    const browser = await launchBrowser({ locale: 'en-GB' });
    try {
      const errors = watchErrors(browser.page);
      await browser.page.goto(running.url);
      await logIn(browser.page, { username: 'operator' }, PASSWORD);
      await browser.page.waitForURL('**/calls/new');
      await waitForFocus(browser.page, '#call-phone');
      await screenshot(browser.page, 'demo-start-operator');
      expect(errors()).toEqual([]);
    } finally {
      await browser.close();
    }
    expect(await stop(running)).toBe(0);
  }, 90_000);
});
