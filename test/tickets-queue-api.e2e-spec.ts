// What the department queue and the ticket page need from the public API, beyond what other
// clients use: a deadline-ordered list, the warning point of the running clock, the actors'
// names on the timeline, the server's time on every answer, and no access code for departments.
import { jest } from '@jest/globals';
import { createWorld, logComplaint, uniquePhone, type World } from './factories/world.js';
import { act, ticketIn } from './factories/tickets.js';
import { startTestApp, type TestApp } from './utils/test-app.js';
import { waitFor } from './utils/wait.js';

jest.setTimeout(60_000);

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp({ RUN_WORKERS: 'true', SMS_POLL_MS: '50', DELIVERY_POLL_MS: '50' });
  w = await createWorld(t);
});
afterAll(async () => {
  await t?.close();
});

const list = (query: Record<string, string>, as: keyof World['users'] = 'agentA') => t.http.get('/api/v1/tickets').query(query).set(w.users[as].auth);
const detail = async (n: string, as: keyof World['users'] = 'dispatcher') => (await t.http.get(`/api/v1/tickets/${n}`).set(w.users[as].auth)).body;

describe('the tickets API for the department queue', () => {
  it('lists a department’s tickets nearest running deadline first with sort=due, tickets without a running clock last', async () => {
    // created in the opposite order to their deadlines, so the two orders differ
    const sooner = await ticketIn(t, w, 'dispatched');
    const later = await ticketIn(t, w, 'accepted');
    const paused = await ticketIn(t, w, 'suspended');
    expect((await detail(paused)).clock).toBeNull();
    const due = await list({ departmentId: w.departments.a, status: 'dispatched,accepted,suspended', sort: 'due' });
    expect(due.status).toBe(200);
    expect(due.body.items.map((x: { number: string }) => x.number)).toEqual([sooner, later, paused]);
    const dues = due.body.items.map((x: { clock: { dueAt: string } | null }) => x.clock?.dueAt ?? null);
    expect(dues[0] < dues[1]).toBe(true);
    // paging keeps that order
    const second = await list({ departmentId: w.departments.a, status: 'dispatched,accepted,suspended', sort: 'due', pageSize: '1', page: '2' });
    expect(second.body).toMatchObject({ total: 3, items: [{ number: later }] });
    // the default stays newest first
    const created = await list({ departmentId: w.departments.a, status: 'dispatched,accepted,suspended' });
    expect(created.body.items.map((x: { number: string }) => x.number)).toEqual([paused, later, sooner]);
    expect((await list({ sort: 'nearest' })).body).toMatchObject({ statusCode: 400 });
  });

  it('gives the running clock its warning point, so a console relights it on its own', async () => {
    const number = await ticketIn(t, w, 'dispatched');
    const d = await detail(number);
    const warning = d.deadlines.find((x: { stage: string; kind: string; status: string }) => x.stage === 'accept' && x.kind === 'warning' && x.status === 'pending');
    expect(d.clock).toMatchObject({ stage: 'accept', light: 'green', warnAt: warning.dueAt });
    expect(Date.parse(d.clock.warnAt)).toBeLessThan(Date.parse(d.clock.dueAt));
  });

  it('names who acted on each timeline event, and nobody for the system', async () => {
    const number = await ticketIn(t, w, 'accepted');
    const events = (await detail(number, 'agentA')).events;
    expect(events.map((e: { type: string; actorName: string | null }) => [e.type, e.actorName])).toEqual([
      ['registered', w.users.operator.username],
      ['dispatched', w.users.dispatcher.username],
      ['accepted', w.users.agentA.username],
    ]);
    // the water rule dispatches automatically: no person did that
    const { ticket } = await logComplaint(t, w, { categoryCode: `${w.tag}.water` });
    const auto = (await detail(ticket.number)).events.find((e: { type: string }) => e.type === 'dispatched');
    expect(auto).toMatchObject({ actorId: null, actorName: null });
  });

  it('stamps every answer with the server’s time, which a console counts down by', async () => {
    const res = await t.http.get('/api/v1/settings').set(w.users.agentA.auth);
    expect(Math.abs(Date.parse(res.headers.date) - Date.now())).toBeLessThan(5_000);
  });

  it('masks the access code in SMS bodies shown to departments, and only there', async () => {
    const phone = uniquePhone();
    const { ticket } = await logComplaint(t, w, { callerPhone: phone });
    await act(t, w, ticket.number, 'dispatch', 'dispatcher');
    const sent = await waitFor('the registration SMS', () => detail(ticket.number), (d) => d.sms.some((m: { template: string; body: string | null }) => m.template === 'registered' && m.body));
    const code = sent.accessCode as string;
    expect(sent.sms.find((m: { template: string }) => m.template === 'registered').body).toContain(code);
    const agent = await detail(ticket.number, 'agentA');
    expect(agent.accessCode).toBeNull();
    const body = agent.sms.find((m: { template: string }) => m.template === 'registered').body as string;
    expect(body).not.toContain(code);
    expect(body).toContain('••••');
    expect(body).toContain(ticket.number);
  });
});
