import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AlertService, type NewAlert } from '../alerts/alert.service.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { DirectoryService } from '../directory/directory.service.js';
import { DeadlineService } from './deadline.service.js';
import type { Deadline } from './deadline.entity.js';
import type { Priority } from '../tickets/ticket.entity.js';
import { escalationStep } from './deadline-plan.js';
import { SharedBatches, type FiredBatch } from './shared-batches.js';
import type { SlaPolicy } from './sla-policy.entity.js';

export type FireOutcome = 'fired' | 'skipped' | 'missing' | { early: Date };

const STAGE_WORDS: Record<string, string> = {
  dispatch: 'dispatch (派单)',
  accept: 'acceptance (签收)',
  resolve: 'resolution (办结)',
  callback: 'callback (回访)',
  rectify: 'rectification (整改)',
};

/** How many due rows one batch fires at most. */
const BATCH_LIMIT = 500;

/** Tolerance for a timer that wakes a little early (clock skew between hosts). */
const EARLY_TOLERANCE_MS = 25;

/** A job waits through at most this many shared batches of a burst before firing its row alone. */
const MAX_SHARED_BATCHES = 50;

/** Ids of the rows this process fired lately: their jobs end without asking the database. */
const RECENT_FIRED = 20_000;

/** A batch that has run this long without being full is stuck: the next starts beside it. */
const STALL_MS = 20;

/**
 * Two generations of ids, so memory stays bounded and an id is kept for at least RECENT_FIRED
 * further firings. A fired row never becomes pending again, so an id here is never stale.
 */
class RecentIds {
  private current = new Set<string>();
  private previous = new Set<string>();

  has(id: string): boolean {
    return this.current.has(id) || this.previous.has(id);
  }

  addAll(ids: string[]): void {
    for (const id of ids) this.current.add(id);
    if (this.current.size >= RECENT_FIRED) {
      this.previous = this.current;
      this.current = new Set();
    }
  }
}

/**
 * Fires one deadline row, exactly once: the row is re-read under a lock and only a row still
 * pending is marked fired; the alert's unique key absorbs any retry, duplicate job or racing
 * worker. Used by the queue processor and by the reconciler for rows whose job was lost.
 */
