import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators.js';
import { badRequest, notFound } from '../common/domain-error.js';
import { BusinessCalendar, type DayHours, type Weekday } from './business-calendar.js';
import { CALENDAR_DAY_KINDS, type CalendarDayKind } from './calendar-day.entity.js';
import { applyOverrides, CALENDAR_REFRESH_MS, CalendarService } from './calendar.service.js';
import { CN_ARRANGEMENTS } from './holidays/index.js';
import { formatLocalDate, parseLocalDate } from './local-date.js';
import { localDayOf } from './zoned-time.js';

export class CalendarYearQuery {
  @ApiPropertyOptional({ description: 'the year shown; the current one in the deployment zone by default' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1970)
  @Max(2999)
  year?: number;
}

export class RuleDayDto {
  @ApiProperty({ enum: CALENDAR_DAY_KINDS, description: 'holiday: not worked; workday: a make-up working day (调休上班); ordinary: as its weekday says' })
  @IsIn(CALENDAR_DAY_KINDS)
  kind: CalendarDayKind;

  @ApiPropertyOptional({ maxLength: 100, example: '台风停工' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;
}

export interface CalendarDayView {
  date: string;
  /** What the day is now: not worked, or a make-up working day. */
  kind: 'holiday' | 'workday';
  /** The ruling's name, or the festival a shipped day belongs to (春节, 国庆节 …). */
  name: string | null;
  /** Where it comes from: the shipped arrangement (or CALENDAR_FILE), or an admin's ruling. */
  source: 'shipped' | 'ruling';
}

export interface CalendarYearView {
  timeZone: string;
  year: number;
  weeklyHours: Record<Weekday, DayHours>;
  makeupHours: DayHours;
  /** Days off and make-up working days of the year, in date order. */
  days: CalendarDayView[];
  /** Every ruling of the year, 'ordinary' ones included (a shipped day set aside), for undoing. */
  rulings: { date: string; kind: CalendarDayKind; name: string | null; updatedBy: string | null; updatedAt: string }[];
  /** The official document the shipped days follow, when they are the mainland China arrangement. */
  source: string | null;
  /** Set when that arrangement is not the official notice yet. */
  provisional: string | null;
  refreshSeconds: number;
}

/**
 * The working calendar as deadlines count it, and the admins' rulings on single dates: a local
 * holiday, a closure for a typhoon, a make-up day announced after the release.
 */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('api/v1/calendar')
export class CalendarController {
  constructor(
    private readonly calendars: CalendarService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  @Get()
  @ApiOperation({ summary: "a year of the working calendar: hours, days off and make-up days, and the deployment's rulings" })
  year(@Query() q: CalendarYearQuery): CalendarYearView {
    const cal = this.calendars.business;
    const { spec } = cal;
    const year = q.year ?? Number(formatLocalDate(localDayOf(spec.timeZone, Date.now())).slice(0, 4));
    const inYear = (d: string) => d.startsWith(`${year}-`);
    const ruled = new Map(this.calendars.overrides.map((o) => [o.day, o]));
    // the shipped arrangement is in use unless CALENDAR_FILE replaced the holidays
    const shipped = CN_ARRANGEMENTS.find((a) => a.year === year && a.holidays.every((d) => this.calendars.base.holidays.includes(d)));
    const view = (date: string, kind: 'holiday' | 'workday'): CalendarDayView => {
      const r = ruled.get(date);
      return { date, kind, name: r?.name ?? (r ? null : (shipped?.names[date] ?? null)), source: r ? 'ruling' : 'shipped' };
    };
    const days = [...spec.holidays.filter(inYear).map((d) => view(d, 'holiday')), ...spec.makeupWorkdays.filter(inYear).map((d) => view(d, 'workday'))];
    days.sort((a, b) => a.date.localeCompare(b.date));
    return {
      timeZone: spec.timeZone,
      year,
      weeklyHours: spec.weeklyHours,
      makeupHours: spec.makeupHours ?? spec.weeklyHours[1],
      days,
      rulings: this.calendars.overrides.filter((o) => inYear(o.day)).map(({ day, ...o }) => ({ date: day, ...o })),
      source: shipped?.source ?? null,
      provisional: shipped?.provisional ?? null,
      refreshSeconds: CALENDAR_REFRESH_MS / 1000,
    };
  }

  @Roles('admin')
  @Put('days/:date')
  @ApiOperation({ summary: 'rule on one date: holiday, make-up workday, or ordinary; deadlines computed from now on count it so' })
  async rule(@Param('date') date: string, @Body() dto: RuleDayDto, @CurrentUser() user: AuthUser): Promise<CalendarYearView> {
    checkDate(date);
    const candidate = [...this.calendars.overrides.filter((o) => o.day !== date), { day: date, kind: dto.kind }];
    try {
      new BusinessCalendar(applyOverrides(this.calendars.base, candidate));
    } catch (err) {
      throw badRequest('INVALID_CALENDAR', `${date} cannot be a ${dto.kind}: ${(err as Error).message}`, { field: 'kind' });
    }
    await this.ds.query(
      `INSERT INTO calendar_day (day, kind, name, updated_by, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [date, dto.kind, dto.name?.trim() || null, user.id],
    );
    await this.calendars.refresh();
    return this.year({ year: Number(date.slice(0, 4)) });
  }

  @Roles('admin')
  @Delete('days/:date')
  @HttpCode(204)
  @ApiOperation({ summary: 'withdraw a ruling: the date is again what the shipped arrangement says' })
  async withdraw(@Param('date') date: string): Promise<void> {
    checkDate(date);
    const [, count] = await this.ds.query(`DELETE FROM calendar_day WHERE day = $1`, [date]);
    if (!count) throw notFound('NO_RULING', `No ruling on ${date}`);
    await this.calendars.refresh();
  }
}

function checkDate(date: string): void {
  try {
    parseLocalDate(date);
  } catch (err) {
    throw badRequest('INVALID_DATE', (err as Error).message, { field: 'date' });
  }
}
