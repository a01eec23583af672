import { DataSource } from 'typeorm';
import { SuspendedTicketsHoldNoDueAt1796561782301 } from '../migrations/1796561782301-SuspendedTicketsHoldNoDueAt.js';
import { dataSourceOptions } from '../src/database/data-source.js';
import { pendingSchemaChanges } from '../src/database/schema-diff.js';
import { ticketIn } from './factories/tickets.js';
import { createWorld, logComplaint } from './factories/world.js';
import { startTestApp, type TestApp } from './utils/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('the schema', () => {
  it('has a migration for every entity change (nothing left to generate after all migrations)', async () => {
    const ds = new DataSource(dataSourceOptions({ url: process.env.HOTLINE_TEST_DATABASE_URL!, poolSize: 1 }));
    await ds.initialize();
    try {
      const { up } = await pendingSchemaChanges(ds);
      expect(up).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('names constraints readably', async () => {
    const rows: { conname: string }[] = await t.ds.query(`SELECT conname FROM pg_constraint WHERE conrelid = 'ticket'::regclass AND contype IN ('p', 'u', 'f', 'c') ORDER BY conname`);
    const names = rows.map((r) => r.conname);
    expect(names).toEqual(expect.arrayContaining(['pk_ticket', 'uq_ticket_number', 'fk_ticket_caller_id', 'fk_ticket_lead_department_id']));
    for (const n of names) expect(n).toMatch(/^(pk|uq|fk|chk)_ticket_[a-z_]*$|^pk_ticket$/);
  });
});

describe('the ticket history', () => {
  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    const w = await createWorld(t);
    const { ticket } = await logComplaint(t, w);
    await expect(t.ds.query(`UPDATE ticket_event SET note = 'rewritten' WHERE ticket_id = $1`, [ticket.id])).rejects.toThrow(/append-only \(UPDATE refused\)/);
    await expect(t.ds.query(`DELETE FROM ticket_event WHERE ticket_id = $1`, [ticket.id])).rejects.toThrow(/append-only \(DELETE refused\)/);
    await expect(t.ds.query(`TRUNCATE ticket_event CASCADE`)).rejects.toThrow(/append-only \(TRUNCATE refused\)/);
    const [{ count }] = await t.ds.query(`SELECT count(*)::int AS count FROM ticket_event WHERE ticket_id = $1 AND note IS NULL`, [ticket.id]);
    expect(count).toBe(1);
  });
});

describe('data migrations', () => {
  it('take the paused deadline off tickets suspended before they stopped holding one, and leave running ones alone', async () => {
    const w = await createWorld(t);
    const paused = await ticketIn(t, w, 'suspended');
    const running = await ticketIn(t, w, 'accepted');
    // what a suspend left on the ticket before: the deadline it paused, long passed by now
    await t.ds.query(`UPDATE ticket SET due_at = now() - interval '2 days' WHERE number = $1`, [paused]);
    const dueOf = async (n: string): Promise<Date | null> => (await t.ds.query(`SELECT due_at FROM ticket WHERE number = $1`, [n]))[0].due_at;
    const runningDue = await dueOf(running);
    expect(runningDue).not.toBeNull();
    const q = t.ds.createQueryRunner();
    try {
      await new SuspendedTicketsHoldNoDueAt1796561782301().up(q);
    } finally {
      await q.release();
    }
    expect(await dueOf(paused)).toBeNull();
    expect(await dueOf(running)).toEqual(runningDue);
  });
});
