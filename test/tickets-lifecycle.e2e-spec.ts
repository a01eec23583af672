import { LIFECYCLE, TICKET_STATUSES, TRANSITIONS, type TicketStatus, type Transition } from '../src/tickets/ticket-state.js';
import type { Role } from '../src/users/user.entity.js';
import { act, ticketIn } from './factories/tickets.js';
import { createWorld, logComplaint, type World } from './factories/world.js';
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

type Who = keyof World['users'];
const PEOPLE: [Who, Role][] = [
  ['operator', 'operator'],
  ['dispatcher', 'dispatcher'],
  ['agentA', 'agent'],
  ['agentB', 'agent'],
  ['supervisor', 'supervisor'],
  ['admin', 'admin'],
];

/** Who may do what, derived from the lifecycle table; agentB is an agent of another department. */
function expectedStatus(transition: Transition, who: Who, role: Role): number {
  const rule = LIFECYCLE[transition];
  if (!rule.roles.includes(role)) return 403;
  if (rule.leadDepartmentOnly && who === 'agentB') return 403;
  return 200;
}

async function bodyExtra(transition: Transition): Promise<Record<string, unknown>> {
  if (transition !== 'merge') return {};
  const { ticket } = await logComplaint(t, w);
  return { intoNumber: ticket.number };
}

describe('every transition, per role, from a state that allows it', () => {
  const cases = TRANSITIONS.flatMap((transition) => PEOPLE.map(([who, role]) => [transition, who, role, expectedStatus(transition, who, role)] as const));

  it.each(cases)('%s by %s (%s) → %i', async (transition, who, _role, status) => {
    const from = LIFECYCLE[transition].from[0];
    const number = await ticketIn(t, w, from);
    const res = await act(t, w, number, transition, who, await bodyExtra(transition));
    expect(res.status).toBe(status);
    const after = await t.http.get(`/api/v1/tickets/${number}`).set(w.users.admin.auth);
    if (status === 200) {
      const to = LIFECYCLE[transition].to === 'previous' ? 'accepted' : LIFECYCLE[transition].to;
      expect(after.body.status).toBe(to);
      expect(after.body.events.at(-1)).toMatchObject({ fromStatus: from, toStatus: to, actorId: w.users[who].id, actorRole: w.users[who].role });
    } else {
      expect(['ROLE_NOT_ALLOWED', 'NOT_LEAD_DEPARTMENT', 'NOT_YOUR_DEPARTMENT']).toContain(res.body.code);
      expect(after.body.status).toBe(from);
    }
  });
});

describe('every transition from every state it does not allow', () => {
  const allowedActor: Record<Transition, Who> = {
    dispatch: 'dispatcher',
    accept: 'agentA',
    return: 'agentA',
    resolve: 'agentA',
    close: 'dispatcher',
    reopen: 'dispatcher',
    suspend: 'agentA',
    resume: 'agentA',
    merge: 'dispatcher',
  };
  const cases = TRANSITIONS.flatMap((transition) =>
    TICKET_STATUSES.filter((s) => !LIFECYCLE[transition].from.includes(s)).map((s) => [transition, s] as [Transition, TicketStatus]),
  );

  it.each(cases)('%s from %s → 409 TRANSITION_NOT_ALLOWED', async (transition, from) => {
    const number = await ticketIn(t, w, from);
    const who = allowedActor[transition];
    const before = await t.http.get(`/api/v1/tickets/${number}`).set(w.users.admin.auth);
    const res = await act(t, w, number, transition, who, await bodyExtra(transition));
    // an agent of department A no longer sees a ticket that was returned or never dispatched to it
    if (res.status === 403) {
      expect(who).toBe('agentA');
      expect(before.body.leadDepartment?.id).not.toBe(w.departments.a);
      return;
    }
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'TRANSITION_NOT_ALLOWED' });
    const after = await t.http.get(`/api/v1/tickets/${number}`).set(w.users.admin.auth);
    expect(after.body.version).toBe(before.body.version);
    expect(after.body.events).toHaveLength(before.body.events.length);
  });
});

