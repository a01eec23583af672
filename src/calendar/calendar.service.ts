import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../app.tokens.js';
import { APP_CONFIG, ConfigError, type AppConfig } from '../config/app-config.js';
import { BusinessCalendar, wallClockCalendar, type CalendarSpec } from './business-calendar.js';
import { chinaCalendarSpec, missingArrangementYears } from './china-calendar.js';

/**
 * The deployment's working calendar and the 24/7 one urgent policies use. Mainland China by
 * default; CALENDAR_FILE names a JSON file whose fields (timeZone, weeklyHours, holidays,
 * makeupWorkdays, makeupHours) replace the defaults — another country is a configuration change.
 */
@Injectable()
export class CalendarService {
  readonly business: BusinessCalendar;
  readonly wall: BusinessCalendar;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(LOGGER) logger: Logger) {
    const custom = config.calendarFile ? readCalendarFile(config.calendarFile) : {};
    this.business = new BusinessCalendar(chinaCalendarSpec({ timeZone: config.timeZone, ...custom }));
    this.wall = wallClockCalendar(this.business.spec.timeZone);
    if (!custom.holidays) {
      const year = new Date().getFullYear();
      const missing = missingArrangementYears(year, year + 1);
      if (missing.length) {
        logger.warn({ years: missing }, 'no State Council holiday arrangement encoded for these years: deadlines in them count ordinary weekdays; add src/calendar/holidays/cn-<year>.ts or a CALENDAR_FILE');
      }
    }
  }

  for(clock: 'business' | 'wall'): BusinessCalendar {
    return clock === 'wall' ? this.wall : this.business;
  }
}

function readCalendarFile(file: string): Partial<CalendarSpec> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<CalendarSpec>;
  } catch (err) {
    throw new ConfigError(`CALENDAR_FILE ${file}: ${(err as Error).message}`);
  }
}
