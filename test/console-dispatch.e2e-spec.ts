// The dispatch desk (派单) in a real browser: tickets no department works on, routed by the
// routing rules' suggestion or by hand — a returned ticket with the reason it came back in view,
// sent elsewhere without resetting the caller's clock — and a duplicate merged, the wrong number
// refused at its field. Checked through the API.
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { WorldUser } from './factories/world.js';
import { ticketIn } from './factories/tickets.js';
import { screenshot } from './utils/browser.js';
import { consoleSuite } from './utils/console-app.js';

jest.setTimeout(60_000);

const suite = consoleSuite();
const errors = () => suite.errors();

/** Signs in at `path` (the dispatch desk by default) and lands there. */
async function openDispatch(user: WorldUser, locale = 'en-GB', path = '/dispatch'): Promise<Page> {
  const page = await suite.openAs(user, path, { locale });
  await page.waitForURL(`**${path}`);
  return page;
}

const ticketOf = async (number: string) => (await suite.t.http.get(`/api/v1/tickets/${number}`).set(suite.w.users.dispatcher.auth)).body;
const row = (page: Page, number: string) => page.locator(`tr[data-number="${number}"]`);
const dialog = (page: Page) => page.locator('dialog[open]');

describe('the dispatch desk', () => {
  it('sends a returned ticket to another department with the reason it came back in view, keeping the caller’s deadline', async () => {
    const { t, w } = suite;
    const returned = await ticketIn(t, w, 'returned'); // department A returned it: not our jurisdiction
    const before = await ticketOf(returned);
    const page = await openDispatch(w.users.dispatcher);
    await row(page, returned).waitFor();
    expect(await row(page, returned).locator('.tag.returned').textContent()).toBe('returned 1×');
    expect(await row(page, returned).locator('.col-status').textContent()).toBe('Returned');

    await page.getByRole('button', { name: `Dispatch ${returned}` }).click();
    const lastReturn = dialog(page).getByTestId('last-return');
    await lastReturn.waitFor();
    expect(await lastReturn.textContent()).toMatch(new RegExp(`^${w.users.agentA.username}, ${w.tag}-a returned it .+: Not our jurisdiction — This is a district matter$`));
    // the rules know only department A, which just returned it: nothing is chosen for the dispatcher
    const lead = dialog(page).getByLabel('Lead department');
    await dialog(page).getByRole('button', { name: `${w.tag}-a (rule “${w.tag} noise”)` }).waitFor();
    expect(await lead.inputValue()).toBe('');
    expect(await lead.locator('option:checked').textContent()).toBe('Choose a department…');
    expect(await lead.locator(`option[value="${w.departments.a}"]`).textContent()).toBe(`${w.tag}-a — returned it`);
    await lead.selectOption(w.departments.b);
    await dialog(page).getByLabel('Note for the department (optional)').fill('The district office handles this street');
    await screenshot(page, 'dispatch-returned');
    await dialog(page).getByRole('button', { name: 'Dispatch', exact: true }).click();
    await page.getByTestId('dispatch-status').filter({ hasText: `${returned} dispatched to ${w.tag}-b.` }).waitFor();
    await row(page, returned).waitFor({ state: 'detached' });

    const after = await ticketOf(returned);
    expect(after).toMatchObject({ status: 'dispatched', leadDepartment: { id: w.departments.b }, dueAt: before.dueAt, originalDueAt: before.originalDueAt });
    expect(after.events.at(-1)).toMatchObject({ type: 'dispatched', note: 'The district office handles this street' });
    expect(errors()).toEqual([]);
  });

  it('dispatches a new ticket where the routing rule suggests, with one click on Dispatch', async () => {
    const { t, w } = suite;
    const fresh = await ticketIn(t, w, 'registered');
    const page = await openDispatch(w.users.supervisor, 'zh-CN');
    await page.getByRole('button', { name: `派单 ${fresh}` }).click();
    const suggestion = dialog(page).getByRole('button', { name: `${w.tag}-a（规则“${w.tag} noise”）` });
    await suggestion.waitFor();
    expect(await suggestion.getAttribute('aria-pressed')).toBe('true');
    expect(await dialog(page).getByLabel('主办单位').inputValue()).toBe(w.departments.a);
    await dialog(page).getByRole('button', { name: '派单', exact: true }).click();
    await page.getByTestId('dispatch-status').filter({ hasText: `${fresh} 已派至${w.tag}-a。` }).waitFor();
    expect(await ticketOf(fresh)).toMatchObject({ status: 'dispatched', leadDepartment: { id: w.departments.a } });
    expect(errors()).toEqual([]);
  });

  it('merges a duplicate into the ticket that stays, refusing a number that does not exist at its field', async () => {
    const { t, w } = suite;
    const duplicate = await ticketIn(t, w, 'registered');
    const survivor = await ticketIn(t, w, 'dispatched');
    const page = await openDispatch(w.users.dispatcher);
    await page.getByRole('button', { name: `Merge ${duplicate} into another ticket` }).click();
    const into = dialog(page).getByLabel('Number of the ticket that stays');
    await into.fill('T19990101-9999');
    await dialog(page).getByRole('button', { name: 'Merge', exact: true }).click();
    await into.and(page.locator('[aria-invalid="true"]')).waitFor();
    expect(await dialog(page).locator('.field-error').first().textContent()).toBe('There is no ticket with that number.');
    await into.fill(survivor.toLowerCase());
    await dialog(page).getByRole('button', { name: 'Merge', exact: true }).click();
    await page.getByTestId('dispatch-status').filter({ hasText: `${duplicate} merged into ${survivor}.` }).waitFor();
    await row(page, duplicate).waitFor({ state: 'detached' });
    expect(await ticketOf(duplicate)).toMatchObject({ status: 'merged' });
    expect((await ticketOf(survivor)).events.at(-1)).toMatchObject({ type: 'merge_received', payload: { fromNumber: duplicate } });
    expect(errors()).toEqual([expect.stringContaining('400')]);
  });

  it('re-dispatches a ticket nobody has accepted yet from its own page, with the dispatch desk’s dialog', async () => {
    const { t, w } = suite;
    const waiting = await ticketIn(t, w, 'dispatched'); // with department A, not accepted
    const page = await openDispatch(w.users.dispatcher, 'en-GB', `/tickets/${waiting}`);
    const actions = page.getByRole('group', { name: 'Actions' });
    await actions.waitFor();
    expect(await actions.getByRole('button').allTextContents()).toEqual(['Dispatch', 'Merge', 'Add note']);
    await actions.getByRole('button', { name: 'Dispatch' }).click();
    await dialog(page).getByLabel('Lead department').selectOption(w.departments.b);
    await dialog(page).getByRole('button', { name: 'Dispatch', exact: true }).click();
    await page.getByRole('status').filter({ hasText: `${waiting} dispatched to ${w.tag}-b.` }).waitFor();
    await page.locator('dd').filter({ hasText: `${w.tag}-b` }).first().waitFor();
    const after = await ticketOf(waiting);
    expect(after).toMatchObject({ status: 'dispatched', leadDepartment: { id: w.departments.b } });
    expect(after.events.at(-1).payload).toMatchObject({ previousLeadDepartmentId: w.departments.a });
    expect(errors()).toEqual([]);
  });
});
