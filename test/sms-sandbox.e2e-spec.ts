// Without Twilio credentials the same outbox delivers to the built-in sandbox, and a person plays
// the caller through the API: the whole loop on one machine. Also what the loop leaves for people:
// callback tasks when no rating comes, satisfaction figures, template previews, SMS alerts to the
// on-duty colleague.
import { jest } from '@jest/globals';
import { AlertService } from '../src/alerts/alert.service.js';
import { CallbackSweeper } from '../src/feedback/callback-sweeper.js';
import { act, ticketIn } from './factories/tickets.js';
import { createWorld, logComplaint, uniquePhone, type World } from './factories/world.js';
import { startTestApp, type TestApp } from './utils/test-app.js';
import { waitFor } from './utils/wait.js';

jest.setTimeout(60_000);

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp({ RUN_WORKERS: 'true', SMS_POLL_MS: '50', DELIVERY_POLL_MS: '50', RATING_WAIT_MINUTES: '30' });
  w = await createWorld(t);
});
afterAll(async () => {
  await t?.close();
});

const phoneInbox = async (phone: string) => (await t.http.get('/api/v1/sms/sandbox/messages').query({ phone }).set(w.users.operator.auth).expect(200)).body as { direction: string; template: string; body: string; status: string }[];
const sandboxText = (from: string, body: string) => t.http.post('/api/v1/sms/sandbox/inbound').set(w.users.operator.auth).send({ from, body });
const detail = async (n: string) => (await t.http.get(`/api/v1/tickets/${n}`).set(w.users.admin.auth)).body;
/** Sweeps as if RATING_WAIT_MINUTES had passed since resolution. */
const sweepLater = () => t.app.get(CallbackSweeper).sweep(new Date(Date.now() + 31 * 60_000));

describe('the sandbox phone', () => {
  it('receives the registration SMS and answers texts through the same code path as Twilio', async () => {
    const phone = uniquePhone();
    const { ticket } = await logComplaint(t, w, { callerPhone: phone });
    const [registered] = await waitFor('the registration SMS', () => phoneInbox(phone), (m) => m[0]?.status === 'delivered');
    expect(registered).toMatchObject({ direction: 'out', template: 'registered' });
    expect(registered.body).toContain(ticket.accessCode);

    const res = await sandboxText(phone.replace('+86', ''), '查询'); // typed as a local number
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ template: 'status', outcome: 'status' });
    expect(res.body.reply).toContain(ticket.number);
    const inbox = await phoneInbox(phone);
    expect(inbox.map((m) => `${m.direction}:${m.template ?? ''}`).slice(-2)).toEqual(['in:', 'out:status']);
  });

  it('tells the caller a suspended ticket is on hold without the deadline its pause put aside, and the new one once it resumes', async () => {
    const phone = uniquePhone();
    const { ticket } = await logComplaint(t, w, { callerPhone: phone });
    for (const [transition, as] of [['dispatch', 'dispatcher'], ['accept', 'agentA'], ['suspend', 'agentA']] as const) {
      expect((await act(t, w, ticket.number, transition, as)).status).toBe(200);
    }
    const paused = await sandboxText(phone, `查询 ${ticket.number}`);
    expect(paused.body).toMatchObject({ template: 'status', outcome: 'status' });
    expect(paused.body.reply).toContain(`${ticket.number}：暂缓办理`);
    expect(paused.body.reply).not.toContain('时限');
    expect(paused.body.reply).not.toContain('超期');
    expect((await act(t, w, ticket.number, 'resume', 'agentA')).status).toBe(200);
    const resumed = await sandboxText(phone, `查询 ${ticket.number}`);
    expect(resumed.body.reply).toContain(`${ticket.number}：办理中`);
    expect(resumed.body.reply).toContain('时限');
  });

  it('is for operators and admins only, and the Twilio webhook is closed without an auth token', async () => {
    expect((await t.http.post('/api/v1/sms/sandbox/inbound').set(w.users.agentA.auth).send({ from: uniquePhone(), body: 'hi' })).status).toBe(403);
    expect((await t.http.post('/api/v1/sms/sandbox/inbound').set(w.users.operator.auth).send({ from: 'not a phone', body: 'hi' })).body.code).toBe('INVALID_PHONE');
    expect((await t.http.post('/api/v1/sms/sandbox/inbound').set(w.users.operator.auth).send({ from: uniquePhone(), body: 'x'.repeat(1601) })).status).toBe(400);
    const webhook = await t.http.post('/api/v1/sms/inbound').type('form').send({ From: uniquePhone(), Body: 'STOP' });
    expect(webhook.status).toBe(403);
    expect(webhook.body.code).toBe('TWILIO_NOT_CONFIGURED');
  });
});

