// Alerts leave the app by e-mail (a real SMTP server on loopback) and an HMAC-signed webhook (a
// local HTTP receiver that fails at first): retried with backoff until they go, state visible.
import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DirectoryService } from '../src/directory/directory.service.js';
import { act } from './factories/tickets.js';
import { createWorld, logComplaint, type World } from './factories/world.js';
import { startSmtpReceiver, type SmtpReceiver } from './utils/smtp.js';
import { startTestApp, type TestApp } from './utils/test-app.js';

const SECRET = 'webhook-secret-for-tests';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Hook {
  body: string;
  timestamp: string;
  signature: string;
}

let smtp: SmtpReceiver;
let hookServer: http.Server;
const hooks: Hook[] = [];
/** The receiver fails the first two calls about this ticket (other alerts may arrive meanwhile). */
let failFor = '';
let failuresLeft = 2;
let t: TestApp;
let w: World;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  hookServer = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      hooks.push({ body, timestamp: String(req.headers['x-hotline-timestamp']), signature: String(req.headers['x-hotline-signature']) });
      res.statusCode = failFor && body.includes(failFor) && failuresLeft-- > 0 ? 503 : 204;
      res.end();
    });
  });
  await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
  const hookPort = (hookServer.address() as AddressInfo).port;
  t = await startTestApp({
    RUN_WORKERS: 'true',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'alerts@hotline.test',
    ALERT_WEBHOOK_URL: `http://127.0.0.1:${hookPort}/hook`,
    ALERT_WEBHOOK_SECRET: SECRET,
    ALERT_RETRY_BASE_MS: '200',
    DELIVERY_POLL_MS: '100',
    QUIET_HOURS: '',
  });
  w = await createWorld(t);
  await t.ds.query(`UPDATE app_user SET email = $2 WHERE id = $1`, [w.users.agentA.id, `${w.tag}@dept-a.test`]);
});
afterAll(async () => {
  await smtp?.close();
  await new Promise((r) => hookServer?.close(r));
});

async function fastCategory(limits: Record<string, string>, warn = 50): Promise<string> {
  const code = `${w.tag}.d${Math.random().toString(36).slice(2, 7)}`;
  const id = randomUUID();
  await t.ds.query(`INSERT INTO category (id, code, name, parent_id) VALUES ($1, $2, $2, $3)`, [id, code, w.categories.root]);
  await t.ds.query(
    `INSERT INTO sla_policy (id, name, category_id, clock, limits, warn_percent, level2_after_minutes, level3_after_minutes, repeat_every_minutes)
     VALUES ($1, $2, $3, 'wall', $4, $5, 100, 100, 0)`,
    [randomUUID(), code, id, limits, warn],
  );
  t.app.get(DirectoryService).invalidate();
  return code;
}

describe('alert delivery', () => {
  it('e-mails the lead department and calls the signed webhook, retrying until it answers', async () => {
    const code = await fastCategory({ accept: '0.02m', resolve: '10m' }, 0);
    const { ticket } = await logComplaint(t, w, { categoryCode: code });
    failFor = ticket.number;
    await act(t, w, ticket.number, 'dispatch', 'dispatcher');
    const deadline = Date.now() + 15_000;
    let items: { kind: string; deliveries: { channel: string; status: string; attempts: number; lastError: string | null }[] }[] = [];
    while (Date.now() < deadline) {
      items = (await t.http.get('/api/v1/alerts').query({ ticketNumber: ticket.number }).set(w.users.supervisor.auth)).body.items;
      const breach = items.find((a) => a.kind === 'breach');
      if (breach && breach.deliveries.length === 2 && breach.deliveries.every((d) => d.status === 'sent')) break;
      await sleep(150);
    }
    const breach = items.find((a) => a.kind === 'breach')!;
    const byChannel = Object.fromEntries(breach.deliveries.map((d) => [d.channel, d]));
    expect(byChannel.email).toMatchObject({ status: 'sent', attempts: 1 });
    expect(byChannel.webhook).toMatchObject({ status: 'sent', attempts: 3, lastError: null });

    const mail = smtp.mails.find((m) => m.raw.includes(ticket.number))!;
    expect(mail.to).toEqual([`${w.tag}@dept-a.test`]);
    expect(mail.raw).toMatch(/Subject: \[12345\] Overdue: ticket T\d{6}-\d+/);

    const delivered = hooks.filter((h) => h.body.includes(ticket.number));
    expect(delivered.length).toBeGreaterThanOrEqual(3);
    for (const h of delivered) {
      const expected = `sha256=${createHmac('sha256', SECRET).update(`${h.timestamp}.${h.body}`).digest('hex')}`;
      expect(h.signature).toBe(expected);
      expect(Math.abs(Number(h.timestamp) - Date.now() / 1000)).toBeLessThan(60);
    }
    expect(JSON.parse(delivered[0].body)).toMatchObject({ type: 'alert', alert: { kind: 'breach', ticketNumber: ticket.number, level: 1 } });
    // the department sees its alert, not where it was sent
    const own = (await t.http.get('/api/v1/alerts').query({ ticketNumber: ticket.number }).set(w.users.agentA.auth)).body.items;
    expect(own.find((a: { kind: string }) => a.kind === 'breach').deliveries).toEqual([]);
  });

  it('holds a routine warning through quiet hours but not a breach', async () => {
    // only this app's workers may fire the deadlines below: the main one would send at once
    await t.close();
    const now = new Date();
    const local = new Date(now.getTime() + 8 * 3600_000); // Asia/Shanghai has no DST
    const hh = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    const quiet = await startTestApp({
      RUN_WORKERS: 'true',
      ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/never',
      ALERT_WEBHOOK_SECRET: SECRET,
      QUIET_HOURS: `${hh(new Date(local.getTime() - 3600_000))}-${hh(new Date(local.getTime() + 3600_000))}`,
      DELIVERY_POLL_MS: '100',
    });
    try {
      const qw = await createWorld(quiet);
      const code = `${qw.tag}.q`;
      const id = randomUUID();
      await quiet.ds.query(`INSERT INTO category (id, code, name, parent_id) VALUES ($1, $2, $2, $3)`, [id, code, qw.categories.root]);
      await quiet.ds.query(
        `INSERT INTO sla_policy (id, name, category_id, clock, limits, warn_percent, level2_after_minutes, level3_after_minutes, repeat_every_minutes) VALUES ($1, $2, $3, 'wall', $4, 50, 100, 100, 0)`,
        [randomUUID(), code, id, { dispatch: '0.03m', resolve: '10m' }],
      );
      quiet.app.get(DirectoryService).invalidate();
      const { ticket } = await logComplaint(quiet, qw, { categoryCode: code });
      await sleep(3_500);
      const rows: { kind: string; status: string; next_attempt_at: Date; attempts: number }[] = await quiet.ds.query(
        `SELECT a.kind, d.status, d.next_attempt_at, d.attempts FROM alert a JOIN alert_delivery d ON d.alert_id = a.id WHERE a.ticket_id = $1 ORDER BY a.created_at`,
        [ticket.id],
      );
      const warning = rows.find((r) => r.kind === 'warning')!;
      const breach = rows.find((r) => r.kind === 'breach')!;
      expect(warning).toMatchObject({ status: 'pending', attempts: 0 });
      expect(new Date(warning.next_attempt_at).getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
      expect(breach.attempts).toBeGreaterThan(0); // tried at once (and failing: nothing listens on port 9)
    } finally {
      await quiet.close();
    }
  });
});
