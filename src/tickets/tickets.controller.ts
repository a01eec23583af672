import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DirectoryService } from '../directory/directory.service.js';
import { Call } from '../calls/call.entity.js';
import { ListTicketsDto } from './list-tickets.dto.js';
import { Ticket } from './ticket.entity.js';
import { parseTicketNumber } from './ticket-number.js';
import { TicketViewService, type DeadlineView, type EventView, type TicketView } from './ticket-view.service.js';
import { TicketsService } from './tickets.service.js';
import { appendEvents } from './tickets.service.js';
import { DispatchDto, MergeDto, NoteDto, ProgressNoteDto, ReasonDto, ResolveDto, ReturnDto } from './transition.dto.js';

export interface TicketDetail extends TicketView {
  events: EventView[];
  deadlines: DeadlineView[];
  calls: { id: string; kind: string; createdAt: string; operatorId: string | null }[];
  /** Every SMS in and out about this ticket, with its delivery state. */
  sms: Record<string, unknown>[];
  /** The caller's ratings, one per resolution. */
  ratings: Record<string, unknown>[];
  /** E-mails to a caller who left an address but no phone, with their state. */
  emails: Record<string, unknown>[];
  /** What an Open311 client sent with the request (null for other channels). */
  open311: Record<string, unknown> | null;
}

/**
 * The registration SMS carries the caller's access code, which departments are not to know (the
 * ticket's `accessCode` is withheld from them too); only the code standing alone is masked.
 */
export function maskAccessCode(body: string | null, code: string | null): string | null {
  if (!body || !code) return body;
  return body.replace(new RegExp(`(?<![0-9A-Za-z])${code.replace(/[^0-9A-Za-z]/g, '')}(?![0-9A-Za-z])`, 'g'), '•'.repeat(code.length));
}