describe('every other state a transition allows', () => {
  const actor: Record<Transition, Who> = {
    dispatch: 'dispatcher',
    accept: 'agentA',
    return: 'agentA',
    resolve: 'agentA',
    close: 'supervisor',
    reopen: 'operator',
    suspend: 'agentA',
    resume: 'agentA',
    merge: 'dispatcher',
  };
  const cases = TRANSITIONS.flatMap((transition) => LIFECYCLE[transition].from.slice(1).map((from) => [transition, from] as [Transition, TicketStatus]));

  it.each(cases)('%s from %s succeeds', async (transition, from) => {
    const number = await ticketIn(t, w, from);
    const res = await act(t, w, number, transition, actor[transition], await bodyExtra(transition));
    expect(res.status).toBe(200);
    expect(res.body.events.at(-1)).toMatchObject({ fromStatus: from });
  });

  it('lets only a supervisor close a complaint nobody resolved', async () => {
    const n = await ticketIn(t, w, 'registered');
    const res = await act(t, w, n, 'close', 'dispatcher', { note: 'prank call' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('SUPERVISOR_REQUIRED');
    expect((await act(t, w, n, 'close', 'supervisor', { note: 'prank call' })).body.status).toBe('closed');
  });
});

describe('the lifecycle end to end', () => {
  it('registers, dispatches, is returned with a coded reason, re-dispatched, accepted, resolved and closed, with its full history', async () => {
    const { ticket } = await logComplaint(t, w);
    const n = ticket.number;
    expect((await act(t, w, n, 'dispatch', 'dispatcher', { leadDepartmentId: w.departments.a, assistingDepartmentIds: [w.departments.b] })).status).toBe(200);
    const returned = await act(t, w, n, 'return', 'agentA', { reasonCode: 'WRONG_DISTRICT', note: 'Belongs to Chaoyang' });
    expect(returned.body).toMatchObject({ status: 'returned', returnCount: 1, leadDepartment: null });
    expect((await act(t, w, n, 'dispatch', 'dispatcher')).body.leadDepartment.id).toBe(w.departments.a);
    expect((await act(t, w, n, 'accept', 'agentA')).body.status).toBe('accepted');
    const resolved = await act(t, w, n, 'resolve', 'agentA', { resolution: 'Permit revoked' });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'Permit revoked' });
    expect(resolved.body.resolvedAt).toEqual(expect.any(String));
    const closed = await act(t, w, n, 'close', 'operator');
    expect(closed.body.status).toBe('closed');
    expect(closed.body.events.map((e: { type: string }) => e.type)).toEqual(['registered', 'dispatched', 'returned', 'dispatched', 'accepted', 'resolved', 'closed']);
    const ret = closed.body.events[2];
    expect(ret).toMatchObject({ reasonCode: 'WRONG_DISTRICT', note: 'Belongs to Chaoyang', payload: { departmentId: w.departments.a } });
    // registration time is the caller's clock: bouncing never moves it
    expect(closed.body.createdAt).toBe(ticket.createdAt);
  });

  it('refuses a return reason that is not on the configured list, naming the field', async () => {
    const n = await ticketIn(t, w, 'dispatched');
    const res = await act(t, w, n, 'return', 'agentA', { reasonCode: 'BORED' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'UNKNOWN_RETURN_REASON', details: { field: 'reasonCode' } });
    const reasons = await t.http.get('/api/v1/return-reasons').set(w.users.agentA.auth);
    expect(reasons.body.codes).toContain('NOT_OUR_JURISDICTION');
  });

  it('suspends and resumes back to accepted, keeping the reason, with no committed deadline while suspended', async () => {
    const n = await ticketIn(t, w, 'accepted');
    const s = await act(t, w, n, 'suspend', 'agentA', { reason: 'Awaiting lab results' });
    expect(s.body.status).toBe('suspended');
    expect(s.body.events.at(-1)).toMatchObject({ type: 'suspended', note: 'Awaiting lab results' });
    expect(s.body.dueAt).toBeNull();
    expect(s.body.originalDueAt).not.toBeNull();
    const r = await act(t, w, n, 'resume', 'supervisor');
    expect(r.body.status).toBe('accepted');
    expect(Date.parse(r.body.dueAt)).toBeGreaterThan(Date.now());
  });

  it('reopens a closed ticket to the lead department, who accepts it again', async () => {
    const n = await ticketIn(t, w, 'closed');
    const r = await act(t, w, n, 'reopen', 'operator', { reason: 'Noise is back' });
    expect(r.body).toMatchObject({ status: 'reopened', closedAt: null, resolvedAt: null });
    expect((await act(t, w, n, 'accept', 'agentA')).body.status).toBe('accepted');
  });

  it('merges a duplicate: it points to the survivor, whose caller list gains the duplicate’s caller', async () => {
    const dup = await logComplaint(t, w);
    const survivor = await logComplaint(t, w);
    const res = await act(t, w, dup.ticket.number, 'merge', 'dispatcher', { intoNumber: survivor.ticket.number.toLowerCase().replace('-', ' ') });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'merged', mergedIntoId: survivor.ticket.id });
    const s = await t.http.get(`/api/v1/tickets/${survivor.ticket.number}`).set(w.users.dispatcher.auth);
    expect(s.body.events.at(-1)).toMatchObject({ type: 'merge_received', payload: { fromNumber: dup.ticket.number, callerId: dup.call.callerId } });
    // the duplicate's caller now sees the survivor among their open tickets
    const caller = await t.http.get(`/api/v1/callers/${encodeURIComponent(dup.call.callerPhone)}`).set(w.users.operator.auth);
    expect(caller.body.openTickets.map((x: { number: string }) => x.number)).toContain(survivor.ticket.number);
  });

  it('refuses to merge into itself, into an unknown ticket or into a closed one', async () => {
    const a = await ticketIn(t, w, 'registered');
    expect((await act(t, w, a, 'merge', 'dispatcher', { intoNumber: a })).body.code).toBe('MERGE_INTO_ITSELF');
    expect((await act(t, w, a, 'merge', 'dispatcher', { intoNumber: 'T000101-00000' })).body.code).toBe('MERGE_TARGET_NOT_FOUND');
    const closed = await ticketIn(t, w, 'closed');
    const res = await act(t, w, a, 'merge', 'dispatcher', { intoNumber: closed });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('MERGE_TARGET_NOT_OPEN');
  });

  it('dispatches to the top routing suggestion when no department is named', async () => {
    const n = await ticketIn(t, w, 'registered');
    const res = await act(t, w, n, 'dispatch', 'dispatcher', { leadDepartmentId: undefined });
    expect(res.body.leadDepartment.id).toBe(w.departments.a);
    expect(res.body.events.at(-1).payload.ruleId).toEqual(expect.any(String));
  });

  it('refuses to dispatch to a supervision office or an unknown department', async () => {
    const n = await ticketIn(t, w, 'registered');
    expect((await act(t, w, n, 'dispatch', 'dispatcher', { leadDepartmentId: w.departments.supervision })).body.code).toBe('NOT_A_HANDLING_DEPARTMENT');
    const unknown = await act(t, w, n, 'dispatch', 'dispatcher', { leadDepartmentId: '6f1f1f1f-1111-4111-8111-111111111111' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('DEPARTMENT_NOT_FOUND');
  });

  it('reports 404 for an unknown ticket and for text that is no ticket number', async () => {
    for (const n of ['T000101-00000', 'nonsense']) {
      const res = await t.http.get(`/api/v1/tickets/${n}`).set(w.users.admin.auth);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('TICKET_NOT_FOUND');
    }
  });
});

