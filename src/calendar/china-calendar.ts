import type { CalendarSpec, DayHours } from './business-calendar.js';
import { CN_ARRANGEMENTS } from './holidays/index.js';

/**
 * Mainland China as plain data for BusinessCalendar. The working calendar follows the State
 * Council's yearly arrangement (放假调休安排), not just the statutory days: the arrangement
 * turns whole weeks into holidays and some weekend days into working days.
 *
 * A year without an encoded arrangement is treated as ordinary weekdays (Mon–Fri worked,
 * no holidays): deadlines in it will be too early around festivals. A provisional one has the
 * statutory days but not the notice's bridging days and make-up workdays. Call
 * `missingArrangementYears` and `provisionalArrangementYears` at start-up and warn.
 */

const OFFICE_HOURS: DayHours = [
  [9 * 60, 12 * 60],
  [13 * 60 + 30, 18 * 60],
];

/** Years for which an arrangement is encoded. */
export const CHINA_HOLIDAY_YEARS: number[] = CN_ARRANGEMENTS.map((a) => a.year).sort((a, b) => a - b);

/**
 * Mon–Fri 9:00–12:00 and 13:30–18:00, Asia/Shanghai, with the encoded arrangements.
 * Each override replaces its field wholesale (undefined ones are ignored); to add a local
 * holiday keep the national list: `{ holidays: [...chinaCalendarSpec().holidays, '2026-07-01'] }`.
 */
export function chinaCalendarSpec(overrides: Partial<CalendarSpec> = {}): CalendarSpec {
  const base: CalendarSpec = {
    timeZone: 'Asia/Shanghai',
    weeklyHours: { 0: [], 1: copy(OFFICE_HOURS), 2: copy(OFFICE_HOURS), 3: copy(OFFICE_HOURS), 4: copy(OFFICE_HOURS), 5: copy(OFFICE_HOURS), 6: [] },
    holidays: CN_ARRANGEMENTS.flatMap((a) => a.holidays),
    makeupWorkdays: CN_ARRANGEMENTS.flatMap((a) => a.makeupWorkdays),
  };
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...base, ...defined };
}

/** Years whose arrangement is provisional (the official notice not encoded yet), with why, for a start-up warning. */
export function provisionalArrangementYears(fromYear: number, toYear: number): { year: number; reason: string }[] {
  return CN_ARRANGEMENTS.filter((a) => a.provisional && a.year >= fromYear && a.year <= toYear).map((a) => ({ year: a.year, reason: a.provisional! }));
}

/** Years in [fromYear, toYear] with no encoded arrangement, for a start-up warning. */
export function missingArrangementYears(fromYear: number, toYear: number): number[] {
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear)) {
    throw new RangeError(`Years must be integers, got ${String(fromYear)} and ${String(toYear)}`);
  }
  const missing: number[] = [];
  for (let y = fromYear; y <= toYear; y += 1) if (!CHINA_HOLIDAY_YEARS.includes(y)) missing.push(y);
  return missing;
}

function copy(hours: DayHours): DayHours {
  return hours.map(([s, e]) => [s, e]);
}
