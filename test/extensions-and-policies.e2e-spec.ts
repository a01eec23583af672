import { act, ticketIn } from './factories/tickets.js';
import { createWorld, uniquePhone, type World } from './factories/world.js';
import { startTestApp, type TestApp } from './utils/test-app.js';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp();
  w = await createWorld(t);
});
afterAll(async () => {
  await t?.close();
});

const get = async (n: string) => (await t.http.get(`/api/v1/tickets/${n}`).set(w.users.admin.auth)).body;

describe('extensions (延期)', () => {
  it('moves the committed deadline when approved, keeps the first promise, and tells the caller', async () => {
    const n = await ticketIn(t, w, 'accepted');
    const before = await get(n);
    const asked = await t.http.post(`/api/v1/tickets/${n}/extension-requests`).set(w.users.agentA.auth).send({ reason: 'Waiting for the environmental lab', additionalWorkingDays: 3 });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'pending', currentDueAt: before.dueAt });
    expect(new Date(asked.body.requestedDueAt).getTime()).toBeGreaterThan(new Date(before.dueAt).getTime());
    const again = await t.http.post(`/api/v1/tickets/${n}/extension-requests`).set(w.users.agentA.auth).send({ reason: 'again', additionalWorkingDays: 1 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('EXTENSION_PENDING');

    const pending = await t.http.get('/api/v1/extension-requests').query({ status: 'pending' }).set(w.users.supervisor.auth);
    expect(pending.body.map((r: { id: string }) => r.id)).toContain(asked.body.id);
    expect((await t.http.post(`/api/v1/extension-requests/${asked.body.id}/approve`).set(w.users.agentA.auth).send({})).status).toBe(403);

    const approved = await t.http.post(`/api/v1/extension-requests/${asked.body.id}/approve`).set(w.users.supervisor.auth).send({ note: 'ok, lab is slow' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    const after = await get(n);
    expect(after.dueAt).toBe(asked.body.requestedDueAt);
    expect(after.originalDueAt).toBe(before.originalDueAt);
    expect(after.events.slice(-2).map((e: { type: string }) => e.type)).toEqual(['extension_requested', 'extension_approved']);
    const told = after.sms.filter((s: { template: string }) => s.template === 'extended');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ direction: 'out', purpose: 'notification' });
    expect(told[0].body).toContain(n);
    expect(told[0].body).toContain('Waiting for the environmental lab');
    const live = after.deadlines.filter((d: { stage: string; status: string }) => d.stage === 'resolve' && d.status === 'pending');
    expect(live.find((d: { kind: string }) => d.kind === 'breach').dueAt).toBe(asked.body.requestedDueAt);
    const ended = after.deadlines.filter((d: { stage: string; cancelReason: string }) => d.stage === 'resolve' && d.cancelReason === 'extension');
    expect(ended.length).toBeGreaterThan(0);
    expect((await t.http.post(`/api/v1/extension-requests/${asked.body.id}/reject`).set(w.users.supervisor.auth).send({})).body.code).toBe('EXTENSION_DECIDED');
  });

  it('leaves the deadline alone when rejected', async () => {
    const n = await ticketIn(t, w, 'accepted');
    const before = await get(n);
    const asked = await t.http.post(`/api/v1/tickets/${n}/extension-requests`).set(w.users.agentA.auth).send({ reason: 'busy', newDueAt: new Date(new Date(before.dueAt).getTime() + 86_400_000).toISOString() });
    const rejected = await t.http.post(`/api/v1/extension-requests/${asked.body.id}/reject`).set(w.users.supervisor.auth).send({ note: 'no' });
    expect(rejected.body.status).toBe('rejected');
    const after = await get(n);
    expect(after.dueAt).toBe(before.dueAt);
    expect(after.events.at(-1)).toMatchObject({ type: 'extension_rejected', note: 'no' });
  });

  it('refuses requests from another department, for an earlier date, or for a resolved or suspended ticket', async () => {
    const n = await ticketIn(t, w, 'accepted');
    const due = (await get(n)).dueAt;
    expect((await t.http.post(`/api/v1/tickets/${n}/extension-requests`).set(w.users.agentB.auth).send({ reason: 'x', additionalWorkingDays: 1 })).status).toBe(403);
    const earlier = await t.http.post(`/api/v1/tickets/${n}/extension-requests`).set(w.users.agentA.auth).send({ reason: 'x', newDueAt: new Date(new Date(due).getTime() - 1000).toISOString() });
    expect(earlier.status).toBe(400);
    const missing = await t.http.post(`/api/v1/tickets/${n}/extension-requests`).set(w.users.agentA.auth).send({ reason: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('additionalWorkingDays');
    const closed = await ticketIn(t, w, 'resolved');
    const res = await t.http.post(`/api/v1/tickets/${closed}/extension-requests`).set(w.users.agentA.auth).send({ reason: 'x', additionalWorkingDays: 1 });
    expect(res.status).toBe(409);
    // a paused clock holds no deadline to extend: resume first
    const suspended = await ticketIn(t, w, 'suspended');
    const paused = await t.http.post(`/api/v1/tickets/${suspended}/extension-requests`).set(w.users.agentA.auth).send({ reason: 'x', additionalWorkingDays: 1 });
    expect(paused.status).toBe(409);
    expect(paused.body).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', message: 'Cannot extend a ticket that is suspended' });
  });
});

describe('SLA policies', () => {
  it('lets an admin set per-category limits that new tickets of that category get', async () => {
    const res = await t.http.post('/api/v1/sla-policies').set(w.users.admin.auth).send({ name: 'Other: quick', categoryCode: `${w.tag}.other`, limits: { dispatch: '30m', resolve: '1wd' } });
    expect(res.status).toBe(201);
    const { ticket } = (await t.http.post('/api/v1/calls').set(w.users.operator.auth).send({ callerPhone: '+8613900001111', kind: 'complaint', categoryCode: `${w.tag}.other`, description: 'x' })).body;
    const read = await get(ticket.number);
    const stages = new Set(read.deadlines.map((d: { stage: string }) => d.stage));
    expect([...stages].sort()).toEqual(['dispatch', 'resolve']);
    const dispatchBreach = read.deadlines.find((d: { stage: string; kind: string }) => d.stage === 'dispatch' && d.kind === 'breach');
    const window = t.app.get((await import('../src/calendar/calendar.service.js')).CalendarService).business.businessMinutesBetween(new Date(read.createdAt), new Date(dispatchBreach.dueAt));
    expect(Math.round(window)).toBe(30);
  });

  it('makes no promise to a reopened ticket when its policy sets no rectify limit, rather than repeating the passed resolve deadline', async () => {
    await t.http.post('/api/v1/sla-policies').set(w.users.admin.auth).send({ name: 'Other: no rectify', categoryCode: `${w.tag}.other`, limits: { dispatch: '30m', resolve: '1wd' } }).expect(201);
    const { ticket } = (await t.http.post('/api/v1/calls').set(w.users.operator.auth).send({ callerPhone: uniquePhone(), kind: 'complaint', categoryCode: `${w.tag}.other`, description: 'Broken bench' })).body;
    expect(ticket.dueAt).not.toBeNull();
    for (const [transition, as] of [['dispatch', 'dispatcher'], ['accept', 'agentA'], ['resolve', 'agentA'], ['reopen', 'operator']] as const) {
      expect((await act(t, w, ticket.number, transition, as)).status).toBe(200);
    }
    const read = await get(ticket.number);
    expect(read).toMatchObject({ status: 'reopened', dueAt: null, clock: null });
    expect(read.deadlines.filter((d: { status: string }) => d.status === 'pending')).toEqual([]);
    const reopened = read.sms.find((m: { template: string }) => m.template === 'reopened');
    expect(reopened.body).toMatch(/^【12345】您的工单\S+已重新办理/);
    expect(reopened.body).not.toMatch(/时限/);
  });

  it.each([
    [{ limits: { resolve: 'soon' } }, 'limits.resolve'],
    [{ limits: { lunch: '1h' } }, 'limits.lunch'],
    [{ limits: { resolve: '1.5wd' } }, 'limits.resolve'],
    [{ categoryCode: 'nope', limits: {} }, 'categoryCode'],
    [{ warnPercent: 150, limits: {} }, 'warnPercent'],
  ])('refuses %j naming %s', async (patch, field) => {
    const res = await t.http.post('/api/v1/sla-policies').set(w.users.admin.auth).send({ name: 'bad', ...patch });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
  });

  it('is for admins to change', async () => {
    expect((await t.http.post('/api/v1/sla-policies').set(w.users.supervisor.auth).send({ name: 'x', limits: {} })).status).toBe(403);
    expect((await t.http.get('/api/v1/sla-policies').set(w.users.supervisor.auth)).status).toBe(200);
  });
});

describe('the committed deadline', () => {
  it('is set at registration, shown on the ticket, and unchanged by bouncing', async () => {
    const n = await ticketIn(t, w, 'registered');
    const first = await get(n);
    expect(first.dueAt).toEqual(expect.any(String));
    expect(first.originalDueAt).toBe(first.dueAt);
    await act(t, w, n, 'dispatch', 'dispatcher');
    await act(t, w, n, 'return', 'agentA', { reasonCode: 'OTHER', note: 'x' });
    await act(t, w, n, 'dispatch', 'dispatcher');
    expect((await get(n)).dueAt).toBe(first.dueAt);
  });
});
