// The figures screen in a real browser: the three rates of real activity (worked through the
// public API) as the API reports them, the trend charts, the CSV export, and what each role sees.
import { readFile } from 'node:fs/promises';
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { act } from './factories/tickets.js';
import { logComplaint, uniquePhone, type World } from './factories/world.js';
import { launchBrowser, screenshot, waitForText, watchErrors, type Browser } from './utils/browser.js';
import { startConsoleApp, logIn } from './utils/console-app.js';
import type { TestApp } from './utils/test-app.js';

jest.setTimeout(90_000);

let t: TestApp;
let w: World;
let base: string;
let b: Browser | undefined;
let errors: () => string[];

const must = async (n: string, transition: string, as: keyof World['users']) => {
  const res = await act(t, w, n, transition, as);
  if (res.status !== 200) throw new Error(`${transition}: ${res.status} ${JSON.stringify(res.body)}`);
};
const dispatched = async (phone = uniquePhone()) => {
  const { ticket } = await logComplaint(t, w, { callerPhone: phone });
  await must(ticket.number, 'dispatch', 'dispatcher');
  return ticket;
};

/**
 * Department A's month: one ticket accepted and resolved in time and rated satisfied, one
 * returned in time, one accepted after its accept deadline and resolved late, one not yet
 * answered. Response 2 of 3, on time 1 of 2, satisfied 1 of 1.
 */
async function seedActivity(): Promise<void> {
  const phone = uniquePhone();
  const a = await dispatched(phone);
  await must(a.number, 'accept', 'agentA');
  await must(a.number, 'resolve', 'agentA');
  await t.http.post('/api/v1/sms/sandbox/inbound').set(w.users.operator.auth).send({ from: phone, body: '1' }).expect(200);
  const r = await dispatched();
  await must(r.number, 'return', 'agentA');
  const late = await dispatched();
  await t.ds.query(`UPDATE deadline SET stage_due_at = now() - interval '1 hour' WHERE ticket_id = $1 AND stage = 'accept' AND stage_ended_at IS NULL`, [late.id]);
  await must(late.number, 'accept', 'agentA');
  await t.ds.query(`UPDATE ticket SET due_at = now() - interval '1 minute' WHERE id = $1`, [late.id]);
  await must(late.number, 'resolve', 'agentA');
  await dispatched();
}

beforeAll(async () => {
  ({ t, w, base } = await startConsoleApp());
  await seedActivity();
});
afterAll(async () => {
  await t?.close();
});
afterEach(async () => {
  await b?.close();
  b = undefined;
});

async function open(locale: string, path = '/'): Promise<Page> {
  await b?.close();
  b = await launchBrowser({ locale, timezoneId: 'Europe/London' });
  errors = watchErrors(b.page);
  await b.page.goto(base + path);
  return b.page;
}

type Row = Record<string, number | string | null>;
const figures = async (query: Record<string, string>) => (await t.http.get('/api/v1/reports/figures').query(query).set(w.users.supervisor.auth).expect(200)).body as { rows: Row[] };
const pct = (rate: number | string | null) => `${Math.round(Number(rate) * 1000) / 10}%`;
/** The period the screen asked for, read from its own CSV link. */
const periodOf = async (page: Page) => {
  const href = new URL((await page.getByTestId('csv-departments').getAttribute('href'))!, base);
  return { from: href.searchParams.get('from')!, to: href.searchParams.get('to')! };
};

