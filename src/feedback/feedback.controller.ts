import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { badRequest, conflict, notFound } from '../common/domain-error.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { CompleteCallbackTaskDto, ListCallbackTasksDto, PeriodDto } from './feedback.dto.js';
import { RatingService } from './rating.service.js';

@ApiTags('feedback')
@ApiBearerAuth()
@Controller('api/v1')
export class FeedbackController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ratings: RatingService,
  ) {}

  @Roles('operator', 'supervisor', 'admin')
  @Get('callback-tasks')
  @ApiOperation({ summary: 'callers to phone: no rating came back, or our SMS cannot reach them (oldest first)' })
  tasks(@Query() q: ListCallbackTasksDto) {
    return this.ds.query(
      `SELECT k.id, k.reason, k.status, k.note, k.created_at AS "createdAt", k.done_at AS "doneAt", k.done_by_id AS "doneById",
              t.number AS "ticketNumber", t.status AS "ticketStatus", t.resolution, c.phone AS "callerPhone", c.name AS "callerName"
       FROM callback_task k JOIN ticket t ON t.id = k.ticket_id JOIN caller c ON c.id = t.caller_id
       WHERE k.status = $1 ORDER BY k.created_at LIMIT 500`,
      [q.status ?? 'open'],
    );
  }

  @Roles('operator', 'supervisor', 'admin')
  @Post('callback-tasks/:id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: "done: with the caller's rating when they gave one (it closes or reopens the ticket as an SMS rating would)" })
  async complete(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: CompleteCallbackTaskDto, @CurrentUser() user: AuthUser) {
    if (dto.score !== undefined && !this.config.sms.ratingOptions.some((o) => o.score === dto.score)) {
      throw badRequest('UNKNOWN_SCORE', `score: must be one of ${this.config.sms.ratingOptions.map((o) => o.score).join(', ')}`, { field: 'score' });
    }
    return this.ds.transaction(async (m) => {
      const [found] = await m.query(`SELECT ticket_id FROM callback_task WHERE id = $1`, [id]);
      if (!found) throw notFound('CALLBACK_TASK_NOT_FOUND', 'No such callback task');
      // the ticket's lock first, as every writer of the ticket takes it
      const ticket = (await m.findOne(Ticket, { where: { id: found.ticket_id }, lock: { mode: 'pessimistic_write' } }))!;
      const [task] = await m.query(`SELECT id, status FROM callback_task WHERE id = $1 FOR UPDATE`, [id]);
      if (task.status === 'done') throw conflict('CALLBACK_TASK_DONE', 'This callback task is already done');
      let outcome: string = 'no_rating';
      if (dto.score !== undefined || dto.unsolved) {
        outcome = (await this.ratings.rate(m, ticket, { score: dto.score, unsolved: dto.unsolved, source: 'callback', comment: dto.note ?? null, actor: user })).kind;
      }
      await m.query(`UPDATE callback_task SET status = 'done', done_at = now(), done_by_id = $2, note = $3 WHERE id = $1`, [id, user.id, dto.note ?? null]);
      return { id, status: 'done', outcome };
    });
  }

  @Roles('dispatcher', 'supervisor', 'admin')
  @Get('reports/satisfaction')
  @ApiOperation({ summary: 'satisfaction per department (好差评): ratings by score and the satisfied share, for a period' })
  async satisfaction(@Query() q: PeriodDto) {
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * 86_400_000);
    const rows: { departmentId: string | null; department: string | null; ratings: number; satisfied: number; byScore: Record<string, number> }[] = await this.ds.query(
      `WITH s AS (SELECT department_id, score, count(*)::int AS n, count(*) FILTER (WHERE satisfied)::int AS sat
                  FROM ticket_rating WHERE created_at >= $1 AND created_at < $2 GROUP BY department_id, score)
       SELECT s.department_id AS "departmentId", d.name AS department, sum(s.n)::int AS ratings, sum(s.sat)::int AS satisfied,
              jsonb_object_agg(s.score::text, s.n) AS "byScore"
       FROM s LEFT JOIN department d ON d.id = s.department_id
       GROUP BY s.department_id, d.name ORDER BY d.name NULLS LAST`,
      [from, to],
    );
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      scale: this.config.sms.ratingOptions,
      departments: rows.map((r) => ({ ...r, satisfactionRate: r.ratings ? Math.round((r.satisfied / r.ratings) * 1000) / 1000 : null })),
    };
  }
}
