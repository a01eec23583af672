// The admin screens in a real browser: departments and users (the new user signs in), a calendar
// ruling made by keyboard, an SLA limit edited (and a refused one shown at its field), a routing
// rule created, tested and deleted; and a supervisor kept out of /admin even by URL.
// Calendar rulings are global: this file rules in 2032 only (no other test counts deadlines there)
// and removes its 2032 rulings afterwards.
import { jest } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import { TEST_PASSWORD, logComplaint, type World, type WorldUser } from './factories/world.js';
import { launchBrowser, screenshot, waitForFocus, watchErrors, type Browser } from './utils/browser.js';
import { startConsoleApp } from './utils/console-app.js';
import type { TestApp } from './utils/test-app.js';

jest.setTimeout(90_000);

let t: TestApp;
let w: World;
let base: string;
let b: Browser | undefined;
let errors: () => string[];

const clearRulings2032 = () => t?.ds.query(`DELETE FROM calendar_day WHERE day >= '2032-01-01' AND day < '2033-01-01'`);

beforeAll(async () => {
  ({ t, w, base } = await startConsoleApp());
  await clearRulings2032();
});
afterAll(async () => {
  await clearRulings2032();
  await t?.close();
});
afterEach(async () => {
  await b?.close();
  b = undefined;
});

