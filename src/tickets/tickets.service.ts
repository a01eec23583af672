import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { badRequest, conflict, DomainError, forbidden, notFound } from '../common/domain-error.js';
import { DirectoryService } from '../directory/directory.service.js';
import { RoutingService } from '../routing/routing.service.js';
import { checkTransition, OPEN_STATUSES, type TicketStatus, type Transition } from './ticket-state.js';
import { Ticket } from './ticket.entity.js';
import { TicketEvent } from './ticket-event.entity.js';
import { parseTicketNumber } from './ticket-number.js';
import { AlertService } from '../alerts/alert.service.js';
import { DeadlineService } from '../deadlines/deadline.service.js';
import { SmsOutbox, type CallerNotice } from '../sms/sms-outbox.js';
import type { DispatchDto, MergeDto, NoteDto, ReasonDto, ResolveDto, ReturnDto } from './transition.dto.js';

const EVENT_TYPE: Record<Transition, string> = {
  dispatch: 'dispatched',
  accept: 'accepted',
  return: 'returned',
  resolve: 'resolved',
  close: 'closed',
  reopen: 'reopened',
  suspend: 'suspended',
  resume: 'resumed',
  merge: 'merged',
};

export type TransitionInput = NoteDto & Partial<DispatchDto & ReturnDto & ResolveDto & ReasonDto & MergeDto>;

/** The caller, acting through an SMS reply: recorded with no user id and the role `caller`. */
export interface CallerActor {
  id: null;
  username: 'caller';
  role: 'caller';
  departmentId: null;
}
export const CALLER_ACTOR: CallerActor = { id: null, username: 'caller', role: 'caller', departmentId: null };
export type TicketActor = AuthUser | CallerActor;

/** What the ticket's callers are told by SMS after a transition. */
const CALLER_NOTICE: Partial<Record<Transition, CallerNotice>> = { accept: 'accepted', resolve: 'resolved', reopen: 'reopened' };

export interface EventDraft {
  type: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  reasonCode?: string | null;
  note?: string | null;
  payload?: Record<string, unknown>;
}