describe('department scope', () => {
  it('lets an agent see and list only tickets their department leads or assists', async () => {
    const own = await ticketIn(t, w, 'dispatched');
    const assisting = await ticketIn(t, w, 'registered');
    await act(t, w, assisting, 'dispatch', 'dispatcher', { leadDepartmentId: w.departments.b, assistingDepartmentIds: [w.departments.a] });
    const foreign = await ticketIn(t, w, 'registered');
    await act(t, w, foreign, 'dispatch', 'dispatcher', { leadDepartmentId: w.departments.b });

    expect((await t.http.get(`/api/v1/tickets/${own}`).set(w.users.agentA.auth)).status).toBe(200);
    const seeAssist = await t.http.get(`/api/v1/tickets/${assisting}`).set(w.users.agentA.auth);
    expect(seeAssist.status).toBe(200);
    expect(seeAssist.body.actions).toEqual([]);
    const denied = await t.http.get(`/api/v1/tickets/${foreign}`).set(w.users.agentA.auth);
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('NOT_YOUR_DEPARTMENT');
    // assisting departments see the ticket but cannot act for the lead
    expect((await act(t, w, assisting, 'accept', 'agentA')).status).toBe(403);

    const list = await t.http.get('/api/v1/tickets').query({ pageSize: 200 }).set(w.users.agentA.auth);
    const numbers = list.body.items.map((x: { number: string }) => x.number);
    expect(numbers).toEqual(expect.arrayContaining([own, assisting]));
    expect(numbers).not.toContain(foreign);
    for (const item of list.body.items) {
      const depts = [item.leadDepartment?.id, ...item.assistingDepartments.map((d: { id: string }) => d.id)];
      expect(depts).toContain(w.departments.a);
    }
  });
});

