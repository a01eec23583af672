// The operator's screen in a real browser (Debian's Chromium driven by playwright-core) against
// the app as production builds it, on PostgreSQL and Redis, serving the built console.
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { logComplaint, uniquePhone } from './factories/world.js';
import { CountingInput, screenshot, waitForFocus, waitForText, writeArtifact } from './utils/browser.js';
import { consoleSuite, logIn } from './utils/console-app.js';

jest.setTimeout(60_000);

const suite = consoleSuite();
const errors = () => suite.errors();

/** A fresh browser (own profile: no saved language or session) with its errors watched; Chinese unless told. */
async function open(opts: { locale?: string; timezoneId?: string } = {}): Promise<Page> {
  return suite.open('/', { locale: 'zh-CN', ...opts });
}

/** A mainland mobile as an operator types it: 11 digits, no country code. */
const nationalDigits = (e164: string) => e164.replace(/^\+86/, '');

const ticketOf = async (number: string) => (await suite.t.http.get(`/api/v1/tickets/${number}`).set(suite.w.users.dispatcher.auth)).body;

describe('the operator’s call-logging screen', () => {
  it('logs a complaint by keyboard alone, shows department and deadline before saving, then the number to read back', async () => {
    const { t, w } = suite;
    // a realistic leaf under the world's noise category: its routing rule and 5-working-day policy apply
    const created = await t.http.post('/api/v1/categories').set(w.users.admin.auth).send({ code: `${w.tag}.noise.construction`, name: '建筑施工噪声 Construction noise' });
    expect(created.status).toBe(201);
    // the browser sits in London; the deployment (and every time shown) is in Shanghai
    const page = await open({ timezoneId: 'Europe/London' });
    await logIn(page, w.users.operator);
    await page.waitForURL('**/calls/new');
    await waitForFocus(page, '#call-phone');

    const phone = uniquePhone();
    const input = new CountingInput(page);
    await input.type(nationalDigits(phone));
    await input.press('Enter'); // looks the caller up, on to the category
    await input.type('constr');
    await input.press('Enter'); // picks the first match, on to the description
    await input.dictate('Pile driving after midnight');
    await input.press('Tab');
    await input.dictate('12 Garden Rd');

    const deadline = page.getByTestId('preview-deadline');
    await deadline.locator('strong').waitFor();
    await waitForText(page.getByTestId('preview-department'), `${w.tag}-a`);
    await waitForText(page.locator('#history-title ~ div'), '该号码首次来电');
    const promised = (await deadline.locator('strong').textContent())!;
    await screenshot(page, 'operator-complaint-before-save');
    // at 1366×768 the whole form, preview and save button included, fits without scrolling
    const save = (await page.locator('button[type=submit]').boundingBox())!;
    expect(save.y + save.height).toBeLessThanOrEqual(768);
    expect(await page.locator('html').evaluate((el) => (el as unknown as { scrollWidth: number }).scrollWidth)).toBeLessThanOrEqual(1366);

    await input.press('Control+Enter');
    const number = (await page.getByTestId('ticket-number').textContent())!.trim();
    await screenshot(page, 'operator-complaint-saved');

    // what the screen says is what the API committed
    const ticket = await ticketOf(number);
    expect(ticket).toMatchObject({ number, kind: 'complaint', status: 'registered', description: 'Pile driving after midnight', address: '12 Garden Rd', category: { code: `${w.tag}.noise.construction` } });
    expect(await page.getByTestId('access-code').textContent()).toBe(ticket.accessCode);
    expect(ticket.calls[0]).toMatchObject({ kind: 'complaint' });
    const due = new Date(ticket.dueAt);
    const hhmm = (timeZone: string) => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(due);
    expect(hhmm('Asia/Shanghai')).not.toBe(hhmm('Europe/London'));
    expect(promised).toContain(hhmm('Asia/Shanghai'));
    expect(await page.getByTestId('result-deadline').textContent()).toBe(promised);
    expect(await page.getByTestId('result-department').textContent()).toContain(`${w.tag}-a`);

    const count = `logging a complaint: ${input.total} keystrokes and clicks (${input.keys} keys, ${input.clicks} clicks), of which ${input.text} are the caller's words (description and address) and ${input.total - input.text} are the phone number, a 6-letter category search and ${input.keys - input.text - 11 - 6} navigation keys`;
    await writeArtifact('keystrokes.txt', `${count}\n`);
    console.log(count);
    expect(input.clicks).toBe(0);
    // 4 navigation keys: Enter (look up), Enter (pick category), Tab (to address), Ctrl+Enter (save)
    expect(input.total - input.text).toBe(11 + 6 + 4);
    expect(errors()).toEqual([]);
  });

  it('turns a repeat call into a follow-up on the open ticket with one key, after warning of the duplicate', async () => {
    const { t, w } = suite;
    const first = await logComplaint(t, w);
    const page = await open({ locale: 'en-GB' });
    await logIn(page, w.users.operator);
    await waitForFocus(page, '#call-phone');
    await page.keyboard.type(nationalDigits(first.call.callerPhone));
    const history = page.locator('ol.tickets li').first();
    await waitForText(history, first.ticket.number);
    await waitForText(history, 'Follow-up (Alt+1)');
    // choosing the same category again shows the duplicate before anything is saved
    await page.locator('#call-categoryCode').fill(`${w.tag}.noise`);
    await page.keyboard.press('Enter');
    await waitForText(page.getByTestId('duplicate-warning'), first.ticket.number);
    await page.keyboard.type('Nobody came yet');
    await screenshot(page, 'operator-follow-up-offered');
    // the open ticket can be read in full in a new tab, signed in, while this call stays as typed
    const [tab] = await Promise.all([page.context().waitForEvent('page'), history.getByRole('link', { name: first.ticket.number }).click()]);
    await waitForText(tab.getByTestId('ticket-status'), 'Registered');
    expect(new URL(tab.url()).pathname).toBe(`/tickets/${first.ticket.number}`);
    await tab.close();
    await page.locator('#call-description').focus();
    expect(await page.locator('#call-description').inputValue()).toBe('Nobody came yet');

    await page.keyboard.press('Alt+1');
    expect(await waitForText(page.getByTestId('ticket-number'), first.ticket.number)).toBe(first.ticket.number);
    expect(await waitForText(page.locator('#result-title'), 'Follow-up logged')).toBe('Follow-up logged');
    await screenshot(page, 'operator-follow-up-logged');

    const ticket = await ticketOf(first.ticket.number);
    expect(ticket.urgeCount).toBe(1);
    expect(ticket.events.filter((e: { type: string }) => e.type === 'urged')).toEqual([expect.objectContaining({ note: 'Nobody came yet', actorId: w.users.operator.id })]);
    expect(ticket.calls.map((c: { kind: string }) => c.kind).sort()).toEqual(['complaint', 'follow_up']);
    // Esc: the next call starts empty, at the phone field
    await page.keyboard.press('Escape');
    await waitForFocus(page, '#call-phone');
    expect(await page.locator('#call-phone').inputValue()).toBe('');
    expect(errors()).toEqual([]);
  });

  it('answers an inquiry on the spot and closes it', async () => {
    const { w } = suite;
    const page = await open({ locale: 'en-GB' });
    await logIn(page, w.users.operator);
    await waitForFocus(page, '#call-phone');
    await page.keyboard.type(nationalDigits(uniquePhone()));
    await page.getByLabel('Inquiry, answered now').check();
    await page.locator('#call-description').fill('When is the pension office open?');
    await page.locator('#call-answer').fill('Weekdays 9:00 to 17:00');
    await page.keyboard.press('Control+Enter');
    expect(await waitForText(page.locator('#result-title'), 'Inquiry answered and closed')).toBe('Inquiry answered and closed');
    const number = (await page.getByTestId('ticket-number').textContent())!.trim();
    await screenshot(page, 'operator-inquiry-closed');
    expect(await ticketOf(number)).toMatchObject({ kind: 'inquiry', status: 'closed', resolution: 'Weekdays 9:00 to 17:00', description: 'When is the pension office open?' });
    expect(errors()).toEqual([]);
  });

  it('refuses to save a complaint with required fields missing, and says which', async () => {
    const { w } = suite;
    const page = await open({ locale: 'en-GB' });
    await logIn(page, w.users.operator);
    await waitForFocus(page, '#call-phone');
    await page.keyboard.type(nationalDigits(uniquePhone()));
    await page.keyboard.press('Control+Enter');
    await waitForFocus(page, '#call-categoryCode');
    expect(await page.locator('#call-categoryCode').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#call-description').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('ticket-number').count()).toBe(0);
    await screenshot(page, 'operator-missing-fields');
    // with nothing typed, ArrowDown opens the whole tree, indented, and arrows walk it
    await page.keyboard.press('ArrowDown');
    const tree = page.getByRole('listbox');
    // the shared test database holds every suite's categories: which come first is not this test's
    await tree.getByRole('option').nth(1).waitFor();
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#call-categoryCode').getAttribute('aria-activedescendant')).toBe(await tree.getByRole('option').nth(1).getAttribute('id'));
    await screenshot(page, 'operator-category-tree');
    await page.keyboard.press('Escape');
    expect(await tree.count()).toBe(0);
    expect(errors()).toEqual([]);
  });
});
