// The figures supervisors are judged by (三率): response within the accept deadline, resolution
// by the committed deadline, satisfaction — and the volumes around them, per department and over
// time, as JSON and CSV. Each ticket here is worked through the public API; a late one is made late
// by moving its deadline into the past, as time would.
import { jest } from '@jest/globals';
import { act } from './factories/tickets.js';
import { createWorld, logComplaint, uniquePhone, type World } from './factories/world.js';
import { startTestApp, type TestApp } from './utils/test-app.js';

jest.setTimeout(60_000);

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp({});
  w = await createWorld(t);
});
afterAll(async () => {
  await t?.close();
});

const must = async (n: string, transition: string, as: keyof World['users'], extra: Record<string, unknown> = {}) => {
  const res = await act(t, w, n, transition, as, extra);
  if (res.status !== 200) throw new Error(`${transition}: ${res.status} ${JSON.stringify(res.body)}`);
};
const dispatched = async (phone = uniquePhone()) => {
  const { ticket } = await logComplaint(t, w, { callerPhone: phone });
  await must(ticket.number, 'dispatch', 'dispatcher');
  return ticket;
};
/** Time passes: the running accept stage's deadline is already behind us. */
const acceptDeadlinePassed = (ticketId: string) =>
  t.ds.query(`UPDATE deadline SET stage_due_at = now() - interval '1 hour' WHERE ticket_id = $1 AND stage = 'accept' AND stage_ended_at IS NULL`, [ticketId]);
const figures = async (query: Record<string, string>, as: keyof World['users'] = 'supervisor') =>
  (await t.http.get('/api/v1/reports/figures').query(query).set(w.users[as].auth).expect(200)).body;

describe('figures per department', () => {
  it('count responses, on-time resolutions, ratings, returns, extensions, reopenings and repeat calls', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    // A: accepted and resolved in time, rated satisfied by SMS, urged once by a follow-up call
    const phoneA = uniquePhone();
    const a = await dispatched(phoneA);
    await must(a.number, 'accept', 'agentA');
    await t.http.post('/api/v1/calls').set(w.users.operator.auth).send({ callerPhone: phoneA, kind: 'follow_up', ticketNumber: a.number, description: 'any news?' }).expect(201);
    await must(a.number, 'resolve', 'agentA');
    const rated = await t.http.post('/api/v1/sms/sandbox/inbound').set(w.users.operator.auth).send({ from: phoneA, body: '1' }).expect(200);
    expect(rated.body.outcome).toBe('rated');
    // B: returned in time
    const b = await dispatched();
    await must(b.number, 'return', 'agentA');
    // C: accepted after its accept deadline, extended, resolved late, reopened
    const c = await dispatched();
    await acceptDeadlinePassed(c.id);
    await must(c.number, 'accept', 'agentA');
    const asked = await t.http.post(`/api/v1/tickets/${c.number}/extension-requests`).set(w.users.agentA.auth).send({ reason: 'lab results', additionalWorkingDays: 1 }).expect(201);
    await t.http.post(`/api/v1/extension-requests/${asked.body.id}/approve`).set(w.users.supervisor.auth).send({}).expect(200);
    await t.ds.query(`UPDATE ticket SET due_at = now() - interval '1 minute' WHERE id = $1`, [c.id]);
    await must(c.number, 'resolve', 'agentA');
    await must(c.number, 'reopen', 'operator');
    // D: dispatched, not yet answered
    await dispatched();

    const body = await figures({ from: since, departmentId: w.departments.a });
    expect(body.groupBy).toBe('department');
    expect(body.rows).toEqual([
      {
        key: w.departments.a,
        departmentName: `${w.tag}-a`,
        // B went back to the dispatch queue: registered, with no lead department now
        registered: 3,
        received: 4,
        responded: 3,
        respondedOnTime: 2,
        accepted: 2,
        returns: 1,
        resolved: 2,
        resolvedOnTime: 1,
        ratings: 1,
        satisfied: 1,
        extensions: 1,
        reopenings: 1,
        repeatCalls: 1,
        responseRate: 0.667,
        onTimeRate: 0.5,
        satisfactionRate: 1,
      },
    ]);

    // all departments: B's department has nothing, and still gets its row
    const all = await figures({ from: since });
    const b2 = all.rows.find((r: { key: string }) => r.key === w.departments.b);
    expect(b2).toMatchObject({ received: 0, responseRate: null, onTimeRate: null, satisfactionRate: null });

    // over time: today's bucket holds the same counts
    const trend = await figures({ from: since, groupBy: 'day', departmentId: w.departments.a });
    expect(trend.rows.length).toBeGreaterThanOrEqual(1);
    expect(trend.rows.reduce((n: number, r: { received: number }) => n + r.received, 0)).toBe(4);
    expect(trend.rows.at(-1).key).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // an agent of B asking for A's figures gets B's
    const asAgentB = await figures({ from: since, departmentId: w.departments.a }, 'agentB');
    expect(asAgentB.rows.map((r: { key: string }) => r.key)).toEqual([w.departments.b]);
  });

  it('exports CSV a spreadsheet opens, and refuses a bad period', async () => {
    const res = await t.http.get('/api/v1/reports/figures').query({ departmentId: w.departments.a, format: 'csv' }).set(w.users.supervisor.auth).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="figures-department-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, row] = res.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(header.split(',').slice(0, 6)).toEqual(['department_id', 'department', 'registered', 'received', 'responded', 'responded_on_time']);
    expect(row.startsWith(`${w.departments.a},${w.tag}-a,`)).toBe(true);

    const bad = await t.http.get('/api/v1/reports/figures').query({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }).set(w.users.supervisor.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_PERIOD');
    expect((await t.http.get('/api/v1/reports/figures').query({ groupBy: 'hour' }).set(w.users.supervisor.auth)).status).toBe(400);
    expect((await t.http.get('/api/v1/reports/figures').set(w.users.operator.auth)).status).toBe(403);
  });
});
