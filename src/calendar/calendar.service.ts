import { readFileSync } from 'node:fs';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { LOGGER } from '../app.tokens.js';
import { PollingLoop } from '../common/polling-loop.js';
import { APP_CONFIG, ConfigError, type AppConfig } from '../config/app-config.js';
import { BusinessCalendar, wallClockCalendar, type CalendarSpec } from './business-calendar.js';
import type { CalendarDayKind } from './calendar-day.entity.js';
import { chinaCalendarSpec, missingArrangementYears, provisionalArrangementYears } from './china-calendar.js';

/** A deployment's ruling on one date (the calendar_day table). */
export interface DayOverride {
  day: string;
  kind: CalendarDayKind;
  name: string | null;
  updatedBy: string | null;
  updatedAt: string;
}

/** How often each process looks for calendar edits made by another (the editing one applies them at once). */
export const CALENDAR_REFRESH_MS = 30_000;

/** The base spec with the deployment's rulings laid over it: a ruled day is exactly what it says. */
export function applyOverrides(base: CalendarSpec, overrides: readonly Pick<DayOverride, 'day' | 'kind'>[]): CalendarSpec {
  const ruled = new Set(overrides.map((o) => o.day));
  const pick = (kind: CalendarDayKind) => overrides.filter((o) => o.kind === kind).map((o) => o.day);
  return {
    ...base,
    holidays: [...base.holidays.filter((d) => !ruled.has(d)), ...pick('holiday')],
    makeupWorkdays: [...base.makeupWorkdays.filter((d) => !ruled.has(d)), ...pick('workday')],
  };
}

/**
 * The deployment's working calendar and the 24/7 one urgent policies use. Mainland China by
 * default; CALENDAR_FILE names a JSON file whose fields (timeZone, weeklyHours, holidays,
 * makeupWorkdays, makeupHours) replace the defaults — another country is a configuration change.
 * Admins rule on single dates over both (calendar_day: a local holiday, a closure, a make-up
 * day the official notice announced after the release); every process picks an edit up within
 * CALENDAR_REFRESH_MS. An edit applies to deadlines computed from then on.
 */
@Injectable()
export class CalendarService implements OnModuleInit, OnModuleDestroy {
  /** The shipped arrangement and CALENDAR_FILE, before the deployment's rulings. */
  readonly base: CalendarSpec;
  private current: BusinessCalendar;
  private wallClock: BusinessCalendar;
  private rulings: DayOverride[] = [];
  private loadedKey = '[]';
  private readonly loop: PollingLoop;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @InjectDataSource() private readonly ds: DataSource,
  ) {
    const custom = config.calendarFile ? readCalendarFile(config.calendarFile) : {};
    this.base = chinaCalendarSpec({ timeZone: config.timeZone, ...custom });
    this.current = new BusinessCalendar(this.base);
    this.wallClock = wallClockCalendar(this.current.spec.timeZone);
    this.loop = new PollingLoop('calendar rulings refresh (keeping the last ones)', () => this.refresh(), CALENDAR_REFRESH_MS, logger);
    if (!custom.holidays) {
      const year = new Date().getFullYear();
      const missing = missingArrangementYears(year, year + 1);
      if (missing.length) {
        logger.warn({ years: missing }, 'no State Council holiday arrangement encoded for these years: deadlines in them count ordinary weekdays; add src/calendar/holidays/cn-<year>.ts, a CALENDAR_FILE or rule on the days in the console');
      }
      for (const { year: provisional, reason } of provisionalArrangementYears(year, year + 1)) {
        logger.warn({ year: provisional, reason }, 'holiday arrangement is provisional: deadlines around its festivals may be a day or two early until the official notice is encoded');
      }
    }
  }

  get business(): BusinessCalendar {
    return this.current;
  }

  get wall(): BusinessCalendar {
    return this.wallClock;
  }

  /** The deployment's rulings, by date. */
  get overrides(): readonly DayOverride[] {
    return this.rulings;
  }

  for(clock: 'business' | 'wall'): BusinessCalendar {
    return clock === 'wall' ? this.wallClock : this.current;
  }

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.loop.start('later');
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** Re-reads the rulings; rebuilds the calendar when they changed. */
  async refresh(): Promise<void> {
    const rows: DayOverride[] = await this.ds.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name, updated_by AS "updatedBy", updated_at AS "updatedAt" FROM calendar_day ORDER BY day`,
    );
    const key = JSON.stringify(rows);
    if (key === this.loadedKey) return;
    try {
      this.current = new BusinessCalendar(applyOverrides(this.base, rows));
      this.rulings = rows.map((r) => ({ ...r, updatedAt: new Date(r.updatedAt).toISOString() }));
      this.loadedKey = key;
    } catch (err) {
      // the API refuses rulings that break the calendar; a hand edit of the table can still
      this.logger.error({ err }, 'the calendar rulings in calendar_day do not make a valid calendar; keeping the last good one');
    }
  }
}

function readCalendarFile(file: string): Partial<CalendarSpec> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<CalendarSpec>;
  } catch (err) {
    throw new ConfigError(`CALENDAR_FILE ${file}: ${(err as Error).message}`);
  }
}
