// Deadline timers on real queues and real time (short, wall-clock policies): the ladder fires in
// order and on time, acting cancels what is no longer due, two workers alert exactly once, losing
// the queue's data loses no alert, and a 60-day deadline waits 60 days.
import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { DeadlineScheduler } from '../src/deadlines/deadline-scheduler.js';
import { deadlineJobId } from '../src/deadlines/deadline-due.job.js';
import { DeadlineReconciler } from '../src/deadlines/deadline-reconciler.js';
import { DeadlineService } from '../src/deadlines/deadline.service.js';
import { DirectoryService } from '../src/directory/directory.service.js';
import { QUEUES } from '../src/queues/queue-names.js';
import { act } from './factories/tickets.js';
import { createWorld, logComplaint, type World } from './factories/world.js';
import { startTestApp, type TestApp } from './utils/test-app.js';
import { sleep, waitFor } from './utils/wait.js';

jest.setTimeout(60_000);


interface AlertRow {
  kind: string;
  stage: string;
  level: number;
  deadline_id: string;
  lateness_ms: number;
}

/** A category under the world whose wall-clock policy runs in seconds. */
async function fastCategory(t: TestApp, w: World, limits: Record<string, string>, esc = { l2: 0.02, l3: 0.02, repeat: 0, warn: 50 }): Promise<string> {
  const code = `${w.tag}.fast${Math.random().toString(36).slice(2, 7)}`;
  const id = randomUUID();
  await t.ds.query(`INSERT INTO category (id, code, name, parent_id) VALUES ($1, $2, $2, $3)`, [id, code, w.categories.root]);
  await t.ds.query(
    `INSERT INTO sla_policy (id, name, category_id, clock, limits, warn_percent, level2_after_minutes, level3_after_minutes, repeat_every_minutes)
     VALUES ($1, $2, $3, 'wall', $4, $5, $6, $7, $8)`,
    [randomUUID(), code, id, limits, esc.warn, esc.l2, esc.l3, esc.repeat],
  );
  t.app.get(DirectoryService).invalidate();
  return code;
}

async function alertsOf(t: TestApp, ticketId: string): Promise<AlertRow[]> {
  return t.ds.query(
    `SELECT a.kind, a.stage, a.level, a.deadline_id, EXTRACT(EPOCH FROM (d.fired_at - d.due_at)) * 1000 AS lateness_ms
     FROM alert a JOIN deadline d ON d.id = a.deadline_id WHERE a.ticket_id = $1 ORDER BY d.due_at, a.created_at`,
    [ticketId],
  );
}

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp({ RUN_WORKERS: 'true', RECONCILE_INTERVAL_MS: '500' });
  w = await createWorld(t);
});
afterAll(async () => {
  // endless reminder chains of this file's tickets must not keep later suites' workers busy
  await t?.ds.query(`UPDATE deadline SET status = 'cancelled', cancel_reason = 'test-cleanup' WHERE status = 'pending' AND ticket_id IN (SELECT t.id FROM ticket t JOIN category c ON c.id = t.category_id WHERE c.code LIKE $1)`, [`${w.tag}%`]);
  await t?.close();
});