describe('ratings that do not come back by SMS', () => {
  it('become one callback task per resolution; the operator records the rating from the phone call', async () => {
    const n = await ticketIn(t, w, 'resolved');
    await sweepLater();
    await sweepLater();
    const tasks = (await t.http.get('/api/v1/callback-tasks').set(w.users.operator.auth).expect(200)).body.filter((k: { ticketNumber: string }) => k.ticketNumber === n);
    expect(tasks).toEqual([expect.objectContaining({ reason: 'no_rating', status: 'open', ticketStatus: 'resolved' })]);
    expect((await t.http.get('/api/v1/callback-tasks').set(w.users.agentA.auth)).status).toBe(403);

    const bad = await t.http.post(`/api/v1/callback-tasks/${tasks[0].id}/complete`).set(w.users.operator.auth).send({ score: 7 });
    expect(bad.body.code).toBe('UNKNOWN_SCORE');
    const done = await t.http.post(`/api/v1/callback-tasks/${tasks[0].id}/complete`).set(w.users.operator.auth).send({ score: 2, note: 'Caller says it is quieter now' });
    expect(done.status).toBe(200);
    expect(done.body.outcome).toBe('closed');
    const d = await detail(n);
    expect(d.status).toBe('closed');
    expect(d.ratings).toEqual([expect.objectContaining({ score: 2, satisfied: true, source: 'callback', comment: 'Caller says it is quieter now' })]);
    expect((await t.http.post(`/api/v1/callback-tasks/${tasks[0].id}/complete`).set(w.users.operator.auth).send({})).body.code).toBe('CALLBACK_TASK_DONE');
    await sweepLater();
    expect((await t.http.get('/api/v1/callback-tasks').set(w.users.operator.auth)).body.filter((k: { ticketNumber: string }) => k.ticketNumber === n)).toEqual([]);
  });

  it('are not asked of a ticket the caller already rated', async () => {
    const phone = uniquePhone();
    const { ticket } = await logComplaint(t, w, { callerPhone: phone });
    for (const [tr, as] of [['dispatch', 'dispatcher'], ['accept', 'agentA'], ['resolve', 'agentA']] as const) await act(t, w, ticket.number, tr, as);
    expect((await sandboxText(phone, '1')).body.template).toBe('rating_thanks');
    await sweepLater();
    const open = (await t.http.get('/api/v1/callback-tasks').set(w.users.operator.auth)).body;
    expect(open.filter((k: { ticketNumber: string }) => k.ticketNumber === ticket.number)).toEqual([]);
  });

  it('reopen the ticket when the caller says on the phone it is not solved, and the caller is told by SMS', async () => {
    const phone = uniquePhone();
    const { ticket } = await logComplaint(t, w, { callerPhone: phone });
    for (const [tr, as] of [['dispatch', 'dispatcher'], ['accept', 'agentA'], ['resolve', 'agentA']] as const) await act(t, w, ticket.number, tr, as);
    await sweepLater();
    const [task] = (await t.http.get('/api/v1/callback-tasks').set(w.users.operator.auth)).body.filter((k: { ticketNumber: string }) => k.ticketNumber === ticket.number);
    const done = await t.http.post(`/api/v1/callback-tasks/${task.id}/complete`).set(w.users.operator.auth).send({ unsolved: true, note: 'Still drilling at night' });
    expect(done.body.outcome).toBe('reopened');
    expect((await detail(ticket.number)).status).toBe('reopened');
    await waitFor('the reopened SMS', () => phoneInbox(phone), (m) => m.some((x) => x.template === 'reopened' && x.status === 'delivered'));
  });
});

