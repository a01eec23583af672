import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source.js';
import { pendingSchemaChanges } from '../src/database/schema-diff.js';
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
