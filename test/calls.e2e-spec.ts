import { parseTicketNumber } from '../src/tickets/ticket-number.js';
import { act, ticketIn } from './factories/tickets.js';
import { createWorld, logComplaint, uniquePhone, type World } from './factories/world.js';
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

const post = (body: Record<string, unknown>, as: keyof World['users'] = 'operator') => t.http.post('/api/v1/calls').set(w.users[as].auth).send(body);

describe('POST /api/v1/calls', () => {
  it('registers a complaint: 201 with a readable number, a 4-digit access code, and the operator as first-contact owner', async () => {
    const national = `138${String(Date.now() % 1e8).padStart(8, '0')}`;
    const typed = `${national.slice(0, 3)} ${national.slice(3, 7)}-${national.slice(7)}`;
    const res = await post({ callerPhone: typed, callerName: '王女士', kind: 'complaint', categoryCode: `${w.tag}.noise`, description: 'Pile driver at 2 am', address: '1 Zhongguancun St', district: 'Haidian', lat: 39.98, lng: 116.31, priority: 'high' });
    expect(res.status).toBe(201);
    const { call, ticket, possibleDuplicates } = res.body;
    expect(call).toMatchObject({ kind: 'complaint', callerPhone: `+86${national}`, ticketId: ticket.id, operatorId: w.users.operator.id });
    expect(ticket).toMatchObject({ kind: 'complaint', status: 'registered', priority: 'high', firstContactUserId: w.users.operator.id, district: 'Haidian', lat: 39.98, lng: 116.31, category: { code: `${w.tag}.noise` } });
    expect(ticket.number).toMatch(/^T\d{6}-\d{5,}$/);
    expect(parseTicketNumber(ticket.number)).toBe(ticket.number);
    expect(ticket.accessCode).toMatch(/^\d{4}$/);
    expect(possibleDuplicates).toEqual([]);
    // the row is committed: read it back
    const read = await t.http.get(`/api/v1/tickets/${ticket.number}`).set(w.users.dispatcher.auth);
    expect(read.body.events).toEqual([expect.objectContaining({ type: 'registered', toStatus: 'registered', actorId: w.users.operator.id })]);
    expect(read.body.calls).toEqual([expect.objectContaining({ id: call.id, kind: 'complaint' })]);
  });

  it('dispatches automatically when the matching rule says so, with a system event', async () => {
    const { ticket } = await logComplaint(t, w, { categoryCode: `${w.tag}.water` });
    expect(ticket.status).toBe('dispatched');
    const read = await t.http.get(`/api/v1/tickets/${ticket.number}`).set(w.users.agentA.auth);
    expect(read.body.leadDepartment.id).toBe(w.departments.a);
    expect(read.body.assistingDepartments.map((d: { id: string }) => d.id)).toEqual([w.departments.b]);
    expect(read.body.events.map((e: { type: string }) => e.type)).toEqual(['registered', 'dispatched']);
    expect(read.body.events[1]).toMatchObject({ actorId: null, payload: { automatic: true } });
  });

  it('records an inquiry answered on the spot and closes it at once', async () => {
    const res = await post({ callerPhone: uniquePhone(), kind: 'inquiry', description: 'When does the pension office open?', answer: 'Weekdays 9:00–17:00' });
    expect(res.status).toBe(201);
    expect(res.body.ticket).toMatchObject({ kind: 'inquiry', status: 'closed', resolution: 'Weekdays 9:00–17:00' });
    expect(res.body.ticket.closedAt).toEqual(expect.any(String));
    const reopen = await act(t, w, res.body.ticket.number, 'reopen', 'operator');
    expect(reopen.status).toBe(409);
  });

  it('links a follow-up call to the open ticket and counts it as an urging call, without a new ticket', async () => {
    const first = await logComplaint(t, w);
    const typedNumber = first.ticket.number.toLowerCase().replace('-', ' ');
    const res = await post({ callerPhone: first.call.callerPhone, kind: 'follow_up', ticketNumber: typedNumber, description: 'Still no one came' });
    expect(res.status).toBe(201);
    expect(res.body.ticket).toMatchObject({ number: first.ticket.number, urgeCount: 1, version: 2 });
    expect(res.body.call).toMatchObject({ kind: 'follow_up', ticketId: first.ticket.id });
    const again = await post({ callerPhone: uniquePhone(), kind: 'follow_up', ticketNumber: first.ticket.number });
    expect(again.body.ticket.urgeCount).toBe(2);
    const read = await t.http.get(`/api/v1/tickets/${first.ticket.number}`).set(w.users.operator.auth);
    expect(read.body.events.filter((e: { type: string }) => e.type === 'urged')).toHaveLength(2);
    expect(read.body.calls).toHaveLength(3);
  });

  it('refuses a follow-up on a closed ticket and on an unknown one', async () => {
    const closed = await ticketIn(t, w, 'closed');
    const res = await post({ callerPhone: uniquePhone(), kind: 'follow_up', ticketNumber: closed });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('TICKET_NOT_OPEN');
    const unknown = await post({ callerPhone: uniquePhone(), kind: 'follow_up', ticketNumber: 'T000101-00000' });
    expect(unknown.status).toBe(404);
  });

  it('suggests the caller’s open ticket in the same category as a possible duplicate, without blocking', async () => {
    const phone = uniquePhone();
    const first = await logComplaint(t, w, { callerPhone: phone });
    const other = await logComplaint(t, w, { callerPhone: phone, categoryCode: `${w.tag}.other` });
    expect(other.possibleDuplicates).toEqual([]);
    const second = await logComplaint(t, w, { callerPhone: phone.replace('+86', '0086') });
    expect(second.ticket.number).not.toBe(first.ticket.number);
    expect(second.possibleDuplicates).toEqual([expect.objectContaining({ number: first.ticket.number, status: 'registered' })]);
    // once closed it is no longer offered
    await act(t, w, first.ticket.number, 'close', 'supervisor');
    await act(t, w, second.ticket.number, 'close', 'supervisor');
    const third = await logComplaint(t, w, { callerPhone: phone });
    expect(third.possibleDuplicates).toEqual([]);
  });

  it.each([
    [{ callerPhone: '12345' }, 'INVALID_PHONE', 'callerPhone'],
    [{ callerPhone: 'call me' }, 'INVALID_PHONE', 'callerPhone'],
    [{ kind: 'gossip' }, 'VALIDATION_FAILED', 'kind'],
    [{ categoryCode: undefined }, 'VALIDATION_FAILED', 'categoryCode'],
    [{ categoryCode: 'no.such.category' }, 'CATEGORY_NOT_FOUND', 'categoryCode'],
    [{ description: '' }, 'VALIDATION_FAILED', 'description'],
    [{ lat: 123 }, 'VALIDATION_FAILED', 'lat'],
    [{ priority: 'asap' }, 'VALIDATION_FAILED', 'priority'],
    [{ hacker: true }, 'VALIDATION_FAILED', 'hacker'],
    [{ kind: 'inquiry', answer: undefined }, 'VALIDATION_FAILED', 'answer'],
    [{ kind: 'follow_up', ticketNumber: undefined }, 'VALIDATION_FAILED', 'ticketNumber'],
  ])('answers %j with 400 %s naming %s', async (patch, code, field) => {
    const res = await post({ callerPhone: uniquePhone(), kind: 'complaint', categoryCode: `${w.tag}.noise`, description: 'x', ...patch });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code });
    expect(res.body.message).toContain(field);
  });

  it('needs a token (401) and an operator-side role (403)', async () => {
    const body = { callerPhone: uniquePhone(), kind: 'complaint', categoryCode: `${w.tag}.noise`, description: 'x' };
    const anon = await t.http.post('/api/v1/calls').send(body);
    expect(anon.status).toBe(401);
    expect(anon.body.code).toBe('TOKEN_MISSING');
    const forged = await t.http.post('/api/v1/calls').set('Authorization', 'Bearer not.a.token').send(body);
    expect(forged.body.code).toBe('TOKEN_INVALID');
    const agent = await post(body, 'agentA');
    expect(agent.status).toBe(403);
    expect(agent.body.code).toBe('ROLE_NOT_ALLOWED');
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await t.http.post('/api/v1/calls').set(w.users.operator.auth).set('Content-Type', 'application/json').send('{"callerPhone": ');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MALFORMED_JSON');
  });
});

