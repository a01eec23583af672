import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators.js';
import { badRequest } from '../common/domain-error.js';
import { toCsv } from './csv.js';
import { GROUPINGS, ReportsService, type Figures, type Grouping } from './reports.service.js';

export class FiguresQueryDto {
  @ApiPropertyOptional({ description: 'ISO 8601 start (inclusive); default 30 days before `to`' }) @IsOptional() @IsISO8601()
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 end (exclusive); default now' }) @IsOptional() @IsISO8601()
  to?: string;

  @ApiPropertyOptional({ enum: GROUPINGS, default: 'department', description: 'one row per department, or per day/week/month (a trend)' })
  @IsOptional()
  @IsIn(GROUPINGS)
  groupBy?: Grouping;

  @ApiPropertyOptional({ description: "one department only (an agent always gets their own)" }) @IsOptional() @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

const DAY_MS = 86_400_000;
const MAX_DAYS = 800;

const COLUMNS: [keyof Figures, string][] = [
  ['registered', 'registered'], ['received', 'received'], ['responded', 'responded'], ['respondedOnTime', 'responded_on_time'],
  ['responseRate', 'response_rate'], ['accepted', 'accepted'], ['returns', 'returns'], ['resolved', 'resolved'],
  ['resolvedOnTime', 'resolved_on_time'], ['onTimeRate', 'on_time_rate'], ['ratings', 'ratings'], ['satisfied', 'satisfied'],
  ['satisfactionRate', 'satisfaction_rate'], ['extensions', 'extensions'], ['reopenings', 'reopenings'], ['repeatCalls', 'repeat_calls'],
];

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Roles('agent', 'dispatcher', 'supervisor', 'admin')
  @Get('figures')
  @ApiOperation({ summary: 'the three rates (response, on-time resolution, satisfaction) with volumes, returns, extensions, reopenings and repeat calls, per department or over time; CSV with format=csv' })
  async figures(@Query() q: FiguresQueryDto, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply) {
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY_MS);
    if (from >= to) throw badRequest('INVALID_PERIOD', 'from: must be before to');
    if (to.getTime() - from.getTime() > MAX_DAYS * DAY_MS) throw badRequest('PERIOD_TOO_LONG', `to: a report covers at most ${MAX_DAYS} days`);
    // an agent sees their own department's figures, whatever they ask for
    const departmentId = user.role === 'agent' ? (user.departmentId ?? '00000000-0000-0000-0000-000000000000') : q.departmentId;
    const groupBy = q.groupBy ?? 'department';
    const rows = await this.reports.figures(from, to, groupBy, departmentId);
    if (q.format === 'csv') {
      const first = groupBy === 'department' ? ['department_id', 'department'] : ['period_start'];
      const csv = toCsv(
        [...first, ...COLUMNS.map(([, h]) => h)],
        rows.map((r) => [...(groupBy === 'department' ? [r.key, r.departmentName ?? ''] : [r.key]), ...COLUMNS.map(([k]) => r[k] as number | null)]),
      );
      const name = `figures-${groupBy}-${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}.csv`;
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`);
      return csv;
    }
    return { from: from.toISOString(), to: to.toISOString(), groupBy, rows };
  }
}
