// The supervision board in a real browser: alerts arrive without a reload and are acknowledged,
// extension requests are decided, departments are urged (督办); and the API fields the board
// reads (ticket numbers on extension requests, the deadline on alerts, tickets returned often).
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { DirectoryService } from '../src/directory/directory.service.js';
import { act, ticketIn } from './factories/tickets.js';
import { TEST_PASSWORD, logComplaint, type World, type WorldUser } from './factories/world.js';
import { launchBrowser, screenshot, waitForFocus, waitForText, watchErrors, type Browser } from './utils/browser.js';
import { startConsoleApp } from './utils/console-app.js';
import type { TestApp } from './utils/test-app.js';
import { waitFor } from './utils/wait.js';

jest.setTimeout(90_000);

let t: TestApp;
let w: World;
let base: string;
let b: Browser | undefined;
let errors: () => string[];

beforeAll(async () => {
  // the deadline workers run in this process: breaches fire as they would in production
  ({ t, w, base } = await startConsoleApp({ RUN_WORKERS: 'true', RECONCILE_INTERVAL_MS: '500' }));
});
afterAll(async () => {
  await t?.ds.query(
    `UPDATE deadline SET status = 'cancelled', cancel_reason = 'test-cleanup' WHERE status = 'pending' AND ticket_id IN (SELECT t.id FROM ticket t JOIN category c ON c.id = t.category_id WHERE c.code LIKE $1)`,
    [`${w.tag}%`],
  );
  await t?.close();
});
afterEach(async () => {
  await b?.close();
  b = undefined;
});

/**
 * A category under the world whose wall-clock policy runs in seconds; nothing escalates during a
 * test. Its name is this world's: the operator's test searches the shared category tree by words.
 */
async function fastCategory(limits: Record<string, string>): Promise<string> {
  const code = `${w.tag}.fast${Math.random().toString(36).slice(2, 7)}`;
  const id = randomUUID();
  await t.ds.query(`INSERT INTO category (id, code, name, parent_id) VALUES ($1, $2, $3, $4)`, [id, code, `Loud music at night ${w.tag}`, w.categories.root]);
  await t.ds.query(
    `INSERT INTO sla_policy (id, name, category_id, clock, limits, warn_percent, level2_after_minutes, level3_after_minutes, repeat_every_minutes)
     VALUES ($1, $2, $3, 'wall', $4, 50, 60, 120, 0)`,
    [randomUUID(), code, id, limits],
  );
  t.app.get(DirectoryService).invalidate();
  return code;
}