describe('GET /api/v1/callers/{phone}', () => {
  it('finds the caller by E.164 (URL-encoded) or as typed, with calls and open tickets', async () => {
    const national = `139${String((Date.now() + 7) % 1e8).padStart(8, '0')}`;
    const open = await logComplaint(t, w, { callerPhone: national, callerName: 'Li Lei' });
    const done = await logComplaint(t, w, { callerPhone: national });
    await act(t, w, done.ticket.number, 'close', 'supervisor');
    for (const typed of [encodeURIComponent(`+86${national}`), `${national.slice(0, 3)}-${national.slice(3)}`, `0086${national}`]) {
      const res = await t.http.get(`/api/v1/callers/${typed}`).set(w.users.operator.auth);
      expect(res.status).toBe(200);
      expect(res.body.caller).toMatchObject({ phone: `+86${national}`, name: 'Li Lei' });
      expect(res.body.calls.map((c: { ticketNumber: string }) => c.ticketNumber).sort()).toEqual([open.ticket.number, done.ticket.number].sort());
      expect(res.body.openTickets.map((x: { number: string }) => x.number)).toEqual([open.ticket.number]);
    }
  });

  it('answers 404 for a number that never called and 400 for one that is not a number', async () => {
    const unknown = await t.http.get(`/api/v1/callers/${encodeURIComponent(uniquePhone())}`).set(w.users.operator.auth);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('CALLER_NOT_FOUND');
    const bad = await t.http.get('/api/v1/callers/hello').set(w.users.operator.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_PHONE');
  });

  it('is not for department agents', async () => {
    const res = await t.http.get(`/api/v1/callers/${encodeURIComponent(uniquePhone())}`).set(w.users.agentA.auth);
    expect(res.status).toBe(403);
  });
});
