import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DirectoryService } from '../directory/directory.service.js';
import type { Transition } from '../tickets/ticket-state.js';
import type { Ticket } from '../tickets/ticket.entity.js';
import type { Deadline } from './deadline.entity.js';
import { dueFrom, parseLimit, planStage, type PlannedDeadline } from './deadline-plan.js';
import type { SlaPolicy, Stage } from './sla-policy.entity.js';

export interface ClockChange {
  /** Rows to insert in the transaction and arm after commit. */
  rows: Deadline[];
  /** Ticket fields the clocks change (committed due time, null while paused; paused remainders). */
  ticket: Partial<Ticket>;
}

/** Which stage clocks each transition stops and starts; the resolve clock survives bouncing. */
const STOPS: Record<Transition, Stage[] | 'all'> = {
  dispatch: ['dispatch', 'accept'],
  accept: ['accept'],
  return: ['accept'],
  resolve: ['dispatch', 'accept', 'resolve', 'rectify'],
  close: 'all',
  merge: 'all',
  reopen: ['callback'],
  suspend: 'all',
  resume: [],
};
const STARTS: Partial<Record<Transition, Stage[]>> = {
  dispatch: ['accept'],
  return: ['dispatch'],
  resolve: ['callback'],
  reopen: ['accept', 'rectify'],
};

/**
 * Keeps a ticket's deadline rows in step with its lifecycle, inside the transition's own
 * transaction: rows of stopped stages are cancelled (their jobs will find them not pending and
 * skip), rows of started stages are inserted and armed after commit.
 */