describe('deadline timers', () => {
  it('fires warning, breach, level 2 and level 3 in order, each once and on time', async () => {
    const code = await fastCategory(t, w, { dispatch: '0.05m', resolve: '10m' });
    const { ticket } = await logComplaint(t, w, { categoryCode: code });
    const alerts = await waitFor('the dispatch ladder', () => alertsOf(t, ticket.id), (a) => a.filter((x) => x.stage === 'dispatch').length >= 4);
    await sleep(1_500); // nothing more may come
    const dispatch = (await alertsOf(t, ticket.id)).filter((a) => a.stage === 'dispatch');
    expect(dispatch.map((a) => `${a.kind}:${a.level}`)).toEqual(['warning:0', 'breach:1', 'escalation:2', 'escalation:3']);
    for (const a of alerts) expect(Number(a.lateness_ms)).toBeLessThan(1_000);
    const read = await t.http.get(`/api/v1/tickets/${ticket.number}`).set(w.users.supervisor.auth);
    expect(read.body.clock).toMatchObject({ stage: 'dispatch', light: 'red' });
    expect(read.body.dueAt).toEqual(expect.any(String));
  });

  it('cancels what is no longer due when the ticket moves on', async () => {
    const code = await fastCategory(t, w, { dispatch: '0.05m', accept: '0.05m', resolve: '10m' });
    const { ticket } = await logComplaint(t, w, { categoryCode: code });
    await act(t, w, ticket.number, 'dispatch', 'dispatcher');
    await sleep(800);
    await act(t, w, ticket.number, 'accept', 'agentA');
    await sleep(4_000); // past both 3-second windows and their ladders
    const alerts = await alertsOf(t, ticket.id);
    expect(alerts.filter((a) => a.stage === 'dispatch' || a.stage === 'accept')).toEqual([]);
    const rows: { stage: string; status: string; cancel_reason: string }[] = await t.ds.query(`SELECT stage, status, cancel_reason FROM deadline WHERE ticket_id = $1 AND stage IN ('dispatch', 'accept')`, [ticket.id]);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toMatchObject({ status: 'cancelled', cancel_reason: r.stage === 'dispatch' ? 'dispatch' : 'accept' });
  });

  it('lights tickets yellow after the warning and red after the breach, and lists them as at risk, then overdue', async () => {
    const code = await fastCategory(t, w, { dispatch: '0.05m', resolve: '10m' }, { l2: 10, l3: 10, repeat: 0, warn: 50 });
    const { ticket } = await logComplaint(t, w, { categoryCode: code });
    const light = async () => (await t.http.get(`/api/v1/tickets/${ticket.number}`).set(w.users.supervisor.auth)).body.clock?.light;
    const listed = async (flag: string) =>
      (await t.http.get('/api/v1/tickets').query({ [flag]: 'true', q: ticket.number }).set(w.users.supervisor.auth)).body.items.map((x: { number: string }) => x.number);
    expect(await light()).toBe('green');
    expect(await listed('atRisk')).toEqual([]);
    await waitFor('yellow', light, (l) => l === 'yellow', 5_000);
    expect(await listed('atRisk')).toEqual([ticket.number]);
    expect(await listed('overdue')).toEqual([]);
    await waitFor('red', light, (l) => l === 'red', 5_000);
    expect(await listed('overdue')).toEqual([ticket.number]);
  });

  it('keeps the resolve clock running through returns, and flags a routing dispute after too many', async () => {
    const { ticket } = await logComplaint(t, w);
    const due = (await t.http.get(`/api/v1/tickets/${ticket.number}`).set(w.users.admin.auth)).body.dueAt;
    for (let i = 0; i < 3; i++) {
      await act(t, w, ticket.number, 'dispatch', 'dispatcher');
      await act(t, w, ticket.number, 'return', 'agentA', { reasonCode: 'OTHER', note: `bounce ${i}` });
    }
    const read = await t.http.get(`/api/v1/tickets/${ticket.number}`).set(w.users.admin.auth);
    expect(read.body.dueAt).toBe(due);
    expect(read.body.returnCount).toBe(3);
    const disputes = await t.ds.query(`SELECT kind FROM alert WHERE ticket_id = $1 AND kind = 'routing_dispute'`, [ticket.id]);
    expect(disputes).toHaveLength(1);
  });

  it('stops the clock while suspended and restarts it with the time that was left', async () => {
    const code = await fastCategory(t, w, { resolve: '1m' }, { l2: 10, l3: 10, repeat: 0, warn: 75 });
    const { ticket } = await logComplaint(t, w, { categoryCode: code });
    await act(t, w, ticket.number, 'dispatch', 'dispatcher');
    await act(t, w, ticket.number, 'accept', 'agentA');
    const before = (await t.http.get(`/api/v1/tickets/${ticket.number}`).set(w.users.admin.auth)).body;
    const suspended = (await act(t, w, ticket.number, 'suspend', 'agentA', { reason: 'court ruling' })).body;
    // a paused clock promises nothing; the first promise stays for the reports
    expect(suspended).toMatchObject({ status: 'suspended', dueAt: null, originalDueAt: before.dueAt, clock: null });
    const [{ pending }] = await t.ds.query(`SELECT count(*)::int AS pending FROM deadline WHERE ticket_id = $1 AND status = 'pending'`, [ticket.id]);
    expect(pending).toBe(0);
    await sleep(1_500);
    const resumed = (await act(t, w, ticket.number, 'resume', 'agentA')).body;
    const shift = new Date(resumed.dueAt).getTime() - new Date(before.dueAt).getTime();
    expect(shift).toBeGreaterThan(1_400);
    expect(shift).toBeLessThan(3_000);
    expect(resumed.clock).toMatchObject({ stage: 'resolve', light: 'green' });
    // the committed deadline is the resumed resolve stage's, and the history says so
    expect(resumed.dueAt).toBe(resumed.clock.dueAt);
    expect(resumed.events.at(-1)).toMatchObject({ type: 'resumed', payload: { dueAt: resumed.dueAt } });
  });
});

