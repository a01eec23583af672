import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { badRequest, conflict, forbidden, notFound } from '../common/domain-error.js';
import { DeadlineService } from '../deadlines/deadline.service.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { appendEvents, TicketsService } from '../tickets/tickets.service.js';
import type { RequestExtensionDto } from './extension.dto.js';
import { ExtensionRequest } from './extension-request.entity.js';
import { SmsOutbox } from '../sms/sms-outbox.js';

const EXTENDABLE = ['dispatched', 'accepted', 'reopened'];

/**
 * 延期: the lead department asks before its deadline; a supervisor approves (the committed
 * deadline moves, the first promise stays on the ticket for reports, the caller is told) or
 * rejects. Each decision is one transaction with the ticket's history row.
 */
@Injectable()
export class ExtensionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly tickets: TicketsService,
    private readonly deadlines: DeadlineService,
    private readonly calendars: CalendarService,
    private readonly sms: SmsOutbox,
  ) {}

  async request(number: string, actor: AuthUser, dto: RequestExtensionDto): Promise<ExtensionRequest> {
    return this.ds.transaction(async (m) => {
      const ticket = await this.tickets.findByNumber(number, actor, m, true);
      if (actor.role !== 'agent' || actor.departmentId !== ticket.leadDepartmentId) throw forbidden('NOT_LEAD_DEPARTMENT', 'Only the lead department asks for an extension');
      if (!EXTENDABLE.includes(ticket.status)) throw conflict('TRANSITION_NOT_ALLOWED', `Cannot extend a ticket that is ${ticket.status}`);
      const now = new Date();
      if (!ticket.dueAt) throw conflict('NO_DEADLINE', 'This ticket has no committed deadline to extend');
      if (ticket.dueAt.getTime() <= now.getTime()) throw conflict('DEADLINE_PASSED', 'Extensions are asked for before the deadline, not after it');
      const requestedDueAt = dto.newDueAt ?? this.calendars.business.endOfNthWorkingDay(ticket.dueAt, dto.additionalWorkingDays!);
      if (requestedDueAt.getTime() <= ticket.dueAt.getTime()) throw badRequest('NOT_LATER', 'newDueAt: must be after the current deadline', { field: 'newDueAt' });
      const pending = await m.findOne(ExtensionRequest, { where: { ticketId: ticket.id, status: 'pending' } });
      if (pending) throw conflict('EXTENSION_PENDING', 'An extension request for this ticket is already waiting for a decision');
      const req = m.create(ExtensionRequest, { id: randomUUID(), ticketId: ticket.id, requestedById: actor.id, reason: dto.reason, currentDueAt: ticket.dueAt, requestedDueAt, status: 'pending', decidedById: null, decidedAt: null, decisionNote: null });
      await m.insert(ExtensionRequest, req);
      await appendEvents(m, ticket.id, actor, [{ type: 'extension_requested', note: dto.reason, payload: { requestId: req.id, currentDueAt: ticket.dueAt.toISOString(), requestedDueAt: requestedDueAt.toISOString() } }], now);
      return req;
    });
  }

  async decide(id: string, actor: AuthUser, approve: boolean, note?: string): Promise<ExtensionRequest> {
    return this.ds.transaction(async (m) => {
      const found = await m.findOne(ExtensionRequest, { where: { id } });
      if (!found) throw notFound('EXTENSION_NOT_FOUND', 'No such extension request');
      // the ticket's lock first, as every other writer of the ticket takes it
      const ticket = (await m.findOne(Ticket, { where: { id: found.ticketId }, lock: { mode: 'pessimistic_write' } }))!;
      const req = (await m.findOne(ExtensionRequest, { where: { id }, lock: { mode: 'pessimistic_write' } }))!;
      if (req.status !== 'pending') throw conflict('EXTENSION_DECIDED', `This request was already ${req.status}`);
      const now = new Date();
      Object.assign(req, { status: approve ? 'approved' : 'rejected', decidedById: actor.id, decidedAt: now, decisionNote: note ?? null });
      await m.save(ExtensionRequest, req);
      if (!approve) {
        await appendEvents(m, ticket.id, actor, [{ type: 'extension_rejected', note: note ?? null, payload: { requestId: req.id } }], now);
        return req;
      }
      if (!EXTENDABLE.includes(ticket.status)) throw conflict('TRANSITION_NOT_ALLOWED', `Ticket ${ticket.number} is ${ticket.status} now; the extension no longer applies`);
      if (ticket.dueAt && req.requestedDueAt.getTime() <= ticket.dueAt.getTime()) {
        throw conflict('EXTENSION_STALE', 'The deadline moved since this was asked and is already as late or later; reject it');
      }
      const moved = await this.deadlines.moveDeadline(m, ticket, req.requestedDueAt, now);
      const fromDueAt = ticket.dueAt;
      const updated = await this.tickets.updateVersioned(m, ticket, { dueAt: req.requestedDueAt, originalDueAt: ticket.originalDueAt ?? fromDueAt });
      await appendEvents(
        m,
        ticket.id,
        actor,
        [{ type: 'extension_approved', note: note ?? null, payload: { requestId: req.id, stage: moved?.stage ?? null, fromDueAt: fromDueAt?.toISOString() ?? null, toDueAt: req.requestedDueAt.toISOString() } }],
        now,
      );
      // the caller hears the new date and why
      if (updated.kind === 'complaint') await this.sms.notifyCallers(m, updated, 'extended', { due: req.requestedDueAt, reason: req.reason });
      return req;
    });
  }
}
