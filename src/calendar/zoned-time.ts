import { MS_PER_DAY } from './local-date.js';

/**
 * Wall-clock ↔ instant conversion for an IANA zone using only Intl.
 * Offsets are derived from what the zone's formatter says the wall clock shows, so every
 * rule (DST, historical changes) comes from the runtime's tz database; nothing here
 * assumes a day lasts 24 hours.
 */

// Constructing a DateTimeFormat costs ~100 µs, formatting with one a few µs.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError naming the zone if the runtime does not know it. */
export function assertTimeZone(timeZone: unknown): asserts timeZone is string {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') {
    throw new RangeError(`Invalid time zone ${JSON.stringify(timeZone)}: expected an IANA name such as 'Asia/Shanghai'`);
  }
  try {
    formatterFor(timeZone);
  } catch {
    throw new RangeError(`Unknown time zone ${JSON.stringify(timeZone)}: expected an IANA name such as 'Asia/Shanghai'`);
  }
}

/** The wall clock at `epochMs`, whole seconds, expressed as if it were UTC milliseconds. */
function wallClockMs(timeZone: string, epochMs: number): number {
  const fields: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(epochMs)) {
    if (p.type !== 'literal') fields[p.type] = Number(p.value);
  }
  const wall = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to the 1900s.
  wall.setUTCFullYear(fields.year, fields.month - 1, fields.day);
  wall.setUTCHours(fields.hour, fields.minute, fields.second, 0);
  return wall.getTime();
}

function exactOffsetAt(timeZone: string, epochMs: number): number {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  return wallClockMs(timeZone, wholeSecond) - wholeSecond;
}

// formatToParts is the cost of every calendar step (4 % of a logged call's server CPU in
// bench:calls). Offsets are kept per zone and quarter hour when the offset at the quarter's first
// and last second agree; a quarter with a change inside it (historic local-mean-time switches fall
// on odd seconds) is always asked afresh.
const QUARTER_MS = 15 * 60_000;
const NO_CACHE = Number.NaN;
const offsetCache = new Map<string, Map<number, number>>();
const MAX_CACHED_QUARTERS = 50_000;

/** Zone offset (local minus UTC) in ms at an instant. */
export function offsetAt(timeZone: string, epochMs: number): number {
  const quarter = Math.floor(epochMs / QUARTER_MS);
  let zone = offsetCache.get(timeZone);
  if (!zone) offsetCache.set(timeZone, (zone = new Map()));
  let offset = zone.get(quarter);
  if (offset === undefined) {
    const first = exactOffsetAt(timeZone, quarter * QUARTER_MS);
    offset = first === exactOffsetAt(timeZone, (quarter + 1) * QUARTER_MS - 1000) ? first : NO_CACHE;
    if (zone.size >= MAX_CACHED_QUARTERS) zone.clear();
    zone.set(quarter, offset);
  }
  return Number.isNaN(offset) ? exactOffsetAt(timeZone, epochMs) : offset;
}

/** Day number of the local date at an instant. */
export function localDayOf(timeZone: string, epochMs: number): number {
  return Math.floor((epochMs + offsetAt(timeZone, epochMs)) / MS_PER_DAY);
}

/**
 * The instant at which the wall clock of `timeZone` shows `minuteOfDay` on local day
 * `dayNumber` (minuteOfDay 1440 is the next local midnight).
 * Ambiguous (autumn) wall times resolve to the earlier instant; nonexistent (spring gap)
 * wall times resolve to the first instant after the gap, so an interval lying wholly
 * inside a gap collapses to zero length instead of borrowing time from elsewhere.
 */
export function localTimeToInstant(timeZone: string, dayNumber: number, minuteOfDay: number): number {
  const wall = dayNumber * MS_PER_DAY + minuteOfDay * 60_000;
  // Offsets a day either side bracket any single transition near this wall time.
  const before = offsetAt(timeZone, wall - MS_PER_DAY);
  const after = offsetAt(timeZone, wall + MS_PER_DAY);
  const valid = [wall - before, wall - after].filter((t) => t + offsetAt(timeZone, t) === wall);
  if (valid.length > 0) return Math.min(...valid);
  return firstInstantAfterGap(timeZone, wall - after, wall - before);
}

/** Binary search for the transition instant in (lo, hi]; offsets change on whole seconds. */
function firstInstantAfterGap(timeZone: string, loMs: number, hiMs: number): number {
  let lo = Math.floor(loMs / 1000);
  let hi = Math.ceil(hiMs / 1000);
  const offsetBefore = offsetAt(timeZone, lo * 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(timeZone, mid * 1000) === offsetBefore) lo = mid;
    else hi = mid;
  }
  return hi * 1000;
}