describe('pausing an overdue stage', () => {
  it('promises nothing and lists nothing as overdue while paused, then keeps the overdue ticket overdue without repeating fired alerts', async () => {
    const code = await fastCategory(t, w, { resolve: '0.04m' }, { l2: 10, l3: 10, repeat: 0, warn: 50 });
    const { ticket } = await logComplaint(t, w, { categoryCode: code });
    await act(t, w, ticket.number, 'dispatch', 'dispatcher');
    await act(t, w, ticket.number, 'accept', 'agentA');
    await waitFor('the resolve breach', () => alertsOf(t, ticket.id), (a) => a.some((x) => x.stage === 'resolve' && x.kind === 'breach'), 8_000);
    const paused = (await act(t, w, ticket.number, 'suspend', 'agentA', { reason: 'pause' })).body;
    // its passed deadline is paused, not missed: no deadline while suspended, and not listed as overdue
    expect(paused).toMatchObject({ status: 'suspended', dueAt: null });
    const listedOverdue = async () => (await t.http.get('/api/v1/tickets').query({ overdue: 'true', q: ticket.number }).set(w.users.supervisor.auth)).body.items.map((x: { number: string }) => x.number);
    expect(await listedOverdue()).toEqual([]);
    const resumed = (await act(t, w, ticket.number, 'resume', 'agentA')).body;
    expect(resumed.clock).toMatchObject({ stage: 'resolve', light: 'red' });
    expect(resumed.dueAt).toBe(resumed.clock.dueAt);
    expect(await listedOverdue()).toEqual([ticket.number]);
    await sleep(1_500);
    const resolve = (await alertsOf(t, ticket.id)).filter((a) => a.stage === 'resolve');
    expect(resolve.map((a) => a.kind)).toEqual(['warning', 'breach']);
  });
});

describe('the alert inbox', () => {
  it('puts a breach in the lead department’s inbox only, repeats it, and stops the reminders once acknowledged', async () => {
    const code = await fastCategory(t, w, { accept: '0.03m', resolve: '10m' }, { l2: 10, l3: 10, repeat: 0.01, warn: 50 });
    const { ticket } = await logComplaint(t, w, { categoryCode: code });
    await act(t, w, ticket.number, 'dispatch', 'dispatcher');
    const inbox = async (who: keyof World['users']) =>
      (await t.http.get('/api/v1/alerts').query({ ticketNumber: ticket.number }).set(w.users[who].auth)).body as { items: { id: string; kind: string; level: number; status: string; departmentId: string }[]; total: number };
    const withReminders = await waitFor('a breach and two reminders', () => inbox('agentA'), (b) => b.items.filter((a) => a.kind === 'reminder').length >= 2, 10_000);
    const breach = withReminders.items.find((a) => a.kind === 'breach')!;
    expect(breach).toMatchObject({ level: 1, status: 'open', departmentId: w.departments.a });
    expect((await inbox('agentB')).total).toBe(0);
    expect((await inbox('supervisor')).total).toBeGreaterThanOrEqual(3);

    const ack = await t.http.post(`/api/v1/alerts/${breach.id}/acknowledge`).set(w.users.agentA.auth);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedById: w.users.agentA.id });
    const count = (await inbox('agentA')).total;
    await sleep(2_000);
    expect((await inbox('agentA')).total).toBeLessThanOrEqual(count + 1); // one may have been in flight
    const open = await t.http.get('/api/v1/alerts').query({ ticketNumber: ticket.number, status: 'acknowledged' }).set(w.users.agentA.auth);
    expect(open.body.items.map((a: { id: string }) => a.id)).toEqual([breach.id]);
    expect((await t.http.post(`/api/v1/alerts/${breach.id}/acknowledge`).set(w.users.agentB.auth)).status).toBe(404);
  });
});