@ApiTags('tickets')
@ApiBearerAuth()
@Controller('api/v1')
export class TicketsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly views: TicketViewService,
    private readonly directory: DirectoryService,
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('return-reasons')
  @ApiOperation({ summary: 'codes an agent may give when returning (退单) a ticket' })
  returnReasons(): { codes: string[] } {
    return { codes: this.config.returnReasons };
  }

  @Get('tickets')
  async list(@Query() q: ListTicketsDto, @CurrentUser() user: AuthUser): Promise<{ items: TicketView[]; total: number; page: number; pageSize: number }> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const qb = this.ds.manager.createQueryBuilder(Ticket, 't');
    if (user.role === 'agent') {
      qb.andWhere('(t.lead_department_id = :own OR t.assisting_department_ids @> ARRAY[:own]::uuid[])', { own: user.departmentId ?? '00000000-0000-0000-0000-000000000000' });
    }
    if (q.status?.length) qb.andWhere('t.status IN (:...status)', { status: q.status });
    if (q.departmentId) qb.andWhere('(t.lead_department_id = :dept OR t.assisting_department_ids @> ARRAY[:dept]::uuid[])', { dept: q.departmentId });
    if (q.categoryCode) {
      const category = await this.directory.categoryByCode(q.categoryCode);
      qb.andWhere('t.category_id IN (:...cats)', { cats: await this.directory.categorySubtree(category.id) });
    }
    if (q.channel) qb.andWhere('t.channel = :channel', { channel: q.channel });
    if (q.createdFrom) qb.andWhere('t.created_at >= :from', { from: q.createdFrom });
    if (q.createdTo) qb.andWhere('t.created_at < :to', { to: q.createdTo });
    if (q.overdue !== undefined) {
      qb.andWhere(`${q.overdue ? '' : 'NOT '}EXISTS (SELECT 1 FROM deadline d WHERE d.ticket_id = t.id AND d.stage_ended_at IS NULL AND d.status <> 'cancelled' AND d.stage_due_at <= now())`);
    }
    if (q.atRisk !== undefined) {
      qb.andWhere(
        `${q.atRisk ? '' : 'NOT '}EXISTS (SELECT 1 FROM deadline d WHERE d.ticket_id = t.id AND d.status = 'pending' AND d.kind = 'breach' AND d.due_at > now()
           AND NOT EXISTS (SELECT 1 FROM deadline w WHERE w.ticket_id = t.id AND w.stage = d.stage AND w.kind = 'warning' AND w.status = 'pending' AND w.due_at > now()))`,
      );
    }
    if (q.minReturns !== undefined) qb.andWhere('t.return_count >= :minReturns', { minReturns: q.minReturns });
    if (q.q) {
      const number = parseTicketNumber(q.q);
      if (number) qb.andWhere('t.number = :number', { number });
      else qb.andWhere("(t.description ILIKE :text ESCAPE '\\' OR t.address ILIKE :text ESCAPE '\\')", { text: `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    }
    if (q.sort === 'due') {
      // the same running-stage deadline the traffic light reads; tickets with no clock come last
      qb.orderBy(`(SELECT min(d.stage_due_at) FROM deadline d WHERE d.ticket_id = t.id AND d.stage_ended_at IS NULL AND d.status <> 'cancelled')`, 'ASC', 'NULLS LAST');
      qb.addOrderBy('t.created_at', 'ASC');
    } else qb.orderBy('t.created_at', 'DESC');
    const [rows, total] = await qb
      .addOrderBy('t.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const live = await this.views.liveDeadlines(rows.map((t) => t.id));
    return { items: await Promise.all(rows.map((t) => this.views.ticket(t, user, live.get(t.id)))), total, page, pageSize };
  }

  @Get('tickets/:number')
  async get(@Param('number') number: string, @CurrentUser() user: AuthUser): Promise<TicketDetail> {
    const ticket = await this.tickets.findByNumber(number, user);
    return this.detail(ticket, user);
  }

  private async detail(ticket: Ticket, user: AuthUser): Promise<TicketDetail> {
    const [events, calls, deadlines, sms, ratings, open311, emails] = await Promise.all([
      this.tickets.events(ticket.id),
      this.ds.manager.find(Call, { where: { ticketId: ticket.id }, order: { createdAt: 'ASC' } }),
      this.views.allDeadlines(ticket.id),
      this.ds.query(
        `SELECT id, direction, purpose, template, locale, body, status, segments, attempts, error_code AS "errorCode", last_error AS "lastError",
                ${user.role === 'agent' ? 'NULL' : 'CASE direction WHEN \'out\' THEN to_phone ELSE from_phone END'} AS phone,
                created_at AS "createdAt", sent_at AS "sentAt", status_at AS "statusAt"
         FROM sms_message WHERE ticket_id = $1 ORDER BY created_at, id`,
        [ticket.id],
      ),
      this.ds.query(
        `SELECT score, satisfied, source, comment, department_id AS "departmentId", resolved_at AS "resolvedAt", created_at AS "createdAt"
         FROM ticket_rating WHERE ticket_id = $1 ORDER BY created_at`,
        [ticket.id],
      ),
      ticket.channel === 'open311'
        ? this.ds.query(
            `SELECT o.token, k.name AS "apiKeyName", o.address_id AS "addressId", o.media_url AS "mediaUrl", o.device_id AS "deviceId",
                    o.account_id AS "accountId", o.attributes, ${user.role === 'agent' ? 'NULL' : 'c.email'} AS email
             FROM open311_request o JOIN open311_api_key k ON k.id = o.api_key_id JOIN ticket t ON t.id = o.ticket_id JOIN caller c ON c.id = t.caller_id
             WHERE o.ticket_id = $1`,
            [ticket.id],
          )
        : [],
      this.ds.query(
        `SELECT id, template, subject, status, attempts, last_error AS "lastError", ${user.role === 'agent' ? 'NULL' : 'to_email'} AS "to",
                created_at AS "createdAt", sent_at AS "sentAt"
         FROM caller_email WHERE ticket_id = $1 ORDER BY created_at, id`,
        [ticket.id],
      ),
    ]);
    const names = await this.views.actorNames(events);
    return {
      ...(await this.views.ticket(ticket, user, deadlines)),
      events: events.map((e) => this.views.event(e, names)),
      deadlines: deadlines.map((d) => this.views.deadline(d)),
      calls: calls.map((c) => ({ id: c.id, kind: c.kind, createdAt: c.createdAt.toISOString(), operatorId: c.operatorId })),
      sms: user.role === 'agent' ? sms.map((m: { body: string | null }) => ({ ...m, body: maskAccessCode(m.body, ticket.accessCode) })) : sms,
      ratings,
      emails,
      open311: open311[0] ?? null,
    };
  }

  @Post('tickets/:number/notes')
  @HttpCode(201)
  @ApiOperation({ summary: 'a progress note; a public one is what the caller reads when texting for status' })
  async note(@Param('number') n: string, @Body() dto: ProgressNoteDto, @CurrentUser() u: AuthUser): Promise<TicketDetail> {
    const ticket = await this.tickets.findByNumber(n, u);
    await appendEvents(this.ds.manager, ticket.id, u, [{ type: 'progress_note', note: dto.note, payload: { public: dto.public ?? false } }]);
    return this.detail(ticket, u);
  }

  private async act(number: string, transition: Parameters<TicketsService['transition']>[1], user: AuthUser, body: object): Promise<TicketDetail> {
    const ticket = await this.tickets.transition(number, transition, user, body);
    return this.detail(ticket, user);
  }

  @Post('tickets/:number/dispatch')
  @HttpCode(200)
  @ApiOperation({ summary: 'send to a lead department (and assisting ones); without a department, the top routing suggestion' })
  dispatch(@Param('number') n: string, @Body() dto: DispatchDto, @CurrentUser() u: AuthUser) {
    return this.act(n, 'dispatch', u, dto);
  }

  @Post('tickets/:number/accept')
  @HttpCode(200)
  @ApiOperation({ summary: '签收: the lead department takes the ticket' })
  accept(@Param('number') n: string, @Body() dto: NoteDto, @CurrentUser() u: AuthUser) {
    return this.act(n, 'accept', u, dto);
  }

  @Post('tickets/:number/return')
  @HttpCode(200)
  @ApiOperation({ summary: '退单: back to the dispatch queue with a coded reason; the caller’s clock keeps running' })
  return(@Param('number') n: string, @Body() dto: ReturnDto, @CurrentUser() u: AuthUser) {
    return this.act(n, 'return', u, dto);
  }

  @Post('tickets/:number/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: '办结: report the result' })
  resolve(@Param('number') n: string, @Body() dto: ResolveDto, @CurrentUser() u: AuthUser) {
    return this.act(n, 'resolve', u, dto);
  }

  @Post('tickets/:number/close')
  @HttpCode(200)
  close(@Param('number') n: string, @Body() dto: NoteDto, @CurrentUser() u: AuthUser) {
    return this.act(n, 'close', u, dto);
  }

  @Post('tickets/:number/reopen')
  @HttpCode(200)
  reopen(@Param('number') n: string, @Body() dto: ReasonDto, @CurrentUser() u: AuthUser) {
    return this.act(n, 'reopen', u, dto);
  }

  @Post('tickets/:number/suspend')
  @HttpCode(200)
  suspend(@Param('number') n: string, @Body() dto: ReasonDto, @CurrentUser() u: AuthUser) {
    return this.act(n, 'suspend', u, dto);
  }

  @Post('tickets/:number/resume')
  @HttpCode(200)
  resume(@Param('number') n: string, @Body() dto: NoteDto, @CurrentUser() u: AuthUser) {
    return this.act(n, 'resume', u, dto);
  }

  @Post('tickets/:number/merge')
  @HttpCode(200)
  @ApiOperation({ summary: 'merge a duplicate into the surviving ticket; its caller is attached to the survivor' })
  merge(@Param('number') n: string, @Body() dto: MergeDto, @CurrentUser() u: AuthUser) {
    return this.act(n, 'merge', u, dto);
  }
}
