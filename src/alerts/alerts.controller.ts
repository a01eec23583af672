import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InjectDataSource } from '@nestjs/typeorm';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import type { DataSource } from 'typeorm';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators.js';
import { notFound } from '../common/domain-error.js';
import { parseTicketNumber } from '../tickets/ticket-number.js';
import { ALERT_KINDS, type AlertKind } from './alert.entity.js';
import { AlertStream } from './alert-stream.js';

const csv = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value);

export class ListAlertsDto {
  @ApiPropertyOptional({ enum: ['open', 'acknowledged'] }) @IsOptional() @IsIn(['open', 'acknowledged'])
  status?: 'open' | 'acknowledged';

  @ApiPropertyOptional({ description: 'comma list of kinds' }) @IsOptional() @Transform(csv) @IsIn(ALERT_KINDS, { each: true })
  kind?: AlertKind[];

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 40)
  ticketNumber?: string;

  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000)
  page?: number;

  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  pageSize?: number;
}

/** Operators and dispatchers see everything, like supervisors; agents see their department's. */
function scope(user: AuthUser): { sql: string; params: unknown[] } {
  if (user.role === 'agent') return { sql: 'a.department_id = $1', params: [user.departmentId] };
  return { sql: 'TRUE', params: [] };
}

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly stream: AlertStream,
  ) {}

  /**
   * Server-sent events: each new alert the caller may see, as `event: alert` with the alert as
   * JSON, the moment its transaction commits. A comment every 15 s keeps proxies from closing
   * the connection; after a reconnect, reload the inbox (GET /alerts) for what was missed.
   */
  @Get('stream')
  @ApiOperation({ summary: 'new alerts as server-sent events (text/event-stream), scoped like the inbox' })
  @ApiProduces('text/event-stream')
  live(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): void {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 3000\n: connected\n\n');
    const unsubscribe = this.stream.subscribe(user, (alert) => res.write(`id: ${alert.id}\nevent: alert\ndata: ${JSON.stringify(alert)}\n\n`));
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.raw.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  }

  @Get()
  async list(@Query() q: ListAlertsDto, @CurrentUser() user: AuthUser) {
    const { sql, params } = scope(user);
    const where = [sql];
    const values = [...params];
    const add = (clause: (n: number) => string, value: unknown) => {
      values.push(value);
      where.push(clause(values.length));
    };
    if (q.status) add((n) => `a.status = $${n}`, q.status);
    if (q.kind?.length) add((n) => `a.kind = ANY($${n})`, q.kind);
    if (q.ticketNumber) add((n) => `t.number = $${n}`, parseTicketNumber(q.ticketNumber) ?? q.ticketNumber);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const rows = await this.ds.query(
      `SELECT a.id, a.kind, a.stage, a.level, a.message, a.status, a.created_at AS "createdAt", a.acknowledged_at AS "acknowledgedAt",
              a.acknowledged_by_id AS "acknowledgedById", a.department_id AS "departmentId", t.number AS "ticketNumber",
              dl.stage_due_at AS "stageDueAt", count(*) OVER () AS total
       FROM alert a JOIN ticket t ON t.id = a.ticket_id LEFT JOIN deadline dl ON dl.id = a.deadline_id
       WHERE ${where.join(' AND ')} ORDER BY a.created_at DESC, a.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      values,
    );
    const total = rows.length
      ? Number(rows[0].total)
      : Number((await this.ds.query(`SELECT count(*) AS n FROM alert a JOIN ticket t ON t.id = a.ticket_id WHERE ${where.join(' AND ')}`, values))[0].n);
    // where alerts went (colleagues' addresses, the webhook URL) is for the back office's eyes
    const deliveries = user.role === 'supervisor' || user.role === 'admin' ? await this.deliveries(rows.map((r: { id: string }) => r.id)) : new Map<string, unknown[]>();
    return { items: rows.map(({ total: _, ...r }: Record<string, unknown>) => ({ ...r, deliveries: deliveries.get(r.id as string) ?? [] })), total, page, pageSize };
  }

  /** Where each alert went outside the app, and how that went. */
  private async deliveries(alertIds: string[]): Promise<Map<string, unknown[]>> {
    const out = new Map<string, unknown[]>();
    if (alertIds.length === 0) return out;
    const rows: { alertId: string }[] = await this.ds.query(
      `SELECT alert_id AS "alertId", channel, target, status, attempts, last_error AS "lastError", next_attempt_at AS "nextAttemptAt", sent_at AS "sentAt"
       FROM alert_delivery WHERE alert_id = ANY($1) ORDER BY created_at`,
      [alertIds],
    );
    for (const { alertId, ...d } of rows) out.set(alertId, [...(out.get(alertId) ?? []), d]);
    return out;
  }

  /**
   * Acknowledging stops the reminders of that level for this instance of the ticket's stage. The
   * recipient department acknowledges its own alerts; supervisors and admins any.
   */
  @Roles('agent', 'supervisor', 'admin')
  @Post(':id/acknowledge')
  @HttpCode(200)
  async acknowledge(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser) {
    return this.ds.transaction(async (m) => {
      const { sql, params } = scope(user);
      const [found] = await m.query(`SELECT a.ticket_id FROM alert a WHERE a.id = $${params.length + 1} AND ${sql}`, [...params, id]);
      if (!found) throw notFound('ALERT_NOT_FOUND', 'No such alert in your inbox');
      await m.query(`SELECT id FROM ticket WHERE id = $1 FOR UPDATE`, [found.ticket_id]);
      const [alert] = await m.query(`SELECT a.*, d.stage_due_at FROM alert a LEFT JOIN deadline d ON d.id = a.deadline_id WHERE a.id = $1 FOR UPDATE OF a`, [id]);
      if (alert.status === 'open') {
        await m.query(`UPDATE alert SET status = 'acknowledged', acknowledged_at = now(), acknowledged_by_id = $2 WHERE id = $1`, [id, user.id]);
        await m.query(
          `UPDATE deadline SET status = 'cancelled', cancel_reason = 'acknowledged', version = version + 1
           WHERE ticket_id = $1 AND stage = $2 AND level = $3 AND kind = 'reminder' AND status = 'pending' AND stage_due_at = $4`,
          [alert.ticket_id, alert.stage, alert.level, alert.stage_due_at],
        );
      }
      const [row] = await m.query(`SELECT id, status, acknowledged_at AS "acknowledgedAt", acknowledged_by_id AS "acknowledgedById" FROM alert WHERE id = $1`, [id]);
      return row;
    });
  }
}
