import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth.decorators.js';
import { DirectoryService } from '../directory/directory.service.js';
import { availableTransitions, type Transition } from './ticket-state.js';
import type { Ticket } from './ticket.entity.js';
import type { TicketEvent } from './ticket-event.entity.js';

export interface DepartmentSummary {
  id: string;
  code: string;
  name: string;
}

export interface TicketView {
  id: string;
  number: string;
  accessCode: string;
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
  /** The committed resolve deadline; set once deadlines are scheduled for the ticket. */
  dueAt: string | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  version: number;
  /** What the caller of this API may do to the ticket now. */
  actions: Transition[];
}

export interface EventView {
  id: string;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  actorId: string | null;
  actorRole: string | null;
  reasonCode: string | null;
  note: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

@Injectable()
export class TicketViewService {
  constructor(private readonly directory: DirectoryService) {}

  private async dept(id: string | null): Promise<DepartmentSummary | null> {
    const d = await this.directory.department(id);
    return d ? { id: d.id, code: d.code, name: d.name } : null;
  }

  async ticket(t: Ticket, actor: AuthUser): Promise<TicketView> {
    const category = await this.directory.category(t.categoryId);
    const assisting = await Promise.all(t.assistingDepartmentIds.map((id) => this.dept(id)));
    return {
      id: t.id,
      number: t.number,
      accessCode: t.accessCode,
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
      dueAt: null,
      createdAt: iso(t.createdAt)!,
      updatedAt: iso(t.updatedAt)!,
      resolvedAt: iso(t.resolvedAt),
      closedAt: iso(t.closedAt),
      version: t.version,
      actions: availableTransitions(t, actor),
    };
  }

  event(e: TicketEvent): EventView {
    return {
      id: String(e.id),
      type: e.type,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorId: e.actorId,
      actorRole: e.actorRole,
      reasonCode: e.reasonCode,
      note: e.note,
      payload: e.payload,
      createdAt: iso(e.createdAt)!,
    };
  }
}
