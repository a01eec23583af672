import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * Runs a statement as a named prepared statement on the application's pool: PostgreSQL parses
 * and plans it once per connection instead of on every request. For the hot paths only (call
 * logging, inbound SMS), where planning cost more than executing (bench:calls, bench:sms). Not
 * for PgBouncer in transaction mode, which does not keep a connection's prepared statements.
 */
export async function preparedQuery<T>(ds: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const pool = (ds.driver as PostgresDriver).master as Pool;
  const { rows } = await pool.query({ name, text, values });
  return rows as T[];
}