describe('the figures screen', () => {
  it('shows the three rates the API reports, draws the trend, and downloads the same numbers as CSV', async () => {
    const page = await open('en-GB');
    await logIn(page, w.users.supervisor);
    await page.getByRole('link', { name: 'Figures' }).click();
    await page.locator('#figures-department').selectOption({ label: `${w.tag}-a` });
    await waitForText(page.getByTestId('rate-response'), '66.7%');

    const period = await periodOf(page);
    // the last 30 days, whole days in Shanghai (midnight there is 16:00 UTC), whatever the browser's zone
    expect(period.from).toMatch(/T16:00:00\.000Z$/);
    expect((new Date(period.to).getTime() - new Date(period.from).getTime()) / 86_400_000).toBe(30);
    const [api] = (await figures({ ...period, departmentId: w.departments.a })).rows;
    expect(api).toMatchObject({ responseRate: 0.667, onTimeRate: 0.5, satisfactionRate: 1, received: 4 });
    expect(await page.getByTestId('rate-response').textContent()).toBe(pct(api.responseRate));
    expect(await page.getByTestId('rate-on-time').textContent()).toBe(pct(api.onTimeRate));
    expect(await page.getByTestId('rate-satisfaction').textContent()).toBe(pct(api.satisfactionRate));
    expect(await page.getByTestId('by-score').textContent()).toContain('1 satisfied: 1');

    // the charts are drawn: a "received" bar per day, visible where tickets came in (the rest are
    // flat), plus the legend's key in the same colour
    const trend = (await figures({ ...period, groupBy: 'day', departmentId: w.departments.a })).rows;
    const bars = page.locator('[data-testid=chart-volumes] svg path[fill="#8ab4f8"]');
    await bars.filter({ visible: true }).first().waitFor();
    expect(await bars.count()).toBe(trend.length + 1);
    expect(await bars.filter({ visible: true }).count()).toBe(trend.filter((r) => Number(r.received) > 0).length + 1);
    expect(await page.locator('[data-testid=chart-rates] svg').count()).toBe(1);
    // ...and the same trend is a table for the keyboard and screen readers
    await page.getByText('Show the trend as a table').focus();
    await page.keyboard.press('Enter');
    const today = page.locator('[data-testid=trend-table] tbody tr').last();
    expect(await page.locator('[data-testid=trend-table] tbody tr').count()).toBe(trend.length);
    expect(await today.locator('td').nth(3).textContent()).toBe(String(trend.at(-1)!.received));
    await screenshot(page, 'figures-supervisor');

    // the CSV link gives the numbers on the screen
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-departments').click()]);
    expect(download.suggestedFilename()).toMatch(/^figures-department-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...lines] = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
    const cols = header.split(',');
    const row = lines.map((l) => l.split(',')).find((r) => r[0] === w.departments.a)!;
    const csv = (name: string) => row[cols.indexOf(name)];
    expect(lines).toHaveLength(1);
    expect([csv('response_rate'), csv('on_time_rate'), csv('satisfaction_rate'), csv('received')]).toEqual([String(api.responseRate), String(api.onTimeRate), String(api.satisfactionRate), String(api.received)]);

    // a tablet: filters and cards wrap, the tables scroll in their own box
    await page.setViewportSize({ width: 768, height: 1024 });
    await screenshot(page, 'figures-tablet');
    expect(await page.locator('html').evaluate((el) => (el as unknown as { scrollWidth: number }).scrollWidth)).toBeLessThanOrEqual(768);
    expect(errors()).toEqual([]);
  });

  it("gives a department agent their own department's figures, in Chinese, and none to an operator", async () => {
    const page = await open('zh-CN');
    await logIn(page, w.users.agentA);
    await page.waitForURL('**/queue');
    expect(await page.locator('nav a').allTextContents()).toEqual(['部门工单', '统计分析']);
    await page.getByRole('link', { name: '统计分析' }).click();
    await page.waitForURL('**/figures');
    expect(await waitForText(page.locator('#figures-department'), `${w.tag}-a`)).toBe(`${w.tag}-a`);
    expect(await page.locator('select#figures-department').count()).toBe(0);
    await waitForText(page.getByTestId('rate-response'), '66.7%');
    expect(await page.getByTestId('rate-on-time').textContent()).toBe('50%');
    expect(await page.locator('[data-testid=department-table] tbody tr').count()).toBe(1);
    expect(await page.locator('label[for="figures-from"]').textContent()).toBe('开始日期');
    await screenshot(page, 'figures-agent-zh-CN');
    expect(errors()).toEqual([]);

    const operator = await open('zh-CN', '/figures');
    await logIn(operator, w.users.operator);
    await operator.waitForURL('**/calls/new');
    expect(await operator.locator('nav a').allTextContents()).not.toContain('统计分析');
  });
});