describe('exactly once, whatever happens to the queue', () => {
  it('alerts each deadline once with two workers on the same queue', async () => {
    const second = await startTestApp({ RUN_WORKERS: 'true', RECONCILE_INTERVAL_MS: '500', QUEUE_PREFIX: t.config.queuePrefix });
    try {
      const code = await fastCategory(t, w, { dispatch: '0.03m', resolve: '10m' }, { l2: 0.01, l3: 0.01, repeat: 0.01, warn: 50 });
      const tickets = await Promise.all(Array.from({ length: 10 }, () => logComplaint(t, w, { categoryCode: code })));
      const ids = tickets.map((x) => x.ticket.id);
      await sleep(4_500);
      // one alert per alarm: grouped by what the alarm is (not by deadline id, which the unique
      // dedupe key already guarantees), so a ladder step or reminder created twice would show
      const rows: { n: number }[] = await t.ds.query(
        `SELECT count(*)::int AS n FROM alert a JOIN deadline d ON d.id = a.deadline_id WHERE a.ticket_id = ANY($1)
         GROUP BY a.ticket_id, a.stage, a.kind, a.level, d.seq, d.stage_due_at`,
        [ids],
      );
      expect(rows.length).toBeGreaterThanOrEqual(10 * 4);
      for (const r of rows) expect(r.n).toBe(1);
      const [{ stuck }] = await t.ds.query(`SELECT count(*)::int AS stuck FROM deadline WHERE ticket_id = ANY($1) AND status = 'pending' AND due_at < now() - interval '1 second'`, [ids]);
      expect(stuck).toBe(0);
    } finally {
      await second.close();
    }
  });

  it('loses no alert when the queue backend loses all its data, and fires each once after recovery', async () => {
    const isolated = await startTestApp({
      RUN_WORKERS: 'true',
      RECONCILE_INTERVAL_MS: '400',
      ...(t.config.redisUrl ? { REDIS_URL: `${t.config.redisUrl.replace(/\/\d*$/, '')}/7` } : {}),
    });
    try {
      const iw = await createWorld(isolated);
      const code = await fastCategory(isolated, iw, { dispatch: '0.04m', resolve: '10m' }, { l2: 0.01, l3: 0.01, repeat: 0, warn: 50 });
      const tickets = await Promise.all(Array.from({ length: 5 }, () => logComplaint(isolated, iw, { categoryCode: code })));
      // the queue forgets everything: FLUSHDB on its own Redis database, or its tables emptied on PostgreSQL
      if (isolated.config.redisUrl) {
        const redis = new Redis(isolated.config.redisUrl);
        await redis.flushdb();
        redis.disconnect();
      } else {
        await isolated.app.get<Queue>(getQueueToken(QUEUES.deadlines)).obliterate({ force: true });
      }
      const ids = tickets.map((x) => x.ticket.id);
      await waitFor(
        'every ladder after recovery',
        async () => (await isolated.ds.query(`SELECT count(*)::int AS n FROM alert WHERE ticket_id = ANY($1)`, [ids]))[0].n as number,
        (n) => n >= 5 * 4,
        15_000,
      );
      await sleep(1_000);
      const rows: { n: number; late: number }[] = await isolated.ds.query(
        `SELECT count(*)::int AS n, max(EXTRACT(EPOCH FROM (d.fired_at - d.due_at)) * 1000) AS late FROM alert a JOIN deadline d ON d.id = a.deadline_id WHERE a.ticket_id = ANY($1)
         GROUP BY a.ticket_id, a.stage, a.kind, a.level, d.seq, d.stage_due_at`,
        [ids],
      );
      expect(rows).toHaveLength(5 * 4);
      for (const r of rows) {
        expect(r.n).toBe(1);
        // at worst one sweep (400 ms) plus the overdue grace (2 s) and processing
        expect(Number(r.late)).toBeLessThan(4_000);
      }
    } finally {
      await isolated.close();
    }
  });

  it('schedules a deadline 60 days away as a 60-day delayed job that does not fire early', async () => {
    const { ticket } = await logComplaint(t, w);
    const id = randomUUID();
    const due = new Date(Date.now() + 60 * 24 * 3600 * 1000);
    await t.app.get(DeadlineService).insert(t.ds.manager, [
      { id, ticketId: ticket.id, stage: 'resolve', kind: 'reminder', level: 1, seq: 99, dueAt: due, stageDueAt: due } as never,
    ]);
    // the delay was computed a second before the job was built (a slow batch): the job still
    // falls due at the row's instant, not a second after it
    expect(await t.app.get(DeadlineScheduler).arm([{ id, dueAt: due }], Date.now() - 1_000)).toBe(true);
    const job = await t.app.get<Queue>(getQueueToken(QUEUES.deadlines)).getJob(deadlineJobId(id));
    expect(job).toBeDefined();
    expect(await job!.getState()).toBe('delayed');
    expect(job!.timestamp + (job!.opts.delay ?? 0)).toBe(due.getTime());
    await t.app.get(DeadlineReconciler).sweep();
    await sleep(500);
    const [row] = await t.ds.query(`SELECT status FROM deadline WHERE id = $1`, [id]);
    expect(row.status).toBe('pending');
  });
});
