// The SMS sandbox phone in a real browser: in demo mode (no Twilio) a person plays the caller,
// texting the hotline from the console and reading its answers, and the rating closes the loop.
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { act } from './factories/tickets.js';
import { logComplaint, uniquePhone } from './factories/world.js';
import { screenshot, waitForFocus, waitForText } from './utils/browser.js';
import { consoleSuite, logIn } from './utils/console-app.js';
import { waitFor } from './utils/wait.js';

jest.setTimeout(90_000);

// workers on: the outbox delivers the service's texts to the sandbox, as in demo mode
const suite = consoleSuite({ RUN_WORKERS: 'true', SMS_POLL_MS: '50', DELIVERY_POLL_MS: '50' });
const errors = () => suite.errors();

async function open(locale = 'en-GB'): Promise<Page> {
  return suite.open('/', { locale });
}

const inbox = async (phone: string) => (await suite.t.http.get('/api/v1/sms/sandbox/messages').query({ phone }).set(suite.w.users.operator.auth).expect(200)).body as { template: string | null; status: string; body: string }[];
const bubble = (page: Page, template: string) => page.locator(`[data-testid=phone-messages] li[data-template="${template}"]`);

describe('the SMS sandbox phone', () => {
  it('the sandbox phone checks status and rates 3; the ticket comes back reopened', async () => {
    const { t, w } = suite;
    const phone = uniquePhone();
    const { ticket } = await logComplaint(t, w, { callerPhone: phone });
    for (const [tr, as] of [['dispatch', 'dispatcher'], ['accept', 'agentA'], ['resolve', 'agentA']] as const) {
      const res = await act(t, w, ticket.number, tr, as);
      expect(res.status).toBe(200);
    }
    // the resolution text (which asks for the rating) has reached the sandbox
    await waitFor('the resolution SMS', () => inbox(phone), (m) => m.some((x) => x.template === 'resolved' && x.status === 'delivered'));

    const page = await open();
    await logIn(page, w.users.operator);
    await waitForFocus(page, '#call-phone');
    // demo mode: the phone is in the operator's navigation
    await page.getByRole('link', { name: 'SMS sandbox phone' }).click();
    await waitForFocus(page, '#phone-number');
    await page.keyboard.type(phone.replace(/^\+86/, ''));
    await page.keyboard.press('Enter');
    // the service's texts to this number, the rating question among them
    await waitForText(bubble(page, 'registered'), ticket.accessCode);
    await waitForText(bubble(page, 'resolved'), ticket.number);
    await waitForFocus(page, '#phone-compose');

    await page.keyboard.type(ticket.number);
    await page.keyboard.press('Enter');
    const status = await waitForText(bubble(page, 'status'), ticket.number);
    expect(status).toContain(ticket.number);
    expect(await page.locator('[data-testid=phone-messages] li[data-direction=in]').last().textContent()).toContain(ticket.number);
    await screenshot(page, 'phone-status-reply');

    // the rating question is answered with 3: not satisfied
    await page.locator('#phone-compose').fill('3');
    await page.keyboard.press('Enter');
    await bubble(page, 'rating_reopened').waitFor();
    expect(await bubble(page, 'rating_reopened').textContent()).toContain(ticket.number);
    const detail = (await t.http.get(`/api/v1/tickets/${ticket.number}`).set(w.users.admin.auth).expect(200)).body;
    expect(detail.status).toBe('reopened');
    expect(detail.ratings).toEqual([expect.objectContaining({ score: 3, satisfied: false })]);
    // asked again, the service says the ticket is being handled again (重新办理中)
    await page.keyboard.type(ticket.number);
    await page.keyboard.press('Enter');
    await waitForText(bubble(page, 'status').nth(1), '重新办理中');
    expect(await bubble(page, 'status').nth(1).textContent()).toContain(ticket.number);
    await screenshot(page, 'phone-reopened');

    // the department takes it up again: that text arrives through the outbox while the phone is
    // open, and shows up without a reload
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    expect(await bubble(page, 'accepted').count()).toBe(1);
    expect((await act(t, w, ticket.number, 'accept', 'agentA')).status).toBe(200);
    await bubble(page, 'accepted').nth(1).waitFor();
    expect(navigations).toEqual([]);

    // on a tablet the phone sits under its picker, nothing wider than the screen
    await page.setViewportSize({ width: 768, height: 1024 });
    await screenshot(page, 'phone-tablet');
    expect(await page.locator('html').evaluate((el) => (el as unknown as { scrollWidth: number }).scrollWidth)).toBeLessThanOrEqual(768);

    // the console's ticket page tells the same story: back in work, the caller's 3 by SMS, the call it came from
    await page.goto(`${suite.base}/tickets/${ticket.number}`);
    await waitForText(page.getByTestId('ticket-status'), 'Accepted');
    expect(await page.getByTestId('timeline').locator('li[data-type="reopened"]').count()).toBe(1);
    const rating = page.locator('section[aria-labelledby="rating-title"] li');
    expect(await rating.count()).toBe(1);
    expect(await rating.textContent()).toMatch(/^Not satisfied · Score 3 · by SMS · /);
    const calls = page.locator('section[aria-labelledby="calls-title"] li');
    expect(await calls.allTextContents()).toEqual([expect.stringMatching(/ · Complaint or request$/)]);
    await screenshot(page, 'phone-ticket-reopened');
    expect(errors()).toEqual([]);
  });

  it('speaks Chinese and keeps the phone from roles the sandbox API refuses', async () => {
    const { w } = suite;
    const page = await open('zh-CN');
    await logIn(page, w.users.supervisor);
    await page.waitForURL('**/calls/new');
    expect(await page.locator('nav a').allTextContents()).not.toContain('短信模拟手机');

    const admin = await open('zh-CN');
    await logIn(admin, w.users.admin);
    await admin.getByRole('link', { name: '短信模拟手机' }).click();
    expect(await admin.locator('label[for="phone-number"]').textContent()).toBe('群众号码');
    const phone = uniquePhone();
    await admin.locator('#phone-number').fill(phone);
    await admin.keyboard.press('Enter');
    await waitForText(admin.locator('[data-testid=phone-messages]'), '该号码还没有短信');
    await admin.getByRole('button', { name: '查询' }).click();
    // a number with no tickets is told so, in the language it texted in
    await bubble(admin, 'no_open_tickets').waitFor();
    await screenshot(admin, 'phone-zh-CN');
    expect(errors()).toEqual([]);
  });
});