describe('satisfaction figures', () => {
  it('count ratings per department with the satisfied share', async () => {
    for (const body of ['1', '3']) {
      const phone = uniquePhone();
      const { ticket } = await logComplaint(t, w, { callerPhone: phone });
      for (const [tr, as] of [['dispatch', 'dispatcher'], ['accept', 'agentA'], ['resolve', 'agentA']] as const) await act(t, w, ticket.number, tr, as);
      await sandboxText(phone, body);
    }
    const report = await t.http.get('/api/v1/reports/satisfaction').set(w.users.supervisor.auth);
    expect(report.status).toBe(200);
    const a = report.body.departments.find((d: { departmentId: string }) => d.departmentId === w.departments.a);
    expect(a.ratings).toBeGreaterThanOrEqual(2);
    expect(a.byScore['1']).toBeGreaterThanOrEqual(1);
    expect(a.byScore['3']).toBeGreaterThanOrEqual(1);
    expect(a.satisfactionRate).toBeCloseTo(a.satisfied / a.ratings, 3);
    expect((await t.http.get('/api/v1/reports/satisfaction').set(w.users.agentA.auth)).status).toBe(403);
    const empty = await t.http.get('/api/v1/reports/satisfaction').query({ from: '2001-01-01T00:00:00Z', to: '2001-02-01T00:00:00Z' }).set(w.users.supervisor.auth);
    expect(empty.body.departments).toEqual([]);
  });
});

describe('templates', () => {
  it('are previewable by an admin in both languages, each within the segment limit', async () => {
    const all = await t.http.get('/api/v1/sms/templates').set(w.users.admin.auth);
    expect(all.status).toBe(200);
    expect(all.body.templates.length).toBeGreaterThanOrEqual(18);
    for (const tpl of all.body.templates) {
      expect(tpl.renderings.map((r: { locale: string }) => r.locale)).toEqual(['zh-CN', 'en']);
      for (const r of tpl.renderings) expect(r.segments).toBeLessThanOrEqual(all.body.maxSegments);
    }
    const n = await ticketIn(t, w, 'accepted');
    const one = await t.http.post('/api/v1/sms/templates/preview').set(w.users.admin.auth).send({ template: 'registered', locale: 'en', ticketNumber: n });
    expect(one.status).toBe(200);
    expect(one.body.body).toContain(n);
    expect(one.body).toMatchObject({ locale: 'en', encoding: 'GSM-7' });
    expect((await t.http.post('/api/v1/sms/templates/preview').set(w.users.operator.auth).send({ template: 'help' })).status).toBe(403);
    expect((await t.http.post('/api/v1/sms/templates/preview').set(w.users.admin.auth).send({ template: 'nope' })).status).toBe(400);
  });
});

describe('alerts by SMS', () => {
  it("reach the on-duty colleague's phone, and nobody else's", async () => {
    const onDuty = uniquePhone();
    const offDuty = uniquePhone();
    await t.ds.query(`UPDATE app_user SET phone = $2, on_duty = true WHERE id = $1`, [w.users.agentA.id, onDuty]);
    await t.ds.query(`INSERT INTO app_user (id, username, password_hash, display_name, role, department_id, phone, on_duty) VALUES (gen_random_uuid(), $1, 'x', 'off duty', 'agent', $2, $3, false)`, [
      `${w.tag}-offduty`,
      w.departments.a,
      offDuty,
    ]);
    const { ticket } = await logComplaint(t, w);
    // as the deadline firer raises a breach for the lead department
    await t.ds.transaction((m) =>
      t.app.get(AlertService).raise(m, { dedupeKey: `test-breach-${ticket.id}`, ticketId: ticket.id, kind: 'breach', stage: 'resolve', level: 1, departmentId: w.departments.a, message: `Ticket ${ticket.number} is overdue` }),
    );
    const [sms] = await waitFor('the alert SMS', () => phoneInbox(onDuty), (m) => m[0]?.status === 'delivered');
    expect(sms).toMatchObject({ direction: 'out', template: 'alert' });
    expect(sms.body).toContain(ticket.number);
    expect(await phoneInbox(offDuty)).toEqual([]);
    const [alert] = (await t.http.get('/api/v1/alerts').query({ ticketNumber: ticket.number }).set(w.users.supervisor.auth)).body.items;
    expect(alert.deliveries).toEqual([expect.objectContaining({ channel: 'sms', target: onDuty, status: 'sent' })]);
  });
});