describe('listing', () => {
  it('filters by status, department, category subtree, created range and text, and paginates', async () => {
    const marker = `marker-${w.tag}-${Date.now()}`;
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await logComplaint(t, w, { description: `${marker} #${i}` })).ticket.number);
    await act(t, w, made[0], 'dispatch', 'dispatcher', { leadDepartmentId: w.departments.b });
    const q = (query: Record<string, unknown>) => t.http.get('/api/v1/tickets').query(query).set(w.users.supervisor.auth);

    const byText = await q({ q: marker });
    expect(byText.body.total).toBe(5);
    expect(byText.body.items.map((x: { number: string }) => x.number)).toEqual([...made].reverse());

    const page2 = await q({ q: marker, pageSize: 2, page: 2 });
    expect(page2.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(page2.body.items.map((x: { number: string }) => x.number)).toEqual([made[2], made[1]]);

    expect((await q({ q: marker, status: 'registered' })).body.total).toBe(4);
    expect((await q({ q: marker, status: 'dispatched,registered' })).body.total).toBe(5);
    expect((await q({ q: marker, departmentId: w.departments.b })).body.total).toBe(1);
    expect((await q({ q: marker, categoryCode: w.tag })).body.total).toBe(5);
    expect((await q({ q: marker, categoryCode: `${w.tag}.other` })).body.total).toBe(0);
    expect((await q({ q: marker, createdFrom: new Date(Date.now() + 60_000).toISOString() })).body.total).toBe(0);
    expect((await q({ q: made[3].replace('-', '').toLowerCase() })).body.items.map((x: { number: string }) => x.number)).toEqual([made[3]]);
  });

  it('names the bad filter in a 400', async () => {
    for (const [query, field] of [
      [{ status: 'lost' }, 'status'],
      [{ pageSize: 1000 }, 'pageSize'],
      [{ createdFrom: 'yesterday' }, 'createdFrom'],
      [{ departmentId: 'x' }, 'departmentId'],
      [{ bogus: 1 }, 'bogus'],
    ] as const) {
      const res = await t.http.get('/api/v1/tickets').query(query).set(w.users.supervisor.auth);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toContain(field);
    }
  });
});