/** Opens `path` signed out, signs in by keyboard and lands where the link pointed. */
async function openAs(user: Pick<WorldUser, 'username'>, path: string, locale = 'en-GB', viewport?: { width: number; height: number }): Promise<Page> {
  b = await launchBrowser({ locale });
  errors = watchErrors(b.page);
  const page = b.page;
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(base + path);
  await waitForFocus(page, '#login-username');
  await page.keyboard.type(user.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(TEST_PASSWORD);
  await page.keyboard.press('Enter');
  return page;
}

const dialog = (page: Page) => page.locator('dialog[open]');
/** The API's problem shown under a control, found from the control itself (aria-describedby). */
async function problemAt(control: Locator): Promise<string> {
  // the answer takes a moment: wait until the control is marked invalid
  await control.and(control.page().locator('[aria-invalid="true"]')).waitFor();
  const ids = (await control.getAttribute('aria-describedby'))?.split(' ') ?? [];
  const errorId = ids.find((id) => id.endsWith('-error'));
  expect(errorId).toBeDefined();
  return (await control.page().locator(`[id="${errorId}"]`).textContent()) ?? '';
}

describe('the admin screens', () => {
  it('an admin creates a department and an agent in it, the agent can sign in, and a taken username is refused at its field', async () => {
    const page = await openAs(w.users.admin, '/admin');
    await page.waitForURL(/\/admin\/users$/);
    expect(await page.locator('.topbar nav a').allTextContents()).toContain('Admin');
    expect(await page.locator('.admin-nav a').allTextContents()).toEqual(['Users', 'Departments', 'Categories', 'Routing rules', 'SLA policies', 'Working calendar', 'SMS templates']);

    await page.locator('.admin-nav').getByRole('link', { name: 'Departments' }).click();
    await page.getByRole('button', { name: 'New department' }).click();
    const code = `${w.tag}-creeks`;
    const deptName = `River office ${w.tag}`;
    await dialog(page).getByLabel('Code').fill(code);
    await dialog(page).getByLabel('Name').fill(deptName);
    await dialog(page).getByRole('button', { name: 'Create' }).click();
    await page.locator(`tr[data-code="${code}"]`).waitFor();
    expect(await page.getByTestId('admin-status').textContent()).toBe(`Department ${deptName} created.`);
    const dept = ((await t.http.get('/api/v1/departments').set(w.users.admin.auth).expect(200)).body as { id: string; code: string; name: string; kind: string; active: boolean }[]).find((d) => d.code === code);
    expect(dept).toMatchObject({ name: deptName, kind: 'department', active: true });

    await page.locator('.admin-nav').getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'New user' }).click();
    const username = `${w.tag}-river`;
    const form = dialog(page);
    await form.getByLabel('Username', { exact: true }).fill(username);
    await form.getByLabel('Initial password').fill(TEST_PASSWORD);
    await form.getByLabel('Name', { exact: true }).fill('Li River');
    await form.getByLabel('Role').selectOption('agent');
    await form.getByLabel('Department', { exact: true }).selectOption(dept!.id);
    await screenshot(page, 'admin-user-new');
    await form.getByRole('button', { name: 'Create' }).click();
    const row = page.locator(`tr[data-username="${username}"]`);
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual([username, 'Li River', 'Department agent', deptName, 'Active', expect.any(String)]);
    await screenshot(page, 'admin-users');
    await page.setViewportSize({ width: 768, height: 1024 });
    await screenshot(page, 'admin-users-tablet');
    await page.setViewportSize({ width: 1366, height: 768 });

    // the new agent signs in (through the API) and belongs to the new department
    const login = await t.http.post('/api/v1/auth/login').send({ username, password: TEST_PASSWORD }).expect(200);
    expect(login.body.user).toMatchObject({ username, role: 'agent', departmentId: dept!.id, displayName: 'Li River' });

    // the same username again: the API's 409 is shown under the username field
    await page.getByRole('button', { name: 'New user' }).click();
    await form.getByLabel('Username', { exact: true }).fill(username);
    await form.getByLabel('Initial password').fill(TEST_PASSWORD);
    await form.getByLabel('Name', { exact: true }).fill('Someone else');
    await form.getByLabel('Department', { exact: true }).selectOption(dept!.id);
    await form.getByRole('button', { name: 'Create' }).click();
    expect(await problemAt(form.getByLabel('Username', { exact: true }))).toBe('That username is taken.');
    await screenshot(page, 'admin-user-taken');
    await page.keyboard.press('Escape');
    await dialog(page).waitFor({ state: 'detached' });

    // deactivated, the agent can no longer sign in
    await row.getByRole('button', { name: `Deactivate ${username}` }).click();
    await row.getByRole('button', { name: `Reactivate ${username}` }).waitFor();
    await t.http.post('/api/v1/auth/login').send({ username, password: TEST_PASSWORD }).expect(401);
    expect(errors()).toEqual([expect.stringContaining('409')]);
  });

  it('an admin rules a 2032 date a holiday from the calendar by keyboard, and the API counts it; a ruling is withdrawn again', async () => {
    const page = await openAs(w.users.admin, '/admin/calendar?year=2032', 'zh-CN');
    // no arrangement is shipped for 2032: the screen says so, from the API's answer
    await page.getByTestId('cal-no-arrangement').waitFor();
    const first = page.locator('button[data-date="2032-01-01"]');
    expect(await first.getAttribute('tabindex')).toBe('0');
    expect(await page.locator('button.day[tabindex="0"]').count()).toBe(1);
    await first.focus();
    // Page Down twice: 1 March; a week down, two days right: Wednesday 10 March
    for (const key of ['PageDown', 'PageDown', 'ArrowDown', 'ArrowRight', 'ArrowRight']) await page.keyboard.press(key);
    await waitForFocus(page, 'button[data-date="2032-03-10"]');
    expect(await page.locator('button[data-date="2032-03-10"]').getAttribute('data-kind')).toBe('work');
    await page.keyboard.press('Enter');
    const form = dialog(page);
    // a working day's likely ruling is a day off: already chosen, with the focus on it
    expect(await form.getByLabel('放假（不上班）').isChecked()).toBe(true);
    await form.getByLabel('名称').fill('台风停工');
    await form.getByRole('button', { name: '保存裁定' }).click();
    await form.waitFor({ state: 'detached' });

    const day = page.locator('button[data-date="2032-03-10"]');
    await page.locator('button[data-date="2032-03-10"][data-kind="holiday"].ruled').waitFor();
    expect(await day.getAttribute('aria-label')).toContain('台风停工');
    const view = (await t.http.get('/api/v1/calendar').query({ year: 2032 }).set(w.users.admin.auth).expect(200)).body;
    expect(view.rulings).toEqual([expect.objectContaining({ date: '2032-03-10', kind: 'holiday', name: '台风停工', updatedBy: w.users.admin.id })]);
    expect(view.days).toContainEqual({ date: '2032-03-10', kind: 'holiday', name: '台风停工', source: 'ruling' });
    expect(await page.locator('[data-testid="cal-rulings"] tr[data-date="2032-03-10"] td').allTextContents()).toEqual(['2032-03-10', '放假（不上班）', '台风停工', expect.any(String)]);

    // a Saturday worked: clicked, ruled a make-up day, then withdrawn from the rulings list
    await page.locator('button[data-date="2032-03-13"]').click();
    expect(await form.getByLabel('调休上班').isChecked()).toBe(true);
    await form.getByRole('button', { name: '保存裁定' }).click();
    await page.locator('button[data-date="2032-03-13"][data-kind="makeup"].ruled').waitFor();
    await screenshot(page, 'admin-calendar-zh-CN');
    await page.setViewportSize({ width: 768, height: 1024 });
    await screenshot(page, 'admin-calendar-tablet');
    await page.setViewportSize({ width: 1366, height: 768 });

    await page.locator('[data-testid="cal-rulings"] tr[data-date="2032-03-13"] button').click();
    await form.getByRole('button', { name: '撤销裁定' }).click();
    await page.locator('button[data-date="2032-03-13"][data-kind="weekend"]:not(.ruled)').waitFor();
    const after = (await t.http.get('/api/v1/calendar').query({ year: 2032 }).set(w.users.admin.auth).expect(200)).body;
    expect(after.rulings.map((r: { date: string }) => r.date)).toEqual(['2032-03-10']);

    // another year, only read: 2027's arrangement is provisional, and the screen says why, in the API's words
    const provisional = (await t.http.get('/api/v1/calendar').query({ year: 2027 }).set(w.users.admin.auth).expect(200)).body.provisional as string;
    expect(provisional).toBeTruthy();
    await page.getByRole('spinbutton', { name: '年份' }).fill('2027');
    await page.keyboard.press('Enter');
    await page.waitForURL(/year=2027$/);
    expect(await page.getByTestId('cal-provisional').textContent()).toBe(`2027 年的放假安排为暂定： ${provisional}`);
    expect(errors()).toEqual([]);
  });

  it('an admin edits an SLA policy’s resolve limit; a limit the API cannot read is shown at its field', async () => {
    const page = await openAs(w.users.admin, '/admin/sla');
    const name = `${w.tag} standard`;
    const row = page.locator(`tr[data-policy="${name}"]`);
    await row.getByRole('button', { name: `Edit ${name}` }).click();
    const form = dialog(page);
    const resolve = form.getByLabel('Resolve', { exact: true });
    expect(await resolve.inputValue()).toBe('5wd');
    await resolve.fill('3 days');
    await form.getByRole('button', { name: 'Save' }).click();
    expect(await problemAt(resolve)).toBe('Write it as 30m, 4h or 5wd.');
    await waitForFocus(page, `[id="${await resolve.getAttribute('id')}"]`);
    await screenshot(page, 'admin-sla-refused');

    await resolve.fill('7wd');
    await form.getByLabel('Warn at (% of the window)').fill('80');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    await row.locator('td[data-stage="resolve"]', { hasText: '7wd' }).waitFor();
    const policy = ((await t.http.get('/api/v1/sla-policies').set(w.users.admin.auth).expect(200)).body as { name: string }[]).find((p) => p.name === name);
    // the replace kept what was not edited: the category, the clock, the other stages
    expect(policy).toMatchObject({ categoryId: w.categories.root, clock: 'business', warnPercent: 80, limits: { dispatch: '2h', accept: '4h', resolve: '7wd', callback: '2wd', rectify: '3wd' } });
    await screenshot(page, 'admin-sla');
    await page.setViewportSize({ width: 768, height: 1024 });
    await row.getByRole('button', { name: `Edit ${name}` }).click();
    await screenshot(page, 'admin-sla-tablet');
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    expect(errors()).toEqual([expect.stringContaining('400')]);
  });

  it('a routing rule created on the screen is what /routing/suggest returns; the test box shows it; deleting it removes it', async () => {
    const page = await openAs(w.users.admin, '/admin/routing');
    await page.getByRole('button', { name: 'New rule' }).click();
    const form = dialog(page);
    const ruleName = `${w.tag} smelly creek`;
    await form.getByLabel('Rule', { exact: true }).fill(ruleName);
    await form.getByLabel('Category').selectOption(`${w.tag}.other`);
    await form.getByLabel('District').fill('Chaoyang');
    await form.getByLabel('Keywords').fill('creek, 河道');
    await form.getByLabel('Lead department').selectOption(w.departments.b);
    await form.getByRole('group', { name: 'Assisting departments' }).getByLabel(`${w.tag}-a`).check();
    await form.getByLabel('Priority').fill('5');
    await form.getByLabel('Dispatch automatically on registration').check();
    await form.getByRole('button', { name: 'Create' }).click();
    const row = page.locator(`tr[data-rule="${ruleName}"]`);
    await row.waitFor();
    expect(await row.locator('td').nth(3).textContent()).toBe(`${w.tag}-b + ${w.tag}-a`);

    const query = { categoryCode: `${w.tag}.other`, district: 'Chaoyang', description: 'The creek behind the market smells' };
    const [top] = (await t.http.get('/api/v1/routing/suggest').query(query).set(w.users.admin.auth).expect(200)).body;
    expect(top).toMatchObject({ ruleName, leadDepartment: { id: w.departments.b }, assistingDepartmentIds: [w.departments.a], autoDispatch: true });

    // the test box asks the same question from the screen
    await page.locator('#suggest-category').selectOption(query.categoryCode);
    await page.locator('#suggest-district').fill(query.district);
    await page.locator('#suggest-description').fill(query.description);
    await page.getByRole('button', { name: 'Suggest' }).click();
    const first = page.locator('[data-testid="suggestions"] li').first();
    await first.waitFor();
    expect(await first.getAttribute('data-rule')).toBe(ruleName);
    expect(await first.textContent()).toContain('keywords: creek');
    await screenshot(page, 'admin-routing');

    await row.getByRole('button', { name: `Delete ${ruleName}` }).click();
    await dialog(page).getByRole('button', { name: 'Delete' }).click();
    await row.waitFor({ state: 'detached' });
    const rules = (await t.http.get('/api/v1/routing-rules').set(w.users.admin.auth).expect(200)).body as { name: string }[];
    expect(rules.map((r) => r.name)).not.toContain(ruleName);
    expect(errors()).toEqual([]);
  });

  it('an admin adds a sub-category with keywords, retires it with its toggle, and edits a description', async () => {
    const page = await openAs(w.users.admin, '/admin/categories');
    await page.getByRole('button', { name: `New sub-category of ${w.tag}`, exact: true }).click();
    const form = dialog(page);
    await form.getByLabel('Code').fill('creek');
    await form.getByLabel('Name').fill('Creek pollution');
    await form.getByLabel('Keywords').fill('smell, 河道');
    await form.getByRole('button', { name: 'Create' }).click();
    const node = page.locator(`li[data-code="${w.tag}.creek"]`);
    await node.waitFor();
    const tree = async () => {
      const roots = (await t.http.get('/api/v1/categories').set(w.users.admin.auth).expect(200)).body as { code: string; children: { code: string; name: string; active: boolean; keywords: string | null; description: string | null }[] }[];
      return roots.find((r) => r.code === w.tag)!.children;
    };
    expect((await tree()).find((c) => c.code === `${w.tag}.creek`)).toMatchObject({ name: 'Creek pollution', active: true, keywords: 'smell, 河道' });

    await node.getByRole('checkbox', { name: 'Creek pollution is active' }).uncheck();
    await node.locator('.cat-node.inactive').waitFor();
    expect((await tree()).find((c) => c.code === `${w.tag}.creek`)?.active).toBe(false);

    await page.getByRole('button', { name: `Edit ${w.tag}.noise`, exact: true }).click();
    await form.getByLabel('Public description').fill('Building sites and bars at night');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    expect((await tree()).find((c) => c.code === `${w.tag}.noise`)?.description).toBe('Building sites and bars at night');
    await screenshot(page, 'admin-categories');
    expect(errors()).toEqual([]);
  });

  it('an admin reads every SMS template in both languages with its segments, and previews one with a real ticket', async () => {
    const { ticket } = await logComplaint(t, w);
    const page = await openAs(w.users.admin, '/admin/sms-templates');
    const api = (await t.http.get('/api/v1/sms/templates').set(w.users.admin.auth).expect(200)).body as { maxSegments: number; templates: { template: string; renderings: { locale: string; segments: number }[] }[] };
    await page.locator('tr[data-template]').first().waitFor();
    expect(await page.locator('tr[data-template]').count()).toBe(api.templates.reduce((n, x) => n + x.renderings.length, 0));
    const zhRegistered = api.templates.find((x) => x.template === 'registered')!.renderings.find((r) => r.locale === 'zh-CN')!;
    expect(await page.locator('tr[data-template="registered"][data-locale="zh-CN"] td').nth(2).textContent()).toMatch(new RegExp(`^${zhRegistered.segments}/${api.maxSegments} segments`));

    await page.getByLabel('Template', { exact: true }).selectOption('registered');
    await page.getByLabel('Language', { exact: true }).selectOption('en');
    await page.getByLabel('Ticket number').fill(ticket.number);
    await page.getByRole('button', { name: 'Render' }).click();
    const preview = page.locator('.sms-preview');
    await preview.waitFor();
    expect(await preview.locator('.sms-body').textContent()).toContain(ticket.number);
    expect(await preview.locator('.sms-body').textContent()).toContain(ticket.accessCode);
    await screenshot(page, 'admin-sms-templates');
    expect(errors()).toEqual([]);
  });

  it("an admin rewords a template, sees the draft and a refusal at the text as typed, saves it, then restores the shipped wording", async () => {
    // SMS wordings are global: this test edits only 'nothing_to_rate' in English, which no other test reads
    await t.ds.query(`DELETE FROM sms_wording WHERE template = 'nothing_to_rate' AND locale = 'en'`);
    const page = await openAs(w.users.admin, '/admin/sms-templates');
    const row = page.locator('tr[data-template="nothing_to_rate"][data-locale="en"]');
    await row.getByRole('button', { name: 'Edit nothing_to_rate (en)' }).click();
    const box = dialog(page).getByLabel('Wording');
    expect(await box.inputValue()).toBe('{hotline} Hotline: You have no ticket waiting for a rating.');
    // the signature is required: the draft says so before saving, and so does the refusal
    await box.fill('Nothing of yours is waiting for a rating.');
    await dialog(page).locator('.sms-preview.draft .field-error').filter({ hasText: "must contain {hotline}" }).waitFor();
    await dialog(page).getByRole('button', { name: 'Save wording' }).click();
    expect(await problemAt(box)).toContain("'nothing_to_rate' must contain {hotline}");
    // the value goes in where the cursor is
    await box.focus();
    await page.keyboard.press('Home');
    await dialog(page).getByRole('button', { name: '{hotline} (required)' }).click();
    // the keyboard is back in the text, after what was inserted, before typing on
    await waitForFocus(page, 'dialog[open] textarea');
    await page.keyboard.type(': ');
    expect(await box.inputValue()).toBe('{hotline}: Nothing of yours is waiting for a rating.');
    await dialog(page).locator('.sms-preview.draft .sms-body').filter({ hasText: '12345: Nothing of yours is waiting for a rating.' }).waitFor();
    await screenshot(page, 'admin-sms-wording');
    await dialog(page).getByRole('button', { name: 'Save wording' }).click();
    await dialog(page).waitFor({ state: 'detached' });
    await page.getByTestId('admin-status').filter({ hasText: 'nothing_to_rate (en) now uses your wording.' }).waitFor();
    await row.locator('td.sms-body').filter({ hasText: '12345: Nothing of yours is waiting for a rating.' }).waitFor();
    expect(await row.locator('.badge').textContent()).toBe('own wording');
    const [stored] = await t.ds.query(`SELECT text, updated_by FROM sms_wording WHERE template = 'nothing_to_rate' AND locale = 'en'`);
    expect(stored).toEqual({ text: '{hotline}: Nothing of yours is waiting for a rating.', updated_by: w.users.admin.id });

    await row.getByRole('button', { name: 'Edit nothing_to_rate (en)' }).click();
    await dialog(page).getByRole('button', { name: 'Restore the shipped wording' }).click();
    await dialog(page).waitFor({ state: 'detached' });
    await row.locator('td.sms-body').filter({ hasText: '12345 Hotline: You have no ticket waiting for a rating.' }).waitFor();
    expect(await t.ds.query(`SELECT 1 FROM sms_wording WHERE template = 'nothing_to_rate' AND locale = 'en'`)).toEqual([]);
    // the two refusals the browser logs: the draft's render and the save
    expect(errors()).toEqual([expect.stringContaining('400 (Bad Request) http://127.0.0.1:'), expect.stringContaining('/sms/templates/nothing_to_rate/en')]);
    expect(errors()[0]).toContain('/sms/templates/preview');
  });

  it('a supervisor is not shown the admin screens and cannot open them by URL', async () => {
    const page = await openAs(w.users.supervisor, '/admin/users', 'zh-CN');
    // sent to the start, which opens the supervisor's first screen
    await page.waitForURL((url) => !url.pathname.startsWith('/admin') && url.pathname !== '/login');
    await page.locator('.topbar nav a').first().waitFor();
    expect(await page.locator('.topbar nav a').allTextContents()).toEqual(['来电登记', '派单', '督办看板', '统计分析']);
    expect(await page.locator('.admin-nav').count()).toBe(0);
    await page.goto(`${base}/admin/calendar?year=2032`);
    await page.waitForURL((url) => !url.pathname.startsWith('/admin'));
    expect(await page.locator('.admin-nav').count()).toBe(0);
    await screenshot(page, 'admin-supervisor-refused');
    expect(errors()).toEqual([]);
  });
});
