import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators.js';
import { notFound } from '../common/domain-error.js';
import { Call } from '../calls/call.entity.js';
import { CallsService } from '../calls/calls.service.js';
import { OPEN_STATUSES } from '../tickets/ticket-state.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { TicketViewService, type TicketView } from '../tickets/ticket-view.service.js';
import { Caller } from './caller.entity.js';

const HISTORY_LIMIT = 50;

@ApiTags('calls')
@ApiBearerAuth()
@Controller('api/v1/callers')
export class CallersController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly calls: CallsService,
    private readonly views: TicketViewService,
  ) {}

  @Roles('operator', 'dispatcher', 'supervisor', 'admin')
  @Get(':phone')
  @ApiOperation({ summary: "a caller's recent calls and open tickets, so a repeat call is linked instead of duplicated; the phone in E.164 (URL-encoded) or as typed" })
  async get(@Param('phone') raw: string, @CurrentUser() user: AuthUser) {
    const phone = this.calls.normalize(raw, 'phone');
    const caller = await this.ds.manager.findOneBy(Caller, { phone });
    if (!caller) throw notFound('CALLER_NOT_FOUND', 'No calls from this number yet', { phone });
    const [calls, open, optOut] = await Promise.all([
      this.ds.manager.find(Call, { where: { callerId: caller.id }, order: { createdAt: 'DESC' }, take: HISTORY_LIMIT }),
      this.ds.manager
        .createQueryBuilder(Ticket, 't')
        .where('(t.caller_id = :id OR t.linked_caller_ids @> ARRAY[:id]::uuid[])', { id: caller.id })
        .andWhere({ status: In([...OPEN_STATUSES, 'resolved']) })
        .orderBy('t.created_at', 'DESC')
        .getMany(),
      this.ds.query(`SELECT created_at FROM sms_opt_out WHERE phone = $1`, [phone]) as Promise<{ created_at: Date }[]>,
    ]);
    const numbers = new Map<string, string>();
    const ticketIds = [...new Set(calls.map((c) => c.ticketId).filter((id): id is string => !!id))];
    if (ticketIds.length) {
      for (const t of await this.ds.manager.find(Ticket, { where: { id: In(ticketIds) }, select: { id: true, number: true } })) numbers.set(t.id, t.number);
    }
    const openTickets: TicketView[] = await Promise.all(open.map((t) => this.views.ticket(t, user)));
    return {
      // the operator tells a caller who texted STOP that they will not get SMS about this call
      caller: {
        id: caller.id,
        phone: caller.phone,
        name: caller.name,
        locale: caller.locale,
        smsOptedOutAt: optOut[0] ? new Date(optOut[0].created_at).toISOString() : null,
        createdAt: caller.createdAt.toISOString(),
      },
      calls: calls.map((c) => ({
        id: c.id,
        kind: c.kind,
        ticketNumber: c.ticketId ? (numbers.get(c.ticketId) ?? null) : null,
        description: c.description,
        answer: c.answer,
        createdAt: c.createdAt.toISOString(),
      })),
      openTickets,
    };
  }
}
