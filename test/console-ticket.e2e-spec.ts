// The ticket page in a real browser: everything about one ticket, as each role may see it, and
// the queue's actions offered there too.
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { logComplaint, uniquePhone, type WorldUser } from './factories/world.js';
import { act, ticketIn } from './factories/tickets.js';
import { screenshot, waitForFocus, waitForText } from './utils/browser.js';
import { consoleSuite } from './utils/console-app.js';
import { waitFor } from './utils/wait.js';

jest.setTimeout(60_000);

// workers in-process: the caller's SMS really go out through the sandbox and report delivery
const suite = consoleSuite({ RUN_WORKERS: 'true', SMS_POLL_MS: '50', DELIVERY_POLL_MS: '50' });
const errors = () => suite.errors();

async function openAs(user: WorldUser, path: string, opts: { locale?: string; width?: number } = {}): Promise<Page> {
  const page = await suite.openAs(user, path, { ...opts, timezoneId: 'America/New_York' });
  await page.locator('#ticket-title, [role=alert]').first().waitFor();
  return page;
}

const detail = async (n: string) => (await suite.t.http.get(`/api/v1/tickets/${n}`).set(suite.w.users.admin.auth)).body;
const must = async (res: Promise<{ status: number; body: unknown }>) => {
  const r = await res;
  if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

/** A complaint with a history: dispatched, accepted with a note, a public progress note, and the caller texting for status. */
async function workedTicket() {
  const { t, w } = suite;
  const phone = uniquePhone();
  const { ticket } = await logComplaint(t, w, { callerPhone: phone, description: 'Construction dust over the playground' });
  const n = ticket.number;
  await must(act(t, w, n, 'dispatch', 'dispatcher', { note: 'Site is in district A' }));
  await must(act(t, w, n, 'accept', 'agentA', { note: 'Inspector sent' }));
  await must(t.http.post(`/api/v1/tickets/${n}/notes`).set(w.users.agentA.auth).send({ note: 'Site fenced, watering twice a day', public: true }));
  await waitFor('the registration SMS delivered', () => detail(n), (d) => d.sms.some((m: { template: string; status: string }) => m.template === 'registered' && m.status === 'delivered'));
  await must(t.http.post('/api/v1/sms/sandbox/inbound').set(w.users.operator.auth).send({ from: phone, body: `查询 ${n}` }));
  await waitFor('the SMS in and out', () => detail(n), (d) => d.sms.some((m: { direction: string }) => m.direction === 'in'));
  return { number: n, phone };
}

describe('the ticket page', () => {
  it('shows a department agent the timeline (who, what, when, why), the deadlines with their outcome and the SMS with delivery state', async () => {
    const { w } = suite;
    const { number, phone } = await workedTicket();
    const page = await openAs(w.users.agentA, `/tickets/${number}`);
    expect(await page.locator('#ticket-title').textContent()).toBe(`Ticket ${number}`);
    const timeline = page.getByTestId('timeline');
    expect(await timeline.locator('li strong').allTextContents()).toEqual(['Registered', 'Dispatched', 'Accepted', 'Progress note']);
    const accepted = timeline.locator('li[data-type="accepted"]');
    expect(await accepted.textContent()).toContain(`Dispatched → Accepted · ${w.users.agentA.username} (Department agent)`);
    expect(await accepted.locator('.note').textContent()).toBe('Inspector sent');
    expect(await timeline.locator('li[data-type="progress_note"]').textContent()).toContain('public');
    // times in the deployment's zone (Shanghai), not the browser's (New York)
    const api = await detail(number);
    const at = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(api.events[2].createdAt));
    expect(await accepted.locator('time').textContent()).toContain(at);

    const deadlines = page.getByTestId('deadlines');
    expect(await deadlines.locator('tr', { hasText: 'Accept' }).filter({ hasText: 'Deadline' }).locator('td').last().textContent()).toMatch(/^Met \(stage ended /);
    expect(await deadlines.locator('tr', { hasText: 'Resolve' }).filter({ hasText: 'Deadline' }).locator('td').last().textContent()).toBe('Pending');

    const sms = page.getByTestId('sms').locator('li');
    await waitForText(sms.filter({ hasText: 'From the caller' }), `查询 ${number}`);
    expect(await sms.first().textContent()).toContain('To the caller');
    expect(await sms.first().locator('.sms-state').textContent()).toBe('Delivered');
    expect(await sms.filter({ hasText: 'From the caller' }).locator('.sms-state').textContent()).toBe('Received');
    // a department never sees the caller's number or access code
    expect(await page.locator('main').textContent()).not.toContain(phone.slice(3));
    expect(await page.getByTestId('access-code').count()).toBe(0);
    const code = (await detail(number)).accessCode as string;
    expect(await page.getByTestId('sms').textContent()).not.toMatch(new RegExp(`(?<![0-9])${code}(?![0-9])`));
    // the lead department's agent is offered the queue's actions
    expect(await page.getByRole('group', { name: 'Actions' }).getByRole('button').allTextContents()).toEqual(['Resolve', 'Suspend', 'Ask for more time', 'Add note']);
    await screenshot(page, 'ticket-agent-en');
    expect(errors()).toEqual([]);
  });

  it('lets the agent resolve from the ticket page with the queue’s own dialog, on a tablet, in Chinese', async () => {
    const { w } = suite;
    const { number } = await workedTicket();
    const page = await openAs(w.users.agentA, `/tickets/${number}`, { locale: 'zh-CN', width: 768 });
    await page.getByRole('group', { name: '操作' }).getByRole('button', { name: '办结' }).click();
    await waitForFocus(page, 'dialog textarea');
    await page.keyboard.type('工地已覆盖防尘网');
    await screenshot(page, 'ticket-resolve-dialog-tablet');
    await page.getByRole('dialog').getByRole('button', { name: '办结' }).click();
    await waitForText(page.getByTestId('ticket-status'), '已办结');
    await waitForText(page.getByTestId('timeline').locator('li').last(), '工地已覆盖防尘网');
    expect(await page.getByRole('group', { name: '操作' }).count()).toBe(0);
    expect(await page.locator('html').evaluate((el) => (el as unknown as { scrollWidth: number }).scrollWidth)).toBeLessThanOrEqual(768);
    await screenshot(page, 'ticket-resolved-tablet-zh');
    expect(await detail(number)).toMatchObject({ status: 'resolved', resolution: '工地已覆盖防尘网' });
    expect(errors()).toEqual([]);
  });

  it('shows an operator the caller’s number and access code, and no department actions', async () => {
    const { w } = suite;
    const { number, phone } = await workedTicket();
    const page = await openAs(w.users.operator, `/tickets/${number}`);
    expect(await page.getByTestId('access-code').textContent()).toBe((await detail(number)).accessCode);
    expect(await page.getByTestId('sms').textContent()).toContain(phone);
    // an operator may add a note to an open ticket, nothing else of the department's work
    expect(await page.getByRole('group', { name: 'Actions' }).getByRole('button').allTextContents()).toEqual(['Add note']);
    expect(errors()).toEqual([]);
  });

  it('offers an operator the close or reopen of a resolved ticket, and reopening asks why', async () => {
    const { t, w } = suite;
    const number = await ticketIn(t, w, 'resolved');
    const page = await openAs(w.users.operator, `/tickets/${number}`);
    const actions = page.getByRole('group', { name: 'Actions' });
    expect(await actions.getByRole('button').allTextContents()).toEqual(['Close', 'Reopen']);
    await actions.getByRole('button', { name: 'Reopen' }).click();
    await waitForFocus(page, 'dialog textarea');
    await page.keyboard.type('Caller says the drilling started again');
    await page.getByRole('dialog').getByRole('button', { name: 'Reopen' }).click();
    await waitForText(page.getByTestId('ticket-status'), 'Reopened');
    expect((await detail(number)).events.at(-1)).toMatchObject({ type: 'reopened', note: 'Caller says the drilling started again', actorId: w.users.operator.id });
    expect(errors()).toEqual([]);
  });

  it('shows a suspended ticket’s deadline as paused rather than the date its pause put aside, and the new one once it resumes', async () => {
    const { t, w } = suite;
    const number = await ticketIn(t, w, 'suspended');
    const page = await openAs(w.users.agentA, `/tickets/${number}`);
    const promise = page.getByTestId('promise');
    expect(await promise.textContent()).toMatch(/^paused while suspended \(first promised .+\)$/);
    expect(await page.getByTestId('countdown').count()).toBe(0);
    await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Resume' }).click();
    await waitForFocus(page, 'dialog button.primary');
    await page.getByRole('dialog').getByRole('button', { name: 'Resume' }).click();
    await waitForText(page.getByTestId('ticket-status'), 'Accepted');
    expect((await detail(number)).dueAt).not.toBeNull();
    expect(await promise.textContent()).not.toContain('paused');
    expect(await page.getByTestId('countdown').count()).toBe(1);
    expect(errors()).toEqual([]);
  });

  it('says so when the ticket is another department’s', async () => {
    const { w } = suite;
    const { number } = await workedTicket();
    const page = await openAs(w.users.agentB, `/tickets/${number}`);
    expect(await waitForText(page.getByRole('alert'), 'another department')).toBe('This ticket belongs to another department.');
  });
});
