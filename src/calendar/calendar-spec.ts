import type { CalendarSpec, DayHours, Weekday } from './business-calendar.js';
import { parseLocalDate } from './local-date.js';
import { assertTimeZone } from './zoned-time.js';

/** A validated, deep-frozen copy of a spec plus the lookups the calendar needs. */
export interface NormalizedSpec {
  spec: CalendarSpec;
  holidayDays: ReadonlySet<number>;
  makeupDays: ReadonlySet<number>;
  makeupHours: DayHours;
}

const WEEKDAYS: Weekday[] = [0, 1, 2, 3, 4, 5, 6];
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Validates and copies, so later edits to the caller's object cannot change a live calendar. */
export function normalizeCalendarSpec(input: CalendarSpec): NormalizedSpec {
  if (input === null || typeof input !== 'object') throw new RangeError('Calendar spec must be an object');
  assertTimeZone(input.timeZone);
  const weeklyHours = normalizeWeeklyHours(input.weeklyHours);
  if (WEEKDAYS.every((d) => weeklyHours[d].length === 0)) {
    throw new RangeError('weeklyHours: at least one weekday must have working hours, or no deadline could ever fall due');
  }
  const holidays = normalizeDates(input.holidays, 'holidays');
  const makeupWorkdays = normalizeDates(input.makeupWorkdays, 'makeupWorkdays');
  const holidayDays = new Set(holidays.map(parseLocalDate));
  const makeupDays = new Set(makeupWorkdays.map(parseLocalDate));
  const clash = makeupWorkdays.find((d) => holidayDays.has(parseLocalDate(d)));
  if (clash) throw new RangeError(`${clash} is listed both as a holiday and as a make-up working day`);

  let makeupHours: DayHours;
  if (input.makeupHours !== undefined) {
    makeupHours = normalizeDayHours(input.makeupHours, 'makeupHours');
    if (makeupHours.length === 0) throw new RangeError('makeupHours: a make-up working day needs at least one interval');
  } else {
    makeupHours = weeklyHours[1];
    if (makeupDays.size > 0 && makeupHours.length === 0) {
      throw new RangeError('makeupHours is required: make-up days default to the Monday hours, and Monday has none');
    }
  }
  const spec: CalendarSpec = deepFreeze({
    timeZone: input.timeZone,
    weeklyHours,
    holidays,
    makeupWorkdays,
    ...(input.makeupHours !== undefined ? { makeupHours } : {}),
  });
  return { spec, holidayDays, makeupDays, makeupHours };
}

function normalizeWeeklyHours(input: unknown): Record<Weekday, DayHours> {
  if (input === null || typeof input !== 'object') {
    throw new RangeError('weeklyHours must map every weekday 0 (Sunday) … 6 (Saturday) to its intervals');
  }
  const source = input as Record<string, unknown>;
  const out = {} as Record<Weekday, DayHours>;
  for (const d of WEEKDAYS) {
    if (!(d in source)) throw new RangeError(`weeklyHours[${d}] (${WEEKDAY_NAMES[d]}) is missing; use [] for a day off`);
    out[d] = normalizeDayHours(source[d], `weeklyHours[${d}] (${WEEKDAY_NAMES[d]})`);
  }
  return out;
}

export function normalizeDayHours(input: unknown, label: string): DayHours {
  if (!Array.isArray(input)) throw new RangeError(`${label} must be an array of [startMinute, endMinute] pairs`);
  let previousEnd = 0;
  return input.map((pair: unknown, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new RangeError(`${label}[${i}] must be a [startMinute, endMinute] pair`);
    }
    const [start, end] = pair as unknown[];
    if (!isMinute(start) || !isMinute(end)) {
      throw new RangeError(`${label}[${i}] = ${JSON.stringify(pair)}: minutes must be integers from 0 to 1440`);
    }
    if (start >= end) throw new RangeError(`${label}[${i}] = ${JSON.stringify(pair)}: start must be before end`);
    if (i > 0 && start < previousEnd) {
      throw new RangeError(`${label}[${i}] = ${JSON.stringify(pair)}: intervals must be ascending and must not overlap`);
    }
    previousEnd = end;
    return [start, end] as [number, number];
  });
}

function isMinute(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 1440;
}

function normalizeDates(input: unknown, label: string): string[] {
  if (!Array.isArray(input)) throw new RangeError(`${label} must be an array of 'YYYY-MM-DD' strings`);
  for (const [i, d] of input.entries()) {
    try {
      parseLocalDate(d as string);
    } catch (e) {
      throw new RangeError(`${label}[${i}]: ${(e as Error).message}`);
    }
  }
  return [...new Set(input as string[])].sort();
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
