import { normalizeCalendarSpec, type NormalizedSpec } from './calendar-spec.js';
import { parseLocalDate, weekdayOf } from './local-date.js';
import { localDayOf, localTimeToInstant } from './zoned-time.js';

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6; // 0 = Sunday, as Date#getDay
/** Working intervals of a day in minutes from local midnight, [start, end), ascending, non-overlapping. */
export type DayHours = [number, number][];
export interface CalendarSpec {
  timeZone: string; // IANA zone
  weeklyHours: Record<Weekday, DayHours>; // e.g. Mon–Fri [[540, 720], [810, 1080]] = 9:00–12:00, 13:30–18:00
  holidays: string[]; // 'YYYY-MM-DD' local dates not worked even if their weekday is
  makeupWorkdays: string[]; // 'YYYY-MM-DD' local dates worked although their weekday is not
  makeupHours?: DayHours; // hours of a make-up day; default: the Monday hours
}

/** A working interval as epoch milliseconds, [start, end). */
type Span = readonly [number, number];

const MS_PER_MINUTE = 60_000;
// Stops a walk through a calendar that has run out of working days instead of spinning.
const MAX_IDLE_DAYS = 3_660;
const MAX_CACHED_DAYS = 4_096;

/**
 * Working-time arithmetic over a declarative calendar. Every method is a pure function
 * of the spec and its arguments; the only state is a memo of per-day intervals.
 * Work proceeds day by day (never minute by minute), so a year is ~365 steps.
 */
export class BusinessCalendar {
  readonly spec: CalendarSpec;
  private readonly rules: NormalizedSpec;
  private readonly spanCache = new Map<number, readonly Span[]>();

  constructor(spec: CalendarSpec) {
    this.rules = normalizeCalendarSpec(spec);
    this.spec = this.rules.spec;
  }

  /** `from` plus `minutes` of working time; negative walks backwards; 0 returns `from` unchanged. A result landing exactly on the end of an interval is that end instant (not the next interval's start). */
  addBusinessMinutes(from: Date, minutes: number): Date {
    const start = instant(from, 'from');
    if (typeof minutes !== 'number' || !Number.isFinite(minutes)) {
      throw new RangeError(`minutes must be a finite number, got ${String(minutes)}`);
    }
    const ms = Math.round(Math.abs(minutes) * MS_PER_MINUTE);
    if (ms === 0) return new Date(start);
    return new Date(minutes > 0 ? this.walkForward(start, ms) : this.walkBackward(start, ms));
  }

  /** Working minutes in [from, to); negative when to < from. Fractional minutes allowed (ms precision). */
  businessMinutesBetween(from: Date, to: Date): number {
    const a = instant(from, 'from');
    const b = instant(to, 'to');
    if (b >= a) return this.workedMs(a, b) / MS_PER_MINUTE;
    const worked = this.workedMs(b, a);
    // Never -0: callers comparing with Object.is or toBe(0) would be surprised.
    return worked === 0 ? 0 : -worked / MS_PER_MINUTE;
  }

