// The working calendar as admins see and rule on it: shipped days, a day ruled off (a typhoon
// closure), a make-up day, and every process counting deadlines by the new calendar. Rulings are
// global, so this file rules only on 2031, a year no other test computes deadlines in.
import { jest } from '@jest/globals';
import { CalendarService } from '../src/calendar/calendar.service.js';
import { createWorld, type World } from './factories/world.js';
import { startTestApp, type TestApp } from './utils/test-app.js';

jest.setTimeout(60_000);

let t: TestApp;
let other: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp();
  other = await startTestApp();
  w = await createWorld(t);
  await t.ds.query(`DELETE FROM calendar_day WHERE day >= '2031-01-01' AND day < '2032-01-01'`);
});
afterAll(async () => {
  await t?.ds.query(`DELETE FROM calendar_day WHERE day >= '2031-01-01' AND day < '2032-01-01'`);
  await other?.close();
  await t?.close();
});

// Monday 3 March 2031, 09:00 in Shanghai, and one business hour later
const MONDAY_9 = new Date('2031-03-03T01:00:00Z');
const oneHourAfter = (app: TestApp) => app.app.get(CalendarService).business.addBusinessMinutes(MONDAY_9, 60).toISOString();

describe('GET /api/v1/calendar', () => {
  it('shows a year of days off and make-up days with the notice they follow, and says when that is provisional', async () => {
    const y2026 = (await t.http.get('/api/v1/calendar').query({ year: 2026 }).set(w.users.agentA.auth).expect(200)).body;
    expect(y2026).toMatchObject({ timeZone: 'Asia/Shanghai', year: 2026, provisional: null, makeupHours: [[540, 720], [810, 1080]] });
    expect(y2026.source).toMatch(/国务院办公厅/);
    expect(y2026.days).toContainEqual({ date: '2026-10-01', kind: 'holiday', name: '国庆节', source: 'shipped' });
    expect(y2026.days).toContainEqual({ date: '2026-09-20', kind: 'workday', name: '国庆节', source: 'shipped' });
    expect(y2026.days.map((d: { date: string }) => d.date)).toEqual([...y2026.days.map((d: { date: string }) => d.date)].sort());
    const y2027 = (await t.http.get('/api/v1/calendar').query({ year: 2027 }).set(w.users.agentA.auth).expect(200)).body;
    expect(y2027.provisional).toMatch(/statutory days only/);
    await t.http.get('/api/v1/calendar').query({ year: 'soon' }).set(w.users.agentA.auth).expect(400);
    await t.http.get('/api/v1/calendar').expect(401);
  });
});

describe('PUT /api/v1/calendar/days/{date}', () => {
  it('rules a day off that deadlines in every process then skip, and withdraws it', async () => {
    expect(oneHourAfter(t)).toBe('2031-03-03T02:00:00.000Z');
    const ruled = await t.http.put('/api/v1/calendar/days/2031-03-03').set(w.users.admin.auth).send({ kind: 'holiday', name: '台风停工' }).expect(200);
    expect(ruled.body.days).toContainEqual({ date: '2031-03-03', kind: 'holiday', name: '台风停工', source: 'ruling' });
    expect(ruled.body.rulings).toEqual([expect.objectContaining({ date: '2031-03-03', kind: 'holiday', name: '台风停工', updatedBy: w.users.admin.id })]);
    // the process that took the edit counts by it at once; another one at its next look
    expect(oneHourAfter(t)).toBe('2031-03-04T02:00:00.000Z');
    expect(oneHourAfter(other)).toBe('2031-03-03T02:00:00.000Z');
    await other.app.get(CalendarService).refresh();
    expect(oneHourAfter(other)).toBe('2031-03-04T02:00:00.000Z');

    await t.http.delete('/api/v1/calendar/days/2031-03-03').set(w.users.admin.auth).expect(204);
    await t.http.delete('/api/v1/calendar/days/2031-03-03').set(w.users.admin.auth).expect(404);
    expect(oneHourAfter(t)).toBe('2031-03-03T02:00:00.000Z');
  });

  it('rules a Sunday a make-up working day with the make-up hours, and back to an ordinary day', async () => {
    const sunday9 = new Date('2031-03-02T01:00:00Z');
    const cal = () => t.app.get(CalendarService).business;
    expect(cal().addBusinessMinutes(sunday9, 60).toISOString()).toBe('2031-03-03T02:00:00.000Z');
    await t.http.put('/api/v1/calendar/days/2031-03-02').set(w.users.admin.auth).send({ kind: 'workday' }).expect(200);
    expect(cal().addBusinessMinutes(sunday9, 60).toISOString()).toBe('2031-03-02T02:00:00.000Z');
    const ordinary = await t.http.put('/api/v1/calendar/days/2031-03-02').set(w.users.admin.auth).send({ kind: 'ordinary' }).expect(200);
    expect(ordinary.body.days.find((d: { date: string }) => d.date === '2031-03-02')).toBeUndefined();
    expect(ordinary.body.rulings).toContainEqual(expect.objectContaining({ date: '2031-03-02', kind: 'ordinary' }));
    expect(cal().addBusinessMinutes(sunday9, 60).toISOString()).toBe('2031-03-03T02:00:00.000Z');
  });

  it('is for admins, and refuses a date that is not one or a kind it does not know, naming the field', async () => {
    for (const user of [w.users.supervisor, w.users.agentA, w.users.operator]) {
      await t.http.put('/api/v1/calendar/days/2031-03-05').set(user.auth).send({ kind: 'holiday' }).expect(403);
    }
    const badDate = await t.http.put('/api/v1/calendar/days/2031-02-30').set(w.users.admin.auth).send({ kind: 'holiday' }).expect(400);
    expect(badDate.body).toMatchObject({ code: 'INVALID_DATE', details: { field: 'date' } });
    const badKind = await t.http.put('/api/v1/calendar/days/2031-03-05').set(w.users.admin.auth).send({ kind: 'day-off' }).expect(400);
    expect(badKind.body.message).toMatch(/kind/);
    const longName = await t.http.put('/api/v1/calendar/days/2031-03-05').set(w.users.admin.auth).send({ kind: 'holiday', name: 'x'.repeat(101) }).expect(400);
    expect(longName.body.message).toMatch(/name/);
  });
});
