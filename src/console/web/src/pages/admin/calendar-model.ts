import type { CalendarYear, RulingKind } from './admin-types';

/** Dates are local calendar dates ('YYYY-MM-DD'), computed in UTC so no PC time zone shifts them. */
const toDate = (date: string) => new Date(`${date}T00:00:00Z`);
const fromDate = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(date: string, n: number): string {
  const d = toDate(date);
  d.setUTCDate(d.getUTCDate() + n);
  return fromDate(d);
}

/** 0 = Sunday, as the API's weeklyHours keys. */
export const weekdayOf = (date: string) => toDate(date).getUTCDay();

export function addMonths(date: string, n: number): string {
  const d = toDate(date);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + n);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return fromDate(d);
}

/** A month as weeks starting on Monday (as Chinese calendars do); null pads the first and last week. */
export function monthWeeks(year: number, month: number): (string | null)[][] {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (weekdayOf(first) + 6) % 7;
  const cells: (string | null)[] = [...Array<null>(lead).fill(null), ...Array.from({ length: days }, (_, i) => addDays(first, i))];
  while (cells.length % 7) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
}

export type DayKind = 'work' | 'weekend' | 'holiday' | 'makeup';

export interface DayInfo {
  date: string;
  /** As deadlines count it: a working day, a weekly day off, a holiday, a make-up working day. */
  kind: DayKind;
  name: string | null;
  /** The deployment's own ruling on the date, if any ('ordinary' sets a shipped day aside). */
  ruling: { kind: RulingKind; name: string | null } | null;
}

/** What each date of the year is, from the API's year view. */
export function dayIndex(view: CalendarYear): (date: string) => DayInfo {
  const special = new Map(view.days.map((d) => [d.date, d]));
  const rulings = new Map(view.rulings.map((r) => [r.date, r]));
  return (date) => {
    const s = special.get(date);
    const r = rulings.get(date);
    const ruling = r ? { kind: r.kind, name: r.name } : null;
    if (s) return { date, kind: s.kind === 'holiday' ? 'holiday' : 'makeup', name: s.name ?? r?.name ?? null, ruling };
    const hours = view.weeklyHours[String(weekdayOf(date)) as keyof CalendarYear['weeklyHours']] ?? [];
    return { date, kind: hours.length ? 'work' : 'weekend', name: r?.name ?? null, ruling };
  };
}