/** Signs in by keyboard on /board and waits until the board is live (its alert stream connected). */
async function openBoard(user: WorldUser, locale = 'en-GB', pcClockBehindMs = 0): Promise<Page> {
  b = await launchBrowser({ locale });
  errors = watchErrors(b.page);
  const page = b.page;
  // an office PC whose clock is wrong: time flows, from the wrong start
  if (pcClockBehindMs) await b.context.clock.install({ time: Date.now() - pcClockBehindMs });
  await page.goto(`${base}/board`);
  await waitForFocus(page, '#login-username');
  await page.keyboard.type(user.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(TEST_PASSWORD);
  await page.keyboard.press('Enter');
  await page.locator('.stream-live').waitFor();
  return page;
}

const alertsOf = async (number: string, as: WorldUser, kind?: string) =>
  (await t.http.get('/api/v1/alerts').query({ ticketNumber: number, ...(kind ? { kind } : {}) }).set(as.auth).expect(200)).body.items as {
    id: string;
    kind: string;
    status: string;
    acknowledgedById: string | null;
    departmentId: string;
    message: string;
    stageDueAt: string | null;
  }[];

/** A mark on the page's window: still there later means the page was never reloaded. */
const mark = (page: Page) => page.evaluate(() => ((globalThis as unknown as { boardMark: number }).boardMark = 42));
const marked = (page: Page) => page.evaluate(() => (globalThis as unknown as { boardMark?: number }).boardMark ?? null);

describe('the supervision board', () => {
  it('a deadline breach shows up on the supervisor board without reload and is acknowledged', async () => {
    const page = await openBoard(w.users.supervisor);
    await mark(page);
    // the ticket is registered only now, with the board already open: its dispatch stage has 6 seconds
    const code = await fastCategory({ dispatch: '0.1m', resolve: '10m' });
    const { ticket } = await logComplaint(t, w, { categoryCode: code });

    const row = page.locator(`.board-alerts li.kind-breach[data-ticket="${ticket.number}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await marked(page)).toBe(42);
    const [breach] = await alertsOf(ticket.number, w.users.supervisor, 'breach');
    expect(await row.locator('.alert-text').textContent()).toMatch(new RegExp(`^${ticket.number}: the Dispatch deadline passed at \\w{3} \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d$`));
    // its number opens the ticket page
    expect(await row.locator('.alert-text a').getAttribute('href')).toBe(`/tickets/${ticket.number}`);
    expect(await row.locator('.new-tag').textContent()).toBe('New');
    // the overdue list learns of it from the same alert, also without a reload
    const late = page.locator(`.board-late li[data-ticket="${ticket.number}"]`);
    await late.locator('.countdown').filter({ hasText: /^Dispatch: \d+ s overdue$/ }).waitFor();
    expect(await late.locator('.light').textContent()).toBe('Overdue');
    await screenshot(page, 'board-breach');

    // keyboard: the acknowledge button takes the focus, Enter presses it
    const ack = row.getByRole('button', { name: new RegExp(`^Acknowledge alert on ${ticket.number}`) });
    await ack.focus();
    await page.keyboard.press('Enter');
    await row.locator('.acked').waitFor();
    expect(await row.getByRole('button').count()).toBe(0);
    // the focus moves on to the next open alert (the warning before the breach): Enter again works it
    const [warning] = await alertsOf(ticket.number, w.users.supervisor, 'warning');
    await waitForFocus(page, `button[data-ack="${warning.id}"]`);
    const after = (await alertsOf(ticket.number, w.users.supervisor, 'breach')).find((a) => a.id === breach.id);
    expect(after).toMatchObject({ status: 'acknowledged', acknowledgedById: w.users.supervisor.id });
    expect(await marked(page)).toBe(42);
    await screenshot(page, 'board-acknowledged');

    // a tablet held upright: one column, nothing cut off sideways
    await page.setViewportSize({ width: 768, height: 1024 });
    const overflow = await page.evaluate(() => {
      const el = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return el.scrollWidth - el.clientWidth;
    });
    expect(overflow).toBe(0);
    await screenshot(page, 'board-tablet');
    expect(errors()).toEqual([]);
  });

  it('approves an extension request from the board, and the committed deadline moves', async () => {
    const number = await ticketIn(t, w, 'accepted');
    const asked = await t.http.post(`/api/v1/tickets/${number}/extension-requests`).set(w.users.agentA.auth).send({ reason: 'Waiting for the environmental lab', additionalWorkingDays: 3 });
    expect(asked.status).toBe(201);
    const page = await openBoard(w.users.admin);
    const row = page.locator(`.board-extensions li[data-ticket="${number}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Reason: Waiting for the environmental lab');
    expect(await row.textContent()).toContain(`${w.tag}-a`);
    await screenshot(page, 'board-extension');

    await row.getByLabel(`Decision note for ${number} (optional)`).fill('The lab is slow this month');
    await row.getByRole('button', { name: `Approve the extension of ${number}` }).click();
    await row.getByRole('status').filter({ hasText: 'Approved' }).waitFor();
    const ticket = (await t.http.get(`/api/v1/tickets/${number}`).set(w.users.supervisor.auth).expect(200)).body;
    expect(ticket.dueAt).toBe(new Date(asked.body.requestedDueAt).toISOString());
    const approved = (await t.http.get('/api/v1/extension-requests').query({ status: 'approved' }).set(w.users.supervisor.auth).expect(200)).body;
    expect(approved.find((r: { id: string }) => r.id === asked.body.id)).toMatchObject({ decidedById: w.users.admin.id, decisionNote: 'The lab is slow this month', ticketNumber: number });
    expect(errors()).toEqual([]);
  });

  it('urges the department of an overdue ticket in Chinese, and the 督办 reaches its inbox as an alert; the countdown keeps server time on a PC two hours slow', async () => {
    const code = await fastCategory({ dispatch: '10m', accept: '0.05m', resolve: '10m' });
    const { ticket } = await logComplaint(t, w, { categoryCode: code });
    expect((await act(t, w, ticket.number, 'dispatch', 'dispatcher')).status).toBe(200);
    await waitFor('the ticket to be overdue', async () => (await t.http.get(`/api/v1/tickets/${ticket.number}`).set(w.users.supervisor.auth)).body.clock?.light, (l) => l === 'red');

    const page = await openBoard(w.users.supervisor, 'zh-CN', 2 * 3600_000);
    expect(await page.locator('h1').textContent()).toBe('督办看板');
    const row = page.locator(`.board-late li[data-ticket="${ticket.number}"]`);
    // by this PC's clock the acceptance is two hours away; by the server's it is past
    expect(await row.locator('.countdown').textContent()).toMatch(/^签收：已超期 \d+ 秒$/);
    await row.getByRole('button', { name: `督办 ${ticket.number} 的承办部门` }).click();
    await waitForFocus(page, `#urge-${ticket.number}`);
    await page.keyboard.type('请今天联系来电人并现场核查');
    await page.keyboard.press('Control+Enter');
    await row.getByRole('status').filter({ hasText: '已督办' }).waitFor();

    const [sent] = await waitFor('the supervision alert in department A’s inbox', () => alertsOf(ticket.number, w.users.agentA, 'supervision'), (a) => a.length === 1);
    expect(sent).toMatchObject({ departmentId: w.departments.a, status: 'open' });
    expect(sent.message).toContain('请今天联系来电人并现场核查');
    // and on the board itself, pushed live, worded in the console's language
    const pushed = page.locator(`.board-alerts li.kind-supervision[data-ticket="${ticket.number}"]`);
    await pushed.waitFor();
    expect(await pushed.locator('.kind-tag').textContent()).toBe('督办');
    expect(await pushed.locator('.new-tag').textContent()).toBe('新');
    // the breach was raised before the board opened: listed, but not news
    const breach = page.locator(`.board-alerts li.kind-breach[data-ticket="${ticket.number}"]`);
    expect(await breach.locator('.alert-text').textContent()).toMatch(new RegExp(`^${ticket.number}：签收时限 \\d{4}年\\d{1,2}月\\d{1,2}日 周. \\d\\d:\\d\\d 已过$`));
    expect(await breach.locator('.new-tag').count()).toBe(0);
    expect(await pushed.locator('.alert-text').textContent()).toBe(`${ticket.number}：请今天联系来电人并现场核查`);
    await screenshot(page, 'board-urged-zh-CN');
    expect(errors()).toEqual([]);
  });

  it('reconnects when the connection drops and shows an alert raised meanwhile exactly once', async () => {
    const number = await ticketIn(t, w, 'dispatched');
    const page = await openBoard(w.users.supervisor);
    await mark(page);
    // the server drops every connection, the board's alert stream with them
    (t.app.getHttpServer() as http.Server).closeAllConnections();
    await page.locator('.stream-reconnecting').waitFor();
    expect((await t.http.post(`/api/v1/tickets/${number}/supervise`).set(w.users.supervisor.auth).send({ note: 'Raised while the board was away' })).status).toBe(201);
    await page.locator('.stream-live').waitFor({ timeout: 20_000 });
    const rows = page.locator(`.board-alerts li.kind-supervision[data-ticket="${number}"]`);
    await rows.first().waitFor();
    // the re-read after reconnecting, the stream's look-back and a manual refresh all bring it: still one row
    const reread = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/alerts');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await reread;
    expect(await rows.count()).toBe(1);
    expect(await rows.locator('.alert-text').textContent()).toBe(`${number}: Raised while the board was away`);
    expect(await marked(page)).toBe(42);
    // Chromium logs the cut-off stream itself; nothing else went wrong
    expect(errors().filter((e) => !/ERR_INCOMPLETE_CHUNKED_ENCODING .*\/api\/v1\/alerts\/stream$/.test(e))).toEqual([]);
  });

  it('lists a ticket returned twice as a routing dispute, whose number opens its page by keyboard; an extension is rejected and the deadline stays', async () => {
    const disputed = await ticketIn(t, w, 'returned');
    expect((await act(t, w, disputed, 'dispatch', 'dispatcher')).status).toBe(200);
    expect((await act(t, w, disputed, 'return', 'agentA')).status).toBe(200);
    const number = await ticketIn(t, w, 'accepted');
    const asked = await t.http.post(`/api/v1/tickets/${number}/extension-requests`).set(w.users.agentA.auth).send({ reason: 'Contractor on holiday', additionalWorkingDays: 5 });
    expect(asked.status).toBe(201);
    const dueBefore = (await t.http.get(`/api/v1/tickets/${number}`).set(w.users.supervisor.auth).expect(200)).body.dueAt;

    const page = await openBoard(w.users.supervisor);
    const ext = page.locator(`.board-extensions li[data-ticket="${number}"]`);
    await ext.getByRole('button', { name: `Reject the extension of ${number}` }).click();
    await ext.getByRole('status').filter({ hasText: 'Rejected' }).waitFor();
    expect((await t.http.get(`/api/v1/tickets/${number}`).set(w.users.supervisor.auth).expect(200)).body.dueAt).toBe(dueBefore);
    const rejected = (await t.http.get('/api/v1/extension-requests').query({ status: 'rejected' }).set(w.users.supervisor.auth).expect(200)).body;
    expect(rejected.find((r: { id: string }) => r.id === asked.body.id)).toMatchObject({ decidedById: w.users.supervisor.id });

    const dispute = page.locator(`.board-disputes li[data-ticket="${disputed}"]`);
    await dispute.waitFor();
    expect(await dispute.locator('.tag').textContent()).toBe('returned 2×');
    await screenshot(page, 'board-dispute');
    // the supervisor reads the ticket's history before settling where it belongs
    await dispute.getByRole('link', { name: disputed }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/tickets/${disputed}`);
    expect(await waitForText(page.getByTestId('ticket-status'), 'Returned')).toContain('Returned');
    expect(await page.getByTestId('timeline').locator('li[data-type="returned"]').count()).toBe(2);
    // and the browser's back button is the board again
    await page.goBack();
    await page.locator(`.board-disputes li[data-ticket="${disputed}"]`).waitFor();
    expect(errors()).toEqual([]);
  });

  it('is not shown to operators, not even by URL', async () => {
    b = await launchBrowser({ locale: 'en-GB' });
    errors = watchErrors(b.page);
    const page = b.page;
    await page.goto(`${base}/board`);
    await waitForFocus(page, '#login-username');
    await page.keyboard.type(w.users.operator.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await waitForFocus(page, '#call-phone');
    expect(new URL(page.url()).pathname).toBe('/calls/new');
    expect(await page.locator('nav a').allTextContents()).toEqual(['Log a call', 'SMS sandbox phone']);
    expect(errors()).toEqual([]);
  });
});

describe('the API fields the board reads', () => {
  it('names the ticket and its department on each extension request', async () => {
    const number = await ticketIn(t, w, 'accepted');
    const asked = await t.http.post(`/api/v1/tickets/${number}/extension-requests`).set(w.users.agentA.auth).send({ reason: 'Parts on order', additionalWorkingDays: 2 });
    expect(asked.status).toBe(201);
    const pending = (await t.http.get('/api/v1/extension-requests').query({ status: 'pending' }).set(w.users.supervisor.auth).expect(200)).body;
    expect(pending.find((r: { id: string }) => r.id === asked.body.id)).toMatchObject({ ticketNumber: number, leadDepartment: { id: w.departments.a, name: `${w.tag}-a` }, reason: 'Parts on order' });
  });

  it('lists tickets returned at least N times', async () => {
    const once = await ticketIn(t, w, 'returned');
    const twice = await ticketIn(t, w, 'returned');
    expect((await act(t, w, twice, 'dispatch', 'dispatcher')).status).toBe(200);
    expect((await act(t, w, twice, 'return', 'agentA')).status).toBe(200);
    const listed = async (minReturns: number) =>
      (await t.http.get('/api/v1/tickets').query({ minReturns, pageSize: 200 }).set(w.users.supervisor.auth).expect(200)).body.items
        .map((x: { number: string }) => x.number)
        .filter((n: string) => n === once || n === twice)
        .sort();
    expect(await listed(1)).toEqual([once, twice].sort());
    expect(await listed(2)).toEqual([twice]);
    expect((await t.http.get('/api/v1/tickets').query({ minReturns: 0 }).set(w.users.supervisor.auth)).status).toBe(400);
  });

  it('gives deadline alerts the deadline they are about, so consoles can word them', async () => {
    const code = await fastCategory({ dispatch: '0.05m', resolve: '10m' });
    const { ticket } = await logComplaint(t, w, { categoryCode: code });
    const [breach] = await waitFor('the breach', () => alertsOf(ticket.number, w.users.supervisor, 'breach'), (a) => a.length === 1);
    const [deadline] = await t.ds.query(`SELECT stage_due_at FROM deadline WHERE ticket_id = $1 AND stage = 'dispatch' AND kind = 'breach'`, [ticket.id]);
    expect(breach.stageDueAt).toBe(new Date(deadline.stage_due_at).toISOString());
  });
});
