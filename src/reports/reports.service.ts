import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

import type { Figures } from './figures.types.js';

export type { Figures } from './figures.types.js';

export const GROUPINGS = ['department', 'day', 'week', 'month'] as const;
export type Grouping = (typeof GROUPINGS)[number];

const METRICS = ['registered', 'received', 'responded', 'respondedOnTime', 'accepted', 'returns', 'resolved', 'resolvedOnTime', 'ratings', 'satisfied', 'extensions', 'reopenings', 'repeatCalls'] as const;
type Metric = (typeof METRICS)[number];

/** Each source of events: the instant it counts at, the department it counts for, and what it adds. */
interface Source {
  from: string;
  at: string;
  department: string;
  where: string;
  adds: Partial<Record<Metric, string>>;
}

const SOURCES: Source[] = [
  { from: `ticket t`, at: 't.created_at', department: 't.lead_department_id', where: `t.kind = 'complaint'`, adds: { registered: '1' } },
  { from: 'ticket_event e', at: 'e.created_at', department: `(e.payload->>'leadDepartmentId')::uuid`, where: `e.type = 'dispatched'`, adds: { received: '1' } },
  {
    from: 'ticket_event e',
    at: 'e.created_at',
    department: `(e.payload->>'departmentId')::uuid`,
    where: `e.type IN ('accepted', 'returned')`,
    adds: {
      responded: `(e.payload ? 'onTime')::int`,
      respondedOnTime: `COALESCE((e.payload->>'onTime')::boolean, false)::int`,
      accepted: `(e.type = 'accepted')::int`,
      returns: `(e.type = 'returned')::int`,
    },
  },
  {
    from: 'ticket_event e',
    at: 'e.created_at',
    department: `(e.payload->>'departmentId')::uuid`,
    where: `e.type = 'resolved'`,
    adds: { resolved: `(e.payload ? 'onTime')::int`, resolvedOnTime: `COALESCE((e.payload->>'onTime')::boolean, false)::int` },
  },
  { from: 'ticket_event e', at: 'e.created_at', department: `(e.payload->>'departmentId')::uuid`, where: `e.type = 'reopened'`, adds: { reopenings: '1' } },
  {
    from: `ticket_event e JOIN extension_request r ON r.id = (e.payload->>'requestId')::uuid JOIN app_user u ON u.id = r.requested_by_id`,
    at: 'e.created_at',
    department: 'u.department_id',
    where: `e.type = 'extension_approved'`,
    adds: { extensions: '1' },
  },
  { from: 'ticket_rating g', at: 'g.created_at', department: 'g.department_id', where: 'true', adds: { ratings: '1', satisfied: 'g.satisfied::int' } },
  { from: `call k JOIN ticket t ON t.id = k.ticket_id`, at: 'k.created_at', department: 't.lead_department_id', where: `k.kind = 'follow_up'`, adds: { repeatCalls: '1' } },
];

const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : null);

@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Figures for [from, to), one row per department (handling departments, even those with nothing
   * to count) or per day/week/month in the deployment's zone (optionally for one department).
   */
  async figures(from: Date, to: Date, groupBy: Grouping, departmentId?: string): Promise<Figures[]> {
    // $4, the zone, only where a bucket uses it: PostgreSQL refuses parameters a statement does not read
    const values: unknown[] = [from, to, departmentId ?? null, ...(groupBy === 'department' ? [] : [this.config.timeZone])];
    const key = (s: Source) => (groupBy === 'department' ? `${s.department}::text` : `to_char(date_trunc('${groupBy}', ${s.at} AT TIME ZONE $4), 'YYYY-MM-DD')`);
    const parts = SOURCES.map(
      (s) =>
        `SELECT ${key(s)} AS key, ${METRICS.map((mt) => `${s.adds[mt] ?? '0'} AS "${mt}"`).join(', ')}
         FROM ${s.from} WHERE ${s.where} AND ${s.at} >= $1 AND ${s.at} < $2 AND ($3::uuid IS NULL OR ${s.department} = $3::uuid)`,
    );
    const sums = METRICS.map((mt) => `sum("${mt}")::int AS "${mt}"`).join(', ');
    const rows: (Record<Metric, number> & { key: string | null })[] = await this.ds.query(`SELECT key, ${sums} FROM (${parts.join('\nUNION ALL\n')}) x GROUP BY key ORDER BY key`, values);
    const byKey = new Map(rows.map((r) => [r.key ?? '', r]));
    if (groupBy === 'department') return this.perDepartment(byKey, departmentId);
    return this.perPeriod(byKey, from, to, groupBy);
  }

  private async perDepartment(byKey: Map<string, Record<Metric, number>>, departmentId?: string): Promise<Figures[]> {
    const departments: { id: string; name: string }[] = await this.ds.query(
      `SELECT id, name FROM department WHERE kind = 'department' AND (active OR id::text = ANY($1)) AND ($2::uuid IS NULL OR id = $2::uuid) ORDER BY name`,
      [[...byKey.keys()], departmentId ?? null],
    );
    const out = departments.map((d) => this.withRates(d.id, byKey.get(d.id), d.name));
    // what no department owns yet (registered, never dispatched)
    const unassigned = byKey.get('');
    if (unassigned && !departmentId) out.push(this.withRates('', unassigned, null));
    return out;
  }

  private perPeriod(byKey: Map<string, Record<Metric, number>>, from: Date, to: Date, groupBy: Exclude<Grouping, 'department'>): Figures[] {
    // every bucket of the range, empty ones too, so a chart's axis has no gaps
    return bucketsBetween(from, to, groupBy, this.config.timeZone).map((k) => this.withRates(k, byKey.get(k)));
  }

  private withRates(key: string, counts: Record<Metric, number> | undefined, departmentName?: string | null): Figures {
    const c = Object.fromEntries(METRICS.map((mt) => [mt, counts?.[mt] ?? 0])) as Record<Metric, number>;
    return {
      key,
      ...(departmentName !== undefined ? { departmentName } : {}),
      ...c,
      responseRate: rate(c.respondedOnTime, c.responded),
      onTimeRate: rate(c.resolvedOnTime, c.resolved),
      satisfactionRate: rate(c.satisfied, c.ratings),
    };
  }
}

/** Local dates (YYYY-MM-DD) starting each day, ISO week (Monday) or month that [from, to) touches. */
export function bucketsBetween(from: Date, to: Date, groupBy: 'day' | 'week' | 'month', timeZone: string): string[] {
  const localDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  const start = new Date(`${localDate(from)}T00:00:00Z`);
  const last = new Date(`${localDate(new Date(to.getTime() - 1))}T00:00:00Z`);
  if (groupBy === 'week') start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  if (groupBy === 'month') start.setUTCDate(1);
  const out: string[] = [];
  for (const d = start; d <= last && out.length < 1000; ) {
    out.push(d.toISOString().slice(0, 10));
    if (groupBy === 'day') d.setUTCDate(d.getUTCDate() + 1);
    else if (groupBy === 'week') d.setUTCDate(d.getUTCDate() + 7);
    else d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}
