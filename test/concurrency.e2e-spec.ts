import { act, ticketIn } from './factories/tickets.js';
import { createWorld, logComplaint, uniquePhone, type World } from './factories/world.js';
import { startTestApp, type TestApp } from './utils/test-app.js';
import { CallsService, REGISTER_IN_FLIGHT } from '../src/calls/calls.service.js';
import type { StatementBatcher } from '../src/database/statement-batcher.js';

/** Polls `check` every 20 ms until it holds; fails after 10 s. */
async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${check.toString()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

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

describe('calls logged at the same moment', () => {
  // The API writes the registrations that arrive together as one statement (StatementBatcher): each
  // must still get its own caller, duplicates, history, deadlines and SMS, exactly as if alone.
  it('gives every one of a burst its own caller, duplicates, history, deadlines and SMS, though they are written in shared statements', async () => {
    const repeat = await Promise.all(Array.from({ length: 8 }, async () => {
      const phone = uniquePhone();
      const first = await logComplaint(t, w, { callerPhone: phone, callerName: 'Old Name' });
      return { phone, earlier: first.ticket.number };
    }));
    const { key } = (await t.http.post('/api/v1/open311/keys').set(w.users.admin.auth).send({ name: `${w.tag} burst app` }).expect(201)).body as { key: string };
    const twice = uniquePhone();
    type Sent = { phone: string; kind: 'complaint' | 'inquiry'; category: 'noise' | 'water' | 'other'; via: 'operator' | 'open311'; name?: string; earlier?: string };
    const sent: Sent[] = [
      ...repeat.slice(0, 6).map((r, i) => ({ phone: r.phone, kind: 'complaint' as const, category: 'noise' as const, via: 'operator' as const, name: `Corrected ${i}`, earlier: r.earlier })),
      // a self-filed report only fills blanks: the name an operator took stays
      ...repeat.slice(6).map((r) => ({ phone: r.phone, kind: 'complaint' as const, category: 'water' as const, via: 'open311' as const, name: 'Self Filed' })),
      { phone: twice, kind: 'complaint', category: 'noise', via: 'operator' },
      { phone: twice, kind: 'complaint', category: 'other', via: 'operator' },
      ...Array.from({ length: 40 }, (_, i): Sent => {
        const via = i % 7 === 3 ? 'open311' : 'operator'; // Open311 files complaints only
        return { phone: uniquePhone(), kind: via === 'operator' && i % 5 === 0 ? 'inquiry' : 'complaint', category: (['noise', 'water', 'other'] as const)[i % 3], via, name: `Caller ${i}` };
      }),
    ];
    const send = async (c: Sent) => {
      if (c.via === 'open311') {
        const form = { api_key: key, service_code: `${w.tag}.${c.category}`, description: 'Water off since morning', lat: '39.9', long: '116.4', phone: c.phone, first_name: c.name ?? '' };
        const res = await t.http.post('/open311/v2/requests.json').type('form').send(new URLSearchParams(form).toString());
        expect(res.status).toBe(201);
        return { number: JSON.parse(res.text)[0].service_request_id as string, duplicates: undefined };
      }
      const body = { callerPhone: c.phone, callerName: c.name, kind: c.kind, categoryCode: `${w.tag}.${c.category}`, description: `Burst ${c.phone}`, district: 'Haidian', ...(c.kind === 'inquiry' ? { answer: 'Opening hours are 9 to 5' } : {}) };
      const res = await t.http.post('/api/v1/calls').set(w.users.operator.auth).send(body);
      expect(res.status).toBe(201);
      return { number: res.body.ticket.number as string, duplicates: (res.body.possibleDuplicates as { number: string }[]).map((d) => d.number) };
    };
    // Hold every statement slot of the API (REGISTER_IN_FLIGHT) on a caller row this test locks, so
    // that the rest of the burst is certain to queue up and go together when the lock is let go.
    const calls = t.app.get(CallsService) as unknown as { batcher: StatementBatcher<unknown, unknown> };
    const locker = t.ds.createQueryRunner();
    await locker.connect();
    const blockedBy = async () => {
      const [{ pid }] = await locker.query('SELECT pg_backend_pid() AS pid');
      const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid]);
      return n as number;
    };
    // a reporter with no phone, only an address: the group also writes an Open311 request and an e-mail
    const emailOnly = `${w.tag}-burst@example.org`;
    const sendEmailOnly = async () => {
      const form = { api_key: key, service_code: `${w.tag}.water`, description: 'No phone, write to me', lat: '39.9', long: '116.4', email: emailOnly };
      const res = await t.http.post('/open311/v2/requests.json').type('form').send(new URLSearchParams(form).toString());
      expect(res.status).toBe(201);
      return JSON.parse(res.text)[0].service_request_id as string;
    };
    let emailOnlyNumber: Promise<string> | undefined;
    const pending: Promise<{ number: string; duplicates: string[] | undefined }>[] = [];
    try {
      await locker.startTransaction();
      await locker.query('SELECT 1 FROM caller WHERE phone = ANY($1) FOR UPDATE', [repeat.slice(0, REGISTER_IN_FLIGHT).map((r) => r.phone)]);
      for (let k = 0; k < REGISTER_IN_FLIGHT; k++) {
        pending.push(send(sent[k]));
        await until(async () => (await blockedBy()) === k + 1);
      }
      pending.push(...sent.slice(REGISTER_IN_FLIGHT).map(send));
      emailOnlyNumber = sendEmailOnly();
      await until(async () => calls.batcher.backlog === sent.length - REGISTER_IN_FLIGHT + 1);
    } finally {
      await locker.rollbackTransaction().catch(() => undefined);
      await locker.release();
    }
    const responses = await Promise.all(pending);
    const numbers = responses.map((r) => r.number);
    const mailed = await emailOnlyNumber!;
    expect(new Set(numbers).size).toBe(sent.length);
    const rows: { number: string; phone: string; name: string | null; status: string; lead: string | null; events: string[]; deadlines: number; sms: string[]; calls: number; open311: number; emails: string[]; txid: string }[] = await t.ds.query(
      `SELECT t.number, p.phone, p.name, t.status, t.lead_department_id AS lead,
              (SELECT array_agg(e.type ORDER BY e.id) FROM ticket_event e WHERE e.ticket_id = t.id) AS events,
              (SELECT count(*)::int FROM deadline d WHERE d.ticket_id = t.id) AS deadlines,
              (SELECT coalesce(array_agg(s.to_phone || ' ' || (s.params->>'number')), '{}') FROM sms_message s WHERE s.ticket_id = t.id) AS sms,
              (SELECT count(*)::int FROM call k WHERE k.ticket_id = t.id AND k.caller_id = t.caller_id) AS calls,
              (SELECT count(*)::int FROM open311_request o WHERE o.ticket_id = t.id) AS open311,
              (SELECT coalesce(array_agg(m.to_email), '{}') FROM caller_email m WHERE m.ticket_id = t.id) AS emails,
              t.xmin::text AS txid
       FROM ticket t JOIN caller p ON p.id = t.caller_id WHERE t.number = ANY($1)`,
      [[...numbers, mailed]],
    );
    const byNumber = new Map(rows.map((r) => [r.number, r]));
    sent.forEach((c, i) => {
      const row = byNumber.get(numbers[i])!;
      const what = `${c.via} ${c.kind} ${c.category} from ${c.phone}`;
      expect({ what, phone: row.phone, sms: row.sms, calls: row.calls, open311: row.open311, emails: row.emails }).toEqual({
        what,
        phone: c.phone,
        sms: c.kind === 'inquiry' ? [] : [`${c.phone} ${numbers[i]}`],
        calls: 1,
        open311: c.via === 'open311' ? 1 : 0,
        emails: [],
      });
      if (c.kind === 'inquiry') {
        expect({ what, status: row.status, events: row.events, deadlines: row.deadlines }).toEqual({ what, status: 'closed', events: ['registered', 'answered'], deadlines: 0 });
      } else if (c.category === 'water') {
        expect({ what, status: row.status, lead: row.lead, events: row.events }).toEqual({ what, status: 'dispatched', lead: w.departments.a, events: ['registered', 'dispatched'] });
        expect(row.deadlines).toBeGreaterThan(0);
      } else {
        expect({ what, status: row.status, events: row.events }).toEqual({ what, status: 'registered', events: ['registered'] });
        expect(row.deadlines).toBeGreaterThan(0);
      }
      if (c.earlier) expect({ what, duplicates: responses[i].duplicates }).toEqual({ what, duplicates: [c.earlier] });
      else if (c.phone !== twice && responses[i].duplicates) expect({ what, duplicates: responses[i].duplicates }).toEqual({ what, duplicates: [] });
      if (c.via === 'open311' && c.earlier === undefined && repeat.some((r) => r.phone === c.phone)) expect(row.name).toBe('Old Name');
      else if (c.name) expect({ what, name: row.name }).toEqual({ what, name: c.name });
    });
    // the same caller twice in the burst: one caller row, both tickets on it
    const [{ callers }] = await t.ds.query(`SELECT count(*)::int AS callers FROM caller WHERE phone = $1`, [twice]);
    expect(callers).toBe(1);
    // and they really were written together: fewer transactions than tickets
    // and they were written together: the held statements, then the rest of the burst in one group and
    // the repeated caller's second call in a group of its own
    expect(new Set(rows.map((r) => r.txid)).size).toBe(REGISTER_IN_FLIGHT + 2);
    // the e-mail-only report went in the burst's big group, with its Open311 request and its e-mail
    const mailedRow = byNumber.get(mailed)!;
    expect({ phone: mailedRow.phone, sms: mailedRow.sms, open311: mailedRow.open311, emails: mailedRow.emails }).toEqual({ phone: null, sms: [], open311: 1, emails: [emailOnly] });
    expect(mailedRow.txid).toBe(byNumber.get(numbers[REGISTER_IN_FLIGHT])!.txid);
  });
});
