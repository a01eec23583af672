import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth.decorators.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, IsNull, Not, type DataSource } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service.js';
import { Deadline } from '../deadlines/deadline.entity.js';
import { DirectoryService } from '../directory/directory.service.js';
import { availableTransitions, type Transition } from './ticket-state.js';
import type { Ticket } from './ticket.entity.js';
import type { TicketEvent } from './ticket-event.entity.js';
import type { ClockView, EventView } from './ticket-view.types.js';

export interface DepartmentSummary {
  id: string;
  code: string;
  name: string;
}

export interface TicketView {
  id: string;
  number: string;
  accessCode: string | null;
  kind: string;
  status: string;
  priority: string;
  channel: string;
  category: { code: string; name: string } | null;
  description: string;
  address: string | null;
  district: string | null;
  lat: number | null;
  lng: number | null;
  leadDepartment: DepartmentSummary | null;
  assistingDepartments: DepartmentSummary[];
  callerId: string;
  firstContactUserId: string | null;
  resolution: string | null;
  urgeCount: number;
  returnCount: number;
  mergedIntoId: string | null;
  /** The committed resolve deadline told to the caller (null for inquiries and without an SLA policy). */
  dueAt: string | null;
  originalDueAt: string | null;
  /** The running stage nearest its deadline, with time left and a traffic light. */
  clock: ClockView | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  version: number;
  /** What the caller of this API may do to the ticket now. */
  actions: Transition[];
}

export interface DeadlineView {
  id: string;
  stage: string;
  kind: string;
  level: number;
  seq: number;
  dueAt: string;
  stageDueAt: string;
  status: string;
  firedAt: string | null;
  stageEndedAt: string | null;
  cancelReason: string | null;
}

const iso = (d: Date | string | null | undefined) => (d === null || d === undefined ? null : new Date(d).toISOString());

export type { ClockView, EventView } from './ticket-view.types.js';

@Injectable()
export class TicketViewService {
  constructor(
    private readonly directory: DirectoryService,
    private readonly calendars: CalendarService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  /** Deadline rows of the stages still running, for many tickets in one query (lists). */
  async liveDeadlines(ticketIds: string[]): Promise<Map<string, Deadline[]>> {
    const out = new Map<string, Deadline[]>(ticketIds.map((id) => [id, []]));
    if (ticketIds.length === 0) return out;
    const rows = await this.ds.manager.find(Deadline, { where: { ticketId: In(ticketIds), stageEndedAt: IsNull(), status: Not('cancelled') }, order: { dueAt: 'ASC' } });
    for (const r of rows) out.get(r.ticketId)!.push(r);
    return out;
  }

  async allDeadlines(ticketId: string): Promise<Deadline[]> {
    return this.ds.manager.find(Deadline, { where: { ticketId }, order: { createdAt: 'ASC', dueAt: 'ASC' } });
  }

  deadline(d: Deadline): DeadlineView {
    return {
      id: d.id,
      stage: d.stage,
      kind: d.kind,
      level: d.level,
      seq: d.seq,
      dueAt: iso(d.dueAt)!,
      stageDueAt: iso(d.stageDueAt)!,
      status: d.status,
      firedAt: iso(d.firedAt),
      stageEndedAt: iso(d.stageEndedAt),
      cancelReason: d.cancelReason,
    };
  }

  /** The stage whose deadline comes first among the running ones, lit by where `now` stands. */
  clock(rows: Deadline[], now = new Date(), clockKind: 'business' | 'wall' = 'business'): ClockView | null {
    const live = rows.filter((d) => d.status !== 'cancelled' && !d.stageEndedAt);
    if (live.length === 0) return null;
    const first = live.reduce((a, b) => (a.stageDueAt.getTime() <= b.stageDueAt.getTime() ? a : b));
    const due = first.stageDueAt;
    const warning = live.find((d) => d.stage === first.stage && d.kind === 'warning' && d.status === 'pending');
    const light = now.getTime() >= due.getTime() ? 'red' : warning && now.getTime() < warning.dueAt.getTime() ? 'green' : 'yellow';
    const business = this.calendars.for(clockKind).businessMinutesBetween(now, due);
    return {
      stage: first.stage,
      dueAt: due.toISOString(),
      light,
      warnAt: warning && now.getTime() < warning.dueAt.getTime() ? warning.dueAt.toISOString() : null,
      remaining: { businessMinutes: Math.round(business), wallMinutes: Math.round((due.getTime() - now.getTime()) / 60_000) },
    };
  }

  private async dept(id: string | null): Promise<DepartmentSummary | null> {
    const d = await this.directory.department(id);
    return d ? { id: d.id, code: d.code, name: d.name } : null;
  }

  async ticket(t: Ticket, actor: AuthUser, live?: Deadline[]): Promise<TicketView> {
    const rows = live ?? (await this.liveDeadlines([t.id])).get(t.id)!;
    const category = await this.directory.category(t.categoryId);
    const assisting = await Promise.all(t.assistingDepartmentIds.map((id) => this.dept(id)));
    return {
      id: t.id,
      number: t.number,
      // the caller's secret for SMS look-ups: for the people who talk to callers, not departments
      accessCode: actor.role === 'agent' ? null : t.accessCode,
      kind: t.kind,
      status: t.status,
      priority: t.priority,
      channel: t.channel,
      category: category ? { code: category.code, name: category.name } : null,
      description: t.description,
      address: t.address,
      district: t.district,
      lat: t.lat,
      lng: t.lng,
      leadDepartment: await this.dept(t.leadDepartmentId),
      assistingDepartments: assisting.filter((d): d is DepartmentSummary => d !== null),
      callerId: t.callerId,
      firstContactUserId: t.firstContactUserId,
      resolution: t.resolution,
      urgeCount: t.urgeCount,
      returnCount: t.returnCount,
      mergedIntoId: t.mergedIntoId,
      dueAt: iso(t.dueAt),
      originalDueAt: iso(t.originalDueAt),
      clock: this.clock(rows, new Date(), (await this.directory.slaPolicyById(t.slaPolicyId ?? ''))?.clock ?? 'business'),
      createdAt: iso(t.createdAt)!,
      updatedAt: iso(t.updatedAt)!,
      resolvedAt: iso(t.resolvedAt),
      closedAt: iso(t.closedAt),
      version: t.version,
      actions: availableTransitions(t, actor),
    };
  }

  /** Display names of the staff who acted on a ticket, for its timeline (from the directory the auth guard reads too). */
  async actorNames(events: TicketEvent[]): Promise<Map<string, string>> {
    const ids = [...new Set(events.map((e) => e.actorId).filter((id): id is string => !!id))];
    const users = await Promise.all(ids.map((id) => this.directory.user(id)));
    return new Map(users.filter((u) => u !== undefined).map((u) => [u.id, u.displayName]));
  }

  event(e: TicketEvent, names: Map<string, string> = new Map()): EventView {
    return {
      id: String(e.id),
      type: e.type,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorId: e.actorId,
      actorRole: e.actorRole,
      actorName: e.actorId ? (names.get(e.actorId) ?? null) : null,
      reasonCode: e.reasonCode,
      note: e.note,
      payload: e.payload,
      createdAt: iso(e.createdAt)!,
    };
  }
}
