import type { Weekday } from './business-calendar.js';

/**
 * Local calendar dates as whole day numbers (days since 1970-01-01 of the proleptic
 * Gregorian calendar). Day arithmetic on plain integers sidesteps the time zone and
 * DST entirely: a "local date" has no instant until a zone and a wall time are given.
 */
export const MS_PER_DAY = 86_400_000;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' to a day number; RangeError for malformed or impossible dates (e.g. 2026-02-30). */
export function parseLocalDate(text: string): number {
  const m = typeof text === 'string' ? LOCAL_DATE.exec(text) : null;
  if (!m) throw new RangeError(`Invalid local date ${JSON.stringify(text)}: expected 'YYYY-MM-DD'`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC silently rolls 2026-02-30 over to March; a round trip catches it.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new RangeError(`Invalid local date ${JSON.stringify(text)}: no such day`);
  }
  return ms / MS_PER_DAY;
}

export function formatLocalDate(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

export function weekdayOf(dayNumber: number): Weekday {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber + 4) % 7) + 7) % 7) as Weekday;
}