@Injectable()
export class DeadlineService {
  constructor(
    private readonly calendars: CalendarService,
    private readonly directory: DirectoryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async policyFor(ticket: Pick<Ticket, 'categoryId' | 'priority' | 'slaPolicyId'>): Promise<SlaPolicy | undefined> {
    if (ticket.slaPolicyId) {
      const kept = await this.directory.slaPolicyById(ticket.slaPolicyId);
      if (kept) return kept;
    }
    return this.directory.slaPolicy(ticket.categoryId, ticket.priority);
  }

  /** The clocks of a new complaint: dispatch (or accept, when routed at once) and resolve. */
  async planRegistration(ticket: Ticket, now: Date): Promise<ClockChange> {
    const policy = await this.policyFor(ticket);
    if (!policy) return { rows: [], ticket: {} };
    const first: Stage = ticket.status === 'dispatched' ? 'accept' : 'dispatch';
    const planned = [...this.stage(policy, first, now), ...this.stage(policy, 'resolve', now)];
    const due = planned.find((p) => p.stage === 'resolve' && p.kind === 'breach')?.dueAt ?? null;
    return { rows: this.toRows(ticket.id, planned), ticket: { slaPolicyId: policy.id, dueAt: due, originalDueAt: due } };
  }

  async onTransition(m: EntityManager, ticket: Ticket, transition: Transition, now: Date): Promise<ClockChange> {
    const policy = await this.policyFor(ticket);
    const stops = STOPS[transition];
    // pending rows are cancelled; fired ones stay fired, but every row learns its stage ended
    const cancelled: EndedRow[] = await m.query(
      `UPDATE deadline SET status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END,
              cancel_reason = CASE WHEN status = 'pending' THEN $3 ELSE cancel_reason END,
              stage_ended_at = $4, version = version + 1
       WHERE ticket_id = $1 AND stage_ended_at IS NULL AND status <> 'cancelled' AND ($2::text[] IS NULL OR stage = ANY($2))
       RETURNING stage, kind, level, status, stage_due_at`,
      [ticket.id, stops === 'all' ? null : stops, transition, now],
    ).then((r: unknown[]) => (Array.isArray(r[0]) ? r[0] : r) as EndedRow[]);
    if (!policy) return { rows: [], ticket: {} };
    const changes: Partial<Ticket> = {};
    let planned: PlannedDeadline[] = [];
    if (transition === 'suspend') {
      changes.suspendedRemaining = this.remainders(policy, cancelled, now);
      // the promise is paused, not kept: resume makes the new one (original_due_at keeps the first)
      changes.dueAt = null;
    }
    const rows: Deadline[] = [];
    if (transition === 'resume') {
      for (const [stage, paused] of Object.entries(ticket.suspendedRemaining ?? {}) as [Stage, PausedStage][]) {
        const due = this.calendars.for(policy.clock).addBusinessMinutes(now, paused.minutes);
        rows.push(...this.restart(ticket.id, policy, stage, due, paused.fired, now));
        if (stage === 'resolve' || stage === 'rectify') changes.dueAt = due;
      }
      changes.suspendedRemaining = null;
    }
    for (const stage of STARTS[transition] ?? []) planned.push(...this.stage(policy, stage, now));
    // the promise a reopened ticket carries is the rectify deadline; a policy that sets none makes
    // no new promise, and the old resolve deadline (passed, or met) is no promise either
    if (transition === 'reopen') changes.dueAt = planned.find((p) => p.stage === 'rectify' && p.kind === 'breach' && policy.limits.rectify)?.dueAt ?? null;
    planned = planned.filter((p) => policy.limits[p.stage]);
    return { rows: [...rows, ...this.toRows(ticket.id, planned)], ticket: changes };
  }

  /**
   * A stage that runs again (after a pause, or with an extended deadline) keeps what it already
   * did: alerts that fired do not fire again, and a stage already past its breach stays visibly
   * overdue (a fired breach row on the new time) with the rest of its ladder and a reminder.
   */
  private restart(ticketId: string, policy: SlaPolicy, stage: Stage, due: Date, fired: number, now: Date): Deadline[] {
    const cal = this.calendars.for(policy.clock);
    const planned = planStage(stage, now, due, cal, policy, now, true).filter((p) => p.level > fired);
    if (fired >= 1) {
      planned.push({ stage, kind: 'breach', level: 1, seq: 0, dueAt: due, stageDueAt: due });
      if (policy.repeatEveryMinutes > 0) planned.push({ stage, kind: 'reminder', level: fired, seq: 1, dueAt: cal.addBusinessMinutes(now, policy.repeatEveryMinutes), stageDueAt: due });
    }
    return this.toRows(ticketId, planned).map((r) => (r.kind === 'breach' && fired >= 1 ? Object.assign(r, { status: 'fired', firedAt: now, armed: true }) : r));
  }

  /**
   * An approved extension: the running resolve (or rectify) stage gets a new deadline. Its old
   * rows end; new ones start from now towards the new time. Returns the stage moved and its rows.
   */
  async moveDeadline(m: EntityManager, ticket: Ticket, newDue: Date, now: Date): Promise<{ stage: Stage; rows: Deadline[] } | undefined> {
    const policy = await this.policyFor(ticket);
    if (!policy) return undefined;
    const [running] = (await m.query(
      `SELECT stage FROM deadline WHERE ticket_id = $1 AND stage IN ('rectify', 'resolve') AND stage_ended_at IS NULL AND status <> 'cancelled'
       ORDER BY CASE stage WHEN 'rectify' THEN 0 ELSE 1 END LIMIT 1`,
      [ticket.id],
    )) as { stage: Stage }[];
    if (!running) return undefined;
    const ended: EndedRow[] = await m.query(
      `UPDATE deadline SET status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END,
              cancel_reason = CASE WHEN status = 'pending' THEN 'extension' ELSE cancel_reason END,
              stage_ended_at = $3, version = version + 1
       WHERE ticket_id = $1 AND stage = $2 AND stage_ended_at IS NULL AND status <> 'cancelled'
       RETURNING stage, kind, level, status, stage_due_at`,
      [ticket.id, running.stage, now],
    ).then((r: unknown[]) => (Array.isArray(r[0]) ? r[0] : r) as EndedRow[]);
    const fired = Math.max(-1, ...ended.filter((e) => e.status === 'fired').map((e) => e.level));
    // an extension is a new promise: only alerts of the old one that already fired are not repeated
    const rows = this.restart(ticket.id, policy, running.stage, newDue, newDue.getTime() > now.getTime() ? Math.min(fired, 0) : fired, now);
    await this.insert(m, rows);
    return { stage: running.stage, rows };
  }

  private stage(policy: SlaPolicy, stage: Stage, start: Date): PlannedDeadline[] {
    const text = policy.limits[stage];
    if (!text) return [];
    const cal = this.calendars.for(policy.clock);
    return planStage(stage, start, dueFrom(start, parseLimit(text), cal), cal, policy, start);
  }

  /** Per paused stage: working minutes left (negative when overdue) and the highest level that fired (-1: none). */
  private remainders(policy: SlaPolicy, ended: EndedRow[], now: Date): Partial<Record<Stage, PausedStage>> {
    const cal = this.calendars.for(policy.clock);
    const out: Partial<Record<Stage, PausedStage>> = {};
    for (const row of ended) {
      const paused = (out[row.stage] ??= { minutes: Math.round(cal.businessMinutesBetween(now, new Date(row.stage_due_at)) * 1000) / 1000, fired: -1 });
      if (row.status === 'fired') paused.fired = Math.max(paused.fired, row.level);
    }
    return out;
  }

  private toRows(ticketId: string, planned: PlannedDeadline[]): Deadline[] {
    return planned.map(
      (p) =>
        ({
          id: randomUUID(),
          ticketId,
          stage: p.stage,
          kind: p.kind,
          level: p.level,
          seq: p.seq,
          dueAt: p.dueAt,
          stageDueAt: p.stageDueAt,
          status: 'pending',
          version: 1,
          firedAt: null,
          stageEndedAt: null,
          cancelReason: null,
          createdAt: new Date(),
        }) as Deadline,
    );
  }

  async insert(m: EntityManager, rows: Deadline[]): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO deadline (id, ticket_id, stage, kind, level, seq, due_at, stage_due_at, status, fired_at, armed)
       SELECT id, ticket_id, stage, kind, level, seq, due_at, stage_due_at, COALESCE(status, 'pending'), fired_at, COALESCE(armed, false)
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, ticket_id uuid, stage text, kind text, level smallint, seq smallint, due_at timestamptz,
                                               stage_due_at timestamptz, status text, fired_at timestamptz, armed boolean)`,
      [JSON.stringify(rows.map(toJsonRow))],
    );
  }

  get maxReturns(): number {
    return this.config.maxReturns;
  }
}

export function toJsonRow(d: Deadline) {
  return {
    id: d.id,
    ticket_id: d.ticketId,
    stage: d.stage,
    kind: d.kind,
    level: d.level,
    seq: d.seq,
    due_at: d.dueAt.toISOString(),
    stage_due_at: d.stageDueAt.toISOString(),
    ...(d.status === 'fired' ? { status: 'fired', fired_at: d.firedAt?.toISOString(), armed: true } : {}),
  };
}

interface EndedRow {
  stage: Stage;
  kind: string;
  level: number;
  status: string;
  stage_due_at: Date;
}

/** What a paused stage keeps: working minutes left and the highest alert level already fired. */
export interface PausedStage {
  minutes: number;
  fired: number;
}
