import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { BusinessCalendar, wallClockCalendar } from './business-calendar.js';
import { chinaCalendarSpec } from './china-calendar.js';

/** The deployment's working calendar and the 24/7 one urgent policies use. */
@Injectable()
export class CalendarService {
  readonly business: BusinessCalendar;
  readonly wall: BusinessCalendar;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.business = new BusinessCalendar(chinaCalendarSpec({ timeZone: config.timeZone }));
    this.wall = wallClockCalendar(config.timeZone);
  }

  for(clock: 'business' | 'wall'): BusinessCalendar {
    return clock === 'wall' ? this.wall : this.business;
  }
}
