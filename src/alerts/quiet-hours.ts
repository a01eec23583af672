import { localDayOf, localTimeToInstant, offsetAt } from '../calendar/zoned-time.js';

export interface QuietHours {
  /** Minutes from local midnight; start > end wraps past midnight (22:00–07:00). */
  start: number;
  end: number;
}

/** `22:00-07:00` → { start: 1320, end: 420 }; empty → null (no quiet hours). */
export function parseQuietHours(text: string | undefined): QuietHours | null {
  if (!text?.trim()) return null;
  const m = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!m) throw new RangeError(`quiet hours "${text}": write them as HH:MM-HH:MM, e.g. 22:00-07:00`);
  const [h1, m1, h2, m2] = m.slice(1).map(Number);
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) throw new RangeError(`quiet hours "${text}": not a time of day`);
  const start = h1 * 60 + m1;
  const end = h2 * 60 + m2;
  if (start === end) throw new RangeError(`quiet hours "${text}": start and end are the same`);
  return { start, end };
}

/**
 * When a routine message written at `at` may go out: `at` itself outside quiet hours, else the
 * instant quiet hours end (local time, DST-correct).
 */
export function sendableAt(at: Date, quiet: QuietHours | null, timeZone: string): Date {
  if (!quiet) return at;
  const ms = at.getTime();
  const day = localDayOf(timeZone, ms);
  const minute = (ms + offsetAt(timeZone, ms) - day * 86_400_000) / 60_000;
  const wraps = quiet.start > quiet.end;
  const inside = wraps ? minute >= quiet.start || minute < quiet.end : minute >= quiet.start && minute < quiet.end;
  if (!inside) return at;
  const endDay = wraps && minute >= quiet.start ? day + 1 : day;
  return new Date(localTimeToInstant(timeZone, endDay, quiet.end));
}
