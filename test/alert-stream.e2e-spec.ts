// New alerts reach the consoles without a reload: server-sent events fed by PostgreSQL
// LISTEN/NOTIFY, scoped like the inbox. A supervisor's 督办 is such an alert for the lead department.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import { act } from './factories/tickets.js';
import { createWorld, logComplaint, type World } from './factories/world.js';
import { startTestApp, type TestApp } from './utils/test-app.js';
import { sleep, waitFor } from './utils/wait.js';

jest.setTimeout(60_000);

let t: TestApp;
let w: World;
let port: number;
const streams: http.ClientRequest[] = [];

beforeAll(async () => {
  t = await startTestApp({});
  w = await createWorld(t);
  const server = t.app.getHttpServer() as http.Server;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const s of streams) s.destroy();
  await t?.close();
});

interface Received {
  status: number;
  contentType: string;
  raw: string;
  alerts: { id: string; kind: string; ticketNumber: string; message: string; departmentId: string }[];
}

/** Opens the stream as a console would and collects what arrives. */
async function open(as: keyof World['users']): Promise<Received> {
  const got: Received = { status: 0, contentType: '', raw: '', alerts: [] };
  await new Promise<void>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/v1/alerts/stream', headers: { ...w.users[as].auth, accept: 'text/event-stream' } }, (res) => {
      got.status = res.statusCode ?? 0;
      got.contentType = String(res.headers['content-type']);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        got.raw += chunk;
        for (const block of got.raw.split('\n\n').slice(got.alerts.length + 1, -1)) {
          const data = /^data: (.*)$/m.exec(block);
          if (/^event: alert$/m.test(block) && data) got.alerts.push(JSON.parse(data[1]));
        }
        resolve();
      });
    });
    req.on('error', reject);
    streams.push(req);
  });
  return got;
}

const supervise = (n: string, note: string, as: keyof World['users'] = 'supervisor') => t.http.post(`/api/v1/tickets/${n}/supervise`).set(w.users[as].auth).send({ note });

describe('the live alert stream', () => {
  it('pushes a supervision alert to the lead department and the back office at once, not to other departments', async () => {
    const agentA = await open('agentA');
    const agentB = await open('agentB');
    const supervisor = await open('supervisor');
    expect(agentA.status).toBe(200);
    expect(agentA.contentType).toBe('text/event-stream; charset=utf-8');
    expect(agentA.raw).toContain('retry: 3000');

    const { ticket } = await logComplaint(t, w);
    expect((await act(t, w, ticket.number, 'dispatch', 'dispatcher')).status).toBe(200);
    const res = await supervise(ticket.number, 'Resolve before Friday');
    expect(res.status).toBe(201);

    const [pushed] = await waitFor('the alert on agent A’s stream', async () => agentA.alerts, (a) => a.length >= 1, 5_000);
    expect(pushed).toMatchObject({ kind: 'supervision', ticketNumber: ticket.number, departmentId: w.departments.a });
    expect(pushed.message).toContain('Resolve before Friday');
    await waitFor('the alert on the supervisor’s stream', async () => supervisor.alerts.filter((a) => a.id === pushed.id), (a) => a.length === 1, 5_000);
    await sleep(300);
    expect(agentB.alerts.filter((a) => a.ticketNumber === ticket.number)).toEqual([]);
    // once each, though the stream also polls and looks back over recent alerts
    await sleep(5_500);
    expect(agentA.alerts.filter((a) => a.id === pushed.id)).toHaveLength(1);

    // the same alert is in the inbox, and the 督办 in the ticket's history
    const inbox = (await t.http.get('/api/v1/alerts').query({ ticketNumber: ticket.number }).set(w.users.agentA.auth).expect(200)).body.items;
    expect(inbox.map((a: { id: string }) => a.id)).toEqual([pushed.id]);
    const detail = (await t.http.get(`/api/v1/tickets/${ticket.number}`).set(w.users.agentA.auth).expect(200)).body;
    expect(detail.events.at(-1)).toMatchObject({ type: 'supervised', note: 'Resolve before Friday' });
  });

  it('refuses a stream without a token, and 督办 by anyone but supervisors or on a ticket with no department', async () => {
    const anonymous = await new Promise<number>((r) => http.get({ host: '127.0.0.1', port, path: '/api/v1/alerts/stream' }, (res) => (res.resume(), r(res.statusCode ?? 0))));
    expect(anonymous).toBe(401);
    const { ticket } = await logComplaint(t, w);
    expect((await supervise(ticket.number, 'x', 'agentA')).status).toBe(403);
    const none = await supervise(ticket.number, 'hurry');
    expect(none.status).toBe(409);
    expect(none.body.code).toBe('NOTHING_TO_SUPERVISE');
    expect((await supervise(ticket.number, '')).status).toBe(400);
  });
});