@Injectable()
export class DeadlineFirer {
  private readonly recent = new RecentIds();
  private readonly batches = new SharedBatches((took) => this.fireBatch(new Date(), BATCH_LIMIT, took), BATCH_LIMIT, STALL_MS);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly alerts: AlertService,
    private readonly directory: DirectoryService,
    private readonly deadlines: DeadlineService,
    private readonly calendars: CalendarService,
  ) {}

  /**
   * Fires every pending row that is due now, up to `limit`, set-based: business deadlines cluster
   * at the end of the working day, and one transaction per deadline cannot keep up with a burst.
   * Tickets are locked first (in id order, skipping tickets another worker or a transition holds),
   * then their due rows are marked fired and their alerts inserted in bulk. Returns how many fired.
   */
  async fireDue(now = new Date(), limit = BATCH_LIMIT): Promise<number> {
    return (await this.fireBatch(now, limit)).fired.length;
  }

  /**
   * A job's wake-up: fires everything due, in batches shared by every job of this process that
   * woke meanwhile (SharedBatches), until `deadlineId` has fired or nothing due is left to this
   * process. True when this process fired the row.
   */
  async fireDueWith(deadlineId: string): Promise<boolean> {
    if (this.recent.has(deadlineId)) return true;
    for (let round = 0; round < MAX_SHARED_BATCHES; round++) {
      const batch = await this.batches.next();
      if (this.recent.has(deadlineId)) return true;
      if (!batch.more) break;
    }
    await this.batches.settled();
    return this.recent.has(deadlineId);
  }

  private async fireBatch(now: Date, limit: number, took: (n: number) => void = () => undefined): Promise<FiredBatch> {
    // nothing early: a batch takes only rows whose time has come (the tolerance is for one row's own job)
    const horizon = now;
    const fired = await this.ds.transaction(async (m) => {
      const tickets = (await m.query(
        `SELECT id, number, lead_department_id, category_id, priority, sla_policy_id FROM ticket
         WHERE id IN (SELECT ticket_id FROM deadline WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at LIMIT $2)
         ORDER BY id FOR UPDATE SKIP LOCKED`,
        [horizon, limit],
      )) as RawTicket[];
      took(tickets.length);
      if (tickets.length === 0) return [];
      const byId = new Map(tickets.map((t) => [t.id, t]));
      const rows = (await m
        .query(
          `UPDATE deadline SET status = 'fired', fired_at = $2, version = version + 1
           WHERE ticket_id = ANY($1) AND status = 'pending' AND due_at <= $3 RETURNING *`,
          [tickets.map((t) => t.id), now, horizon],
        )
        .then((r: unknown[]) => (Array.isArray(r[0]) ? r[0] : r))) as RawDeadline[];
      const alerts = await Promise.all(rows.map((row) => this.alertFor(row, byId.get(row.ticket_id)!)));
      await this.alerts.raiseMany(m, alerts, now);
      for (const row of rows) if (row.level >= 1) await this.nextSteps(m, row, byId.get(row.ticket_id)!, now);
      return rows.map((r) => r.id);
    });
    this.recent.addAll(fired); // committed: these rows are fired for good
    // a full batch may have left due rows behind; a short one took all that no one else held
    return { fired, more: fired.length >= limit };
  }

  private async alertFor(row: RawDeadline, ticket: RawTicket): Promise<NewAlert> {
    return {
      dedupeKey: `dl-${row.id}`,
      ticketId: row.ticket_id,
      deadlineId: row.id,
      kind: row.kind,
      stage: row.stage,
      level: row.level,
      departmentId: await this.recipient(row.level, ticket.lead_department_id),
      message: this.message(row, ticket.number),
      routine: row.kind === 'warning' && ticket.priority !== 'urgent',
    };
  }

  /** One row (its job woke): skipped at once when a batch already fired it. */
  async fire(deadlineId: string, now = new Date()): Promise<FireOutcome> {
    const [seen] = (await this.ds.query(`SELECT status FROM deadline WHERE id = $1`, [deadlineId])) as { status: string }[];
    if (!seen) return 'missing';
    if (seen.status !== 'pending') return 'skipped';
    const outcome = await this.ds.transaction(async (m): Promise<FireOutcome> => {
      // the ticket's lock first, as every transition takes it: a ticket moving on and one of its
      // deadlines firing are serialised, so no escalation is added to a stage that just ended
      const [owner] = (await m.query(`SELECT ticket_id FROM deadline WHERE id = $1`, [deadlineId])) as { ticket_id: string }[];
      if (!owner) return 'missing';
      await m.query(`SELECT id FROM ticket WHERE id = $1 FOR UPDATE`, [owner.ticket_id]);
      const [row] = (await m.query(`SELECT * FROM deadline WHERE id = $1 FOR UPDATE`, [deadlineId])) as RawDeadline[];
      if (!row) return 'missing';
      if (row.status !== 'pending') return 'skipped';
      const due = new Date(row.due_at);
      if (due.getTime() - now.getTime() > EARLY_TOLERANCE_MS) return { early: due };
      await m.query(`UPDATE deadline SET status = 'fired', fired_at = $2, version = version + 1 WHERE id = $1`, [deadlineId, now]);
      const [ticket] = (await m.query(`SELECT id, number, lead_department_id, category_id, priority, sla_policy_id FROM ticket WHERE id = $1`, [row.ticket_id])) as RawTicket[];
      await this.alerts.raise(m, await this.alertFor(row, ticket), now);
      // the next level and reminder are rows like any other: the armer gives them their timers
      if (row.level >= 1) await this.nextSteps(m, row, ticket, now);
      return 'fired';
    });
    return outcome;
  }

  /** Levels 0–1 go to the lead department (the supervision office while nobody leads), 2 to supervision, 3 to leadership. */
  private async recipient(level: number, leadDepartmentId: string | null): Promise<string | null> {
    if (level <= 1 && leadDepartmentId) return leadDepartmentId;
    const kind = level >= 3 ? 'leadership' : 'supervision';
    return (await this.directory.departmentOfKind(kind))?.id ?? leadDepartmentId;
  }

  private message(row: RawDeadline, number: string): string {
    const stage = STAGE_WORDS[row.stage] ?? row.stage;
    switch (row.kind) {
      case 'warning':
        return `Ticket ${number}: ${stage} deadline ${new Date(row.stage_due_at).toISOString()} is near`;
      case 'breach':
        return `Ticket ${number}: ${stage} deadline passed at ${new Date(row.stage_due_at).toISOString()}`;
      case 'escalation':
        return `Ticket ${number}: ${stage} overdue since ${new Date(row.stage_due_at).toISOString()}, escalated to level ${row.level}`;
      default:
        return `Ticket ${number}: reminder ${row.seq} — ${stage} still overdue (level ${row.level})`;
    }
  }

  /** After a breach or escalation: the next level of the ladder, and this level's next reminder. */
  private async nextSteps(m: EntityManager, row: RawDeadline, ticket: RawTicket, now: Date): Promise<Deadline[]> {
    const policy = await this.deadlines.policyFor({ categoryId: ticket.category_id, priority: ticket.priority as Priority, slaPolicyId: ticket.sla_policy_id });
    if (!policy) return [];
    const rows: Deadline[] = [];
    if (row.kind !== 'reminder' && row.level < 3) {
      const step = escalationStep(row.stage, new Date(row.stage_due_at), row.level + 1, this.calendars.for(policy.clock), policy);
      const [{ exists }] = await m.query(
        `SELECT EXISTS (SELECT 1 FROM deadline WHERE ticket_id = $1 AND stage = $2 AND kind = 'escalation' AND level = $3 AND stage_due_at = $4 AND status <> 'cancelled') AS exists`,
        [row.ticket_id, row.stage, step.level, row.stage_due_at],
      );
      if (!exists) rows.push({ id: randomUUID(), ticketId: row.ticket_id, ...step } as Deadline);
    }
    const reminder = await this.nextReminder(m, row, policy, now);
    if (reminder) rows.push(reminder);
    await this.deadlines.insert(m, rows);
    return rows;
  }

  /** Each level repeats until someone acknowledges it or the ticket moves on (which cancels the row). */
  private async nextReminder(m: EntityManager, row: RawDeadline, policy: SlaPolicy, now: Date): Promise<Deadline | undefined> {
    if (policy.repeatEveryMinutes <= 0) return undefined;
    const [{ acked }] = await m.query(
      `SELECT EXISTS (SELECT 1 FROM alert a JOIN deadline d ON d.id = a.deadline_id
                      WHERE a.ticket_id = $1 AND a.stage = $2 AND a.level = $3 AND a.status = 'acknowledged' AND d.stage_due_at = $4) AS acked`,
      [row.ticket_id, row.stage, row.level, row.stage_due_at],
    );
    if (acked) return undefined;
    // the next level takes over from here: stop reminding of this one
    const [{ higher }] = await m.query(
      `SELECT EXISTS (SELECT 1 FROM deadline WHERE ticket_id = $1 AND stage = $2 AND level > $3 AND status = 'fired' AND stage_due_at = $4) AS higher`,
      [row.ticket_id, row.stage, row.level, row.stage_due_at],
    );
    if (higher) return undefined;
    return {
      id: randomUUID(),
      ticketId: row.ticket_id,
      stage: row.stage,
      kind: 'reminder',
      level: row.level,
      seq: row.seq + 1,
      dueAt: this.calendars.for(policy.clock).addBusinessMinutes(now, policy.repeatEveryMinutes),
      stageDueAt: new Date(row.stage_due_at),
    } as Deadline;
  }
}

interface RawDeadline {
  id: string;
  ticket_id: string;
  stage: Deadline['stage'];
  kind: Deadline['kind'];
  level: number;
  seq: number;
  due_at: Date;
  stage_due_at: Date;
  status: string;
}
interface RawTicket {
  id: string;
  number: string;
  lead_department_id: string | null;
  category_id: string | null;
  priority: string;
  sla_policy_id: string | null;
}