  /** End instant of the n-th working day after the day of `from` (the day of `from` is not counted, n ≥ 1): the closing time of its last working interval. */
  endOfNthWorkingDay(from: Date, n: number): Date {
    const start = instant(from, 'from');
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
      throw new RangeError(`n must be an integer ≥ 1, got ${String(n)}`);
    }
    let day = localDayOf(this.spec.timeZone, start);
    for (let counted = 0, idle = 0; ; ) {
      day += 1;
      const hours = this.hoursOf(day);
      if (hours.length === 0) {
        if (++idle > MAX_IDLE_DAYS) throw this.noWorkingTime(start);
        continue;
      }
      idle = 0;
      if (++counted === n) return new Date(localTimeToInstant(this.spec.timeZone, day, hours[hours.length - 1][1]));
    }
  }

  isWorkingDay(localDate: string): boolean {
    return this.hoursOf(parseLocalDate(localDate)).length > 0;
  }

  isWorkingTime(at: Date): boolean {
    const t = instant(at, 'at');
    const day = localDayOf(this.spec.timeZone, t);
    // Neighbouring days too: a zone whose clocks fall back across midnight would put the
    // start of a day's first span on the previous local date. Cheap insurance.
    return [day - 1, day, day + 1].some((d) => this.spansOf(d).some(([s, e]) => s <= t && t < e));
  }

  /** Local hours of a day: holidays win over weekdays, make-up days over weekends. */
  private hoursOf(day: number): DayHours {
    if (this.rules.holidayDays.has(day)) return [];
    if (this.rules.makeupDays.has(day)) return this.rules.makeupHours;
    return this.spec.weeklyHours[weekdayOf(day)];
  }

  /** The day's working intervals as instants; intervals that vanish in a DST gap are dropped. */
  private spansOf(day: number): readonly Span[] {
    let spans = this.spanCache.get(day);
    if (!spans) {
      const zone = this.spec.timeZone;
      spans = this.hoursOf(day)
        .map(([s, e]): Span => [localTimeToInstant(zone, day, s), localTimeToInstant(zone, day, e)])
        .filter(([s, e]) => e > s);
      if (this.spanCache.size >= MAX_CACHED_DAYS) this.spanCache.clear();
      this.spanCache.set(day, spans);
    }
    return spans;
  }

  private walkForward(start: number, ms: number): number {
    let remaining = ms;
    // Begin a day early: with a midnight DST change the previous day may still be open.
    let day = localDayOf(this.spec.timeZone, start) - 1;
    for (let idle = 0; idle <= MAX_IDLE_DAYS; day += 1) {
      const spans = this.spansOf(day);
      idle = spans.length === 0 ? idle + 1 : 0;
      for (const [s, e] of spans) {
        if (e <= start) continue;
        const from = Math.max(s, start);
        // `<=` so a result exactly on a closing time stays there instead of jumping ahead.
        if (remaining <= e - from) return from + remaining;
        remaining -= e - from;
      }
    }
    throw this.noWorkingTime(start);
  }

  private walkBackward(start: number, ms: number): number {
    let remaining = ms;
    let day = localDayOf(this.spec.timeZone, start) + 1;
    for (let idle = 0; idle <= MAX_IDLE_DAYS; day -= 1) {
      const spans = this.spansOf(day);
      idle = spans.length === 0 ? idle + 1 : 0;
      for (let i = spans.length - 1; i >= 0; i -= 1) {
        const [s, e] = spans[i];
        if (s >= start) continue;
        const to = Math.min(e, start);
        if (remaining <= to - s) return to - remaining;
        remaining -= to - s;
      }
    }
    throw this.noWorkingTime(start);
  }

  /** Worked milliseconds in [a, b), a ≤ b. */
  private workedMs(a: number, b: number): number {
    const zone = this.spec.timeZone;
    // One day of margin each side, for the same fall-back-across-midnight reason as in isWorkingTime.
    const last = localDayOf(zone, b) + 1;
    let total = 0;
    for (let day = localDayOf(zone, a) - 1; day <= last; day += 1) {
      for (const [s, e] of this.spansOf(day)) {
        const overlap = Math.min(e, b) - Math.max(s, a);
        if (overlap > 0) total += overlap;
      }
    }
    return total;
  }

  private noWorkingTime(start: number): RangeError {
    return new RangeError(
      `No working time within ${MAX_IDLE_DAYS} days of ${new Date(start).toISOString()}: check the calendar's hours and holidays`,
    );
  }
}

/** 24/7: every minute counts (urgent matters). */
export function wallClockCalendar(timeZone = 'Asia/Shanghai'): BusinessCalendar {
  const allDay: DayHours = [[0, 1440]];
  return new BusinessCalendar({
    timeZone,
    weeklyHours: { 0: allDay, 1: allDay, 2: allDay, 3: allDay, 4: allDay, 5: allDay, 6: allDay },
    holidays: [],
    makeupWorkdays: [],
  });
}

function instant(value: Date, name: string): number {
  const t = value instanceof Date ? value.getTime() : NaN;
  if (Number.isNaN(t)) throw new RangeError(`${name} must be a valid Date, got ${String(value)}`);
  return t;
}