/** Appends history rows (call registration writes its first rows in its own statement). */
export async function appendEvents(m: EntityManager, ticketId: string, actor: Pick<TicketActor, 'id' | 'role'> | null, events: EventDraft[], at = new Date()): Promise<void> {
  if (events.length === 0) return;
  const values: unknown[] = [];
  const rows = events.map((e, i) => {
    values.push(ticketId, actor?.id ?? null, actor?.role ?? null, e.type, e.fromStatus ?? null, e.toStatus ?? null, e.reasonCode ?? null, e.note ?? null, JSON.stringify(e.payload ?? {}), at);
    const b = i * 10;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9}, $${b + 10})`;
  });
  await m.query(
    `INSERT INTO ticket_event (ticket_id, actor_id, actor_role, type, from_status, to_status, reason_code, note, payload, created_at) VALUES ${rows.join(', ')}`,
    values,
  );
}

/** Agents see tickets their department leads or assists; everyone else in the back office sees all. */
export function canSee(ticket: Pick<Ticket, 'leadDepartmentId' | 'assistingDepartmentIds'>, actor: TicketActor): boolean {
  if (actor.role !== 'agent') return true;
  return !!actor.departmentId && (ticket.leadDepartmentId === actor.departmentId || ticket.assistingDepartmentIds.includes(actor.departmentId));
}

@Injectable()
export class TicketsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: DirectoryService,
    private readonly routing: RoutingService,
    private readonly deadlines: DeadlineService,
    private readonly alerts: AlertService,
    private readonly sms: SmsOutbox,
  ) {}

  /**
   * Finds a ticket by its number as typed (any case, with or without separators). `lock` takes
   * the row lock every writer takes first — transitions, the deadline firer, extension decisions,
   * acknowledgements — so they serialise per ticket in one order (ticket, then its deadlines).
   */
  async findByNumber(text: string, actor: TicketActor, m: EntityManager = this.ds.manager, lock = false): Promise<Ticket> {
    const number = parseTicketNumber(text);
    const ticket = number ? await m.findOne(Ticket, { where: { number }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) }) : null;
    if (!ticket) throw notFound('TICKET_NOT_FOUND', `No ticket numbered ${text}`);
    if (!canSee(ticket, actor)) throw forbidden('NOT_YOUR_DEPARTMENT', 'This ticket belongs to another department');
    return ticket;
  }

  async events(ticketId: string): Promise<TicketEvent[]> {
    return this.ds.manager.find(TicketEvent, { where: { ticketId }, order: { id: 'ASC' } });
  }

  /**
   * One transition, one transaction: permission and state check, an optimistic-locked update
   * (a concurrent change makes it 409, never a silent overwrite), and the history row.
   */
  async transition(numberText: string, transition: Transition, actor: TicketActor, input: TransitionInput, opts: { notifyCaller?: boolean } = {}): Promise<Ticket> {
    return this.ds.transaction((m) => this.transitionIn(m, numberText, transition, actor, input, opts));
  }

  /** The same, inside the caller's transaction (a rating and the transition it causes commit together). */
  async transitionIn(m: EntityManager, numberText: string, transition: Transition, actor: TicketActor, input: TransitionInput, opts: { notifyCaller?: boolean } = {}): Promise<Ticket> {
    // visibility is judged on the ticket as the actor saw it; if it changed while we waited for
    // its lock, the actor lost a race: 409, not the 403 a re-check would give (a returned
    // ticket is no longer the agent's to see)
    const seen = await this.findByNumber(numberText, actor, m);
    const ticket = (await m.findOne(Ticket, { where: { id: seen.id }, lock: { mode: 'pessimistic_write' } }))!;
    if (ticket.version !== seen.version) {
      throw conflict('VERSION_CONFLICT', `Ticket ${ticket.number} was changed by someone else meanwhile; reload it`, { version: ticket.version });
    }
    const check = checkTransition(transition, ticket, actor);
    if (!check.ok) throw new DomainError(check.kind, check.code, check.message, { status: ticket.status, transition });
    if (input.expectedVersion !== undefined && input.expectedVersion !== ticket.version) {
      throw conflict('VERSION_CONFLICT', `The ticket changed since version ${input.expectedVersion}; reload it`, { version: ticket.version });
    }
    const from = ticket.status;
    const changes: Partial<Ticket> = { status: check.to };
    const events: EventDraft[] = [];
    const main: EventDraft = { type: EVENT_TYPE[transition], fromStatus: from, toStatus: check.to, note: input.note ?? null };
    events.push(main);
    const after: ((survivor: Ticket) => Promise<void>)[] = [];

    switch (transition) {
      case 'dispatch': {
        const { lead, assisting, ruleId } = await this.dispatchTarget(ticket, input);
        Object.assign(changes, { leadDepartmentId: lead, assistingDepartmentIds: assisting });
        main.payload = { leadDepartmentId: lead, assistingDepartmentIds: assisting, ...(ruleId ? { ruleId } : {}), ...(from === 'dispatched' ? { previousLeadDepartmentId: ticket.leadDepartmentId } : {}) };
        break;
      }
      case 'return': {
        if (!input.reasonCode || !this.config.returnReasons.includes(input.reasonCode)) {
          throw badRequest('UNKNOWN_RETURN_REASON', `reasonCode: must be one of ${this.config.returnReasons.join(', ')}`, { field: 'reasonCode' });
        }
        main.reasonCode = input.reasonCode;
        main.payload = { departmentId: ticket.leadDepartmentId };
        // back to the dispatch queue; the returning department is in the event, not the ticket
        Object.assign(changes, { leadDepartmentId: null, assistingDepartmentIds: [], returnCount: ticket.returnCount + 1 });
        break;
      }
      case 'resolve':
        Object.assign(changes, { resolution: input.resolution, resolvedAt: new Date() });
        main.note = input.resolution ?? null;
        break;
      case 'close':
        changes.closedAt = new Date();
        break;
      case 'reopen':
      case 'suspend':
        main.note = input.reason ?? null;
        if (transition === 'suspend') changes.suspendedFrom = from;
        else Object.assign(changes, { closedAt: null, resolvedAt: null });
        break;
      case 'resume':
        changes.suspendedFrom = null;
        break;
      case 'merge': {
        const survivor = await this.mergeTarget(ticket, input.intoNumber!, actor, m);
        Object.assign(changes, { mergedIntoId: survivor.id, closedAt: new Date() });
        main.payload = { intoNumber: survivor.number, intoId: survivor.id };
        after.push(async () => {
          await this.updateVersioned(m, survivor, { linkedCallerIds: [...new Set([...survivor.linkedCallerIds, ticket.callerId, ...ticket.linkedCallerIds])].filter((c) => c !== survivor.callerId) });
          await appendEvents(m, survivor.id, actor, [{ type: 'merge_received', payload: { fromNumber: ticket.number, fromId: ticket.id, callerId: ticket.callerId }, note: input.note ?? null }]);
        });
        break;
      }
      default:
        break;
    }
    const now = new Date();
    if (transition === 'accept' || transition === 'return' || transition === 'resolve' || transition === 'reopen') {
      // the figures (response rate, on-time resolution, reopenings) count per department and promise kept
      main.payload = { ...main.payload, departmentId: ticket.leadDepartmentId, ...(await this.promiseKept(m, ticket, transition, now)) };
    }
    const clock = await this.deadlines.onTransition(m, ticket, transition, now);
    Object.assign(changes, clock.ticket);
    if (clock.ticket.dueAt && clock.ticket.dueAt.getTime() !== ticket.dueAt?.getTime()) main.payload = { ...main.payload, dueAt: clock.ticket.dueAt.toISOString() };
    const updated = await this.updateVersioned(m, ticket, changes);
    await appendEvents(m, ticket.id, actor, events, now);
    await this.deadlines.insert(m, clock.rows);
    for (const step of after) await step(updated);
    if (transition === 'return' && updated.returnCount > this.config.maxReturns) await this.raiseRoutingDispute(m, updated);
    const notice = CALLER_NOTICE[transition];
    if (notice && updated.kind === 'complaint' && opts.notifyCaller !== false) await this.sms.notifyCallers(m, updated, notice);
    return updated;
  }

  /**
   * Whether a response or a resolution kept its promise: accepted or returned before the accept
   * stage's deadline (响应), resolved before the committed deadline as extensions left it (按时办结).
   * Nothing when no clock ran.
   */
  private async promiseKept(m: EntityManager, ticket: Ticket, transition: Transition, now: Date): Promise<{ dueAt?: string; onTime?: boolean }> {
    let due: Date | null = null;
    if (transition === 'accept' || transition === 'return') {
      const [row] = await m.query(
        `SELECT min(stage_due_at) AS due FROM deadline WHERE ticket_id = $1 AND stage = 'accept' AND stage_ended_at IS NULL AND status <> 'cancelled'`,
        [ticket.id],
      );
      due = row?.due ? new Date(row.due) : null;
    } else if (transition === 'resolve') {
      due = ticket.dueAt;
    }
    return due ? { dueAt: due.toISOString(), onTime: now.getTime() <= due.getTime() } : {};
  }

  /** Bounced more than MAX_RETURNS times: the supervision office settles where it belongs. */
  private async raiseRoutingDispute(m: EntityManager, ticket: Ticket): Promise<void> {
    const supervision = await this.directory.departmentOfKind('supervision');
    await this.alerts.raise(m, {
      dedupeKey: `dispute-${ticket.id}-${ticket.returnCount}`,
      ticketId: ticket.id,
      kind: 'routing_dispute',
      departmentId: supervision?.id ?? null,
      message: `Ticket ${ticket.number} was returned ${ticket.returnCount} times: routing dispute, decide the lead department`,
    });
  }

  /** UPDATE … WHERE version = seen; zero rows means someone else committed first. */
  async updateVersioned(m: EntityManager, ticket: Ticket, changes: Partial<Ticket>): Promise<Ticket> {
    const result = await m
      .createQueryBuilder()
      .update(Ticket)
      .set({ ...changes, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id AND version = :version', { id: ticket.id, version: ticket.version })
      .returning(['version', 'updatedAt'])
      .execute();
    if (!result.affected) {
      throw conflict('VERSION_CONFLICT', `Ticket ${ticket.number} was changed by someone else meanwhile; reload it`);
    }
    const [row] = result.raw as { version: number; updated_at: Date }[];
    return Object.assign(ticket, changes, { version: row.version, updatedAt: row.updated_at });
  }

  private async dispatchTarget(ticket: Ticket, input: TransitionInput): Promise<{ lead: string; assisting: string[]; ruleId?: string }> {
    if (input.leadDepartmentId) {
      const [lead] = await this.directory.handlingDepartments([input.leadDepartmentId], 'leadDepartmentId');
      if (lead.kind !== 'department') throw badRequest('NOT_A_HANDLING_DEPARTMENT', 'leadDepartmentId: supervision and leadership offices do not handle tickets', { field: 'leadDepartmentId' });
      const assisting = [...new Set(input.assistingDepartmentIds ?? [])].filter((id) => id !== lead.id);
      await this.directory.handlingDepartments(assisting, 'assistingDepartmentIds');
      return { lead: lead.id, assisting };
    }
    const [top] = await this.routing.suggest(ticket);
    if (!top) throw badRequest('NO_ROUTE', 'leadDepartmentId: no routing rule matches this ticket; choose a department', { field: 'leadDepartmentId' });
    const assisting = [...new Set(input.assistingDepartmentIds ?? top.assistingDepartmentIds)].filter((id) => id !== top.leadDepartmentId);
    await this.directory.handlingDepartments(assisting, 'assistingDepartmentIds');
    return { lead: top.leadDepartmentId, assisting, ruleId: top.ruleId };
  }

  private async mergeTarget(ticket: Ticket, intoNumber: string, actor: TicketActor, m: EntityManager): Promise<Ticket> {
    let survivor: Ticket;
    try {
      survivor = await this.findByNumber(intoNumber, actor, m, true);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'TICKET_NOT_FOUND') throw badRequest('MERGE_TARGET_NOT_FOUND', `intoNumber: no ticket numbered ${intoNumber}`, { field: 'intoNumber' });
      throw e;
    }
    if (survivor.id === ticket.id) throw badRequest('MERGE_INTO_ITSELF', 'intoNumber: a ticket cannot be merged into itself', { field: 'intoNumber' });
    const open: readonly TicketStatus[] = [...OPEN_STATUSES, 'resolved'];
    if (!open.includes(survivor.status)) {
      throw conflict('MERGE_TARGET_NOT_OPEN', `Ticket ${survivor.number} is ${survivor.status}; merge into an open ticket`);
    }
    return survivor;
  }
}
