// The console's shell in a real browser: signing in, the language switch, what each role is
// shown, deep links, and a session that ends under the operator's feet.
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { TEST_PASSWORD, uniquePhone, type WorldUser } from './factories/world.js';
import { screenshot, waitForFocus, waitForText } from './utils/browser.js';
import { consoleSuite } from './utils/console-app.js';

jest.setTimeout(60_000);

const suite = consoleSuite();
const errors = () => suite.errors();

async function open(path = '/', locale = 'zh-CN'): Promise<Page> {
  return suite.open(path, { locale });
}

/** Signing in by keyboard alone: the username field has the focus, Tab to the password, Enter. */
async function logIn(page: Page, user: Pick<WorldUser, 'username'>, password = TEST_PASSWORD): Promise<void> {
  await waitForFocus(page, '#login-username');
  await page.keyboard.type(user.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

const lang = (page: Page) => page.locator('html').getAttribute('lang');
const nav = (page: Page) => page.locator('nav a');

describe('the console shell', () => {
  it('switches between Chinese and English everywhere, and remembers the choice', async () => {
    const { w } = suite;
    const page = await open('/', 'zh-CN');
    expect(await page.locator('h1').textContent()).toBe('登录');
    expect(await lang(page)).toBe('zh-CN');
    await logIn(page, w.users.operator);
    await waitForFocus(page, '#call-phone');
    // the test app sends SMS to the sandbox (demo mode), so the operator also has the sandbox phone
    expect(await nav(page).allTextContents()).toEqual(['来电登记', '短信模拟手机']);
    expect(await page.locator('label[for="call-phone"]').textContent()).toBe('来电号码');
    expect(await page.locator('.topbar .zone').textContent()).toBe('时区：Asia/Shanghai');
    await screenshot(page, 'shell-zh-CN');

    await page.getByRole('button', { name: '切换为英文界面' }).click();
    expect(await waitForText(nav(page), 'Log a call')).toBe('Log a call');
    expect(await lang(page)).toBe('en');
    expect(await page.locator('label[for="call-phone"]').textContent()).toBe('Caller’s phone');
    expect(await page.locator('#call-title').textContent()).toBe('Log a call');
    await screenshot(page, 'shell-en');

    // a reload keeps both the session and the language
    await page.reload();
    await waitForFocus(page, '#call-phone');
    expect(await nav(page).allTextContents()).toEqual(['Log a call', 'SMS sandbox phone']);
    await page.getByRole('button', { name: 'Log out' }).click();
    expect(await waitForText(page.locator('h1'), 'Sign in')).toBe('Sign in');
    await page.getByRole('button', { name: 'Switch the console to Chinese' }).click();
    expect(await waitForText(page.locator('h1'), '登录')).toBe('登录');
    expect(errors()).toEqual([]);
  });

  it('shows each role only its screens: a department agent gets its queue and no call logging, even by URL', async () => {
    const { w } = suite;
    const page = await open('/calls/new', 'en-GB');
    await logIn(page, w.users.agentA);
    // sent to their own first screen: the department queue; figures are theirs too
    await page.waitForURL('**/queue');
    expect(await nav(page).allTextContents()).toEqual(['Department queue', 'Figures']);
    expect(await page.locator('.topbar .who').textContent()).toContain('Department agent');
    await screenshot(page, 'shell-agent');
    expect(errors()).toEqual([]);
  });

  it('brings a signed-out operator back to the deep link they opened', async () => {
    const { w } = suite;
    const page = await open('/calls/new', 'en-GB');
    await page.waitForURL('**/login');
    await logIn(page, { username: w.users.operator.username }, 'wrong password!');
    expect(await waitForText(page.getByRole('alert'), 'Wrong username or password.')).toBe('Wrong username or password.');
    await page.locator('#login-password').fill(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await waitForFocus(page, '#call-phone');
    expect(new URL(page.url()).pathname).toBe('/calls/new');
    // the login page's 401 is the answer to a wrong password, which the browser logs as an error
    expect(errors().filter((e) => !e.includes('401'))).toEqual([]);
    const unknown = await open('/no/such/screen', 'en-GB');
    await logIn(unknown, w.users.operator);
    expect(await waitForText(unknown.locator('main h1'), 'Page not found')).toBe('Page not found');
    expect(errors()).toEqual([]);
  });

  it('sends the operator to sign in again, saying why, when their account is deactivated mid-shift', async () => {
    const { t, w } = suite;
    const username = `${w.tag}-temp-${Date.now().toString(36)}`;
    const created = await t.http.post('/api/v1/users').set(w.users.admin.auth).send({ username, password: TEST_PASSWORD, displayName: 'Temp Operator', role: 'operator' });
    expect(created.status).toBe(201);
    const page = await open('/', 'en-GB');
    await logIn(page, { username });
    await waitForFocus(page, '#call-phone');
    expect((await t.http.patch(`/api/v1/users/${created.body.id}`).set(w.users.admin.auth).send({ active: false })).status).toBe(200);
    await page.keyboard.type(uniquePhone().replace(/^\+86/, ''));
    await page.keyboard.press('Enter');
    expect(await waitForText(page.locator('.notice'), 'Your session ended.')).toContain('Sign in again');
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, 'shell-session-ended');
  });
});
