import { act, ticketIn } from './factories/tickets.js';
import { createWorld, type World } from './factories/world.js';
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

describe('optimistic locking', () => {
  it('lets exactly one of two concurrent conflicting changes win; the other gets 409 and nothing is overwritten', async () => {
    for (let round = 0; round < 5; round++) {
      const n = await ticketIn(t, w, 'dispatched');
      const [a, b] = await Promise.all([
        act(t, w, n, 'accept', 'agentA'),
        act(t, w, n, 'return', 'agentA', { reasonCode: 'OTHER', note: 'not ours' }),
      ]);
      const statuses = [a.status, b.status].sort();
      expect(statuses).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      expect(['VERSION_CONFLICT', 'TRANSITION_NOT_ALLOWED']).toContain(loser.body.code);
      const read = await t.http.get(`/api/v1/tickets/${n}`).set(w.users.admin.auth);
      const winner = a.status === 200 ? 'accepted' : 'returned';
      expect(read.body.status).toBe(winner);
      expect(read.body.version).toBe(3);
      expect(read.body.events.map((e: { type: string }) => e.type)).toEqual(['registered', 'dispatched', winner]);
    }
  });

  it('refuses a change made against a stale version with 409 VERSION_CONFLICT', async () => {
    const n = await ticketIn(t, w, 'dispatched');
    const seen = (await t.http.get(`/api/v1/tickets/${n}`).set(w.users.agentA.auth)).body.version;
    await act(t, w, n, 'dispatch', 'dispatcher', { leadDepartmentId: w.departments.a, assistingDepartmentIds: [w.departments.b] });
    const res = await act(t, w, n, 'accept', 'agentA', { expectedVersion: seen });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { version: seen + 1 } });
    expect((await act(t, w, n, 'accept', 'agentA', { expectedVersion: seen + 1 })).status).toBe(200);
  });

  it('counts concurrent urging calls without losing or refusing one', async () => {
    const n = await ticketIn(t, w, 'dispatched');
    const results = await Promise.all(
      Array.from({ length: 6 }, () => t.http.post('/api/v1/calls').set(w.users.operator.auth).send({ callerPhone: '+8613900000000', kind: 'follow_up', ticketNumber: n })),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const read = await t.http.get(`/api/v1/tickets/${n}`).set(w.users.admin.auth);
    expect(read.body.urgeCount).toBe(6);
    expect(read.body.calls).toHaveLength(7);
  });
});
