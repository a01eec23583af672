/**
 * The report period as the supervisor picks it: whole local days in the deployment's zone
 * (`YYYY-MM-DD`, end inclusive), turned into the API's instants [from, to). A day in Shanghai
 * starts at 16:00 UTC the day before, whatever zone the browser is in.
 */

/** Today's date in `timeZone`. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(ymd: string, days: number): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Minutes `timeZone` is ahead of UTC at `at`. */
function offsetMinutes(at: Date, timeZone: string): number {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      .formatToParts(at)
      .map((x) => [x.type, Number(x.value)]),
  );
  return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at.getTime()) / 60_000);
}

/** The instant local midnight starts `ymd` in `timeZone` (checked twice: the offset may differ across a DST change). */
export function startOfDay(ymd: string, timeZone: string): Date {
  const wall = new Date(`${ymd}T00:00:00Z`).getTime();
  let at = new Date(wall - offsetMinutes(new Date(wall), timeZone) * 60_000);
  at = new Date(wall - offsetMinutes(at, timeZone) * 60_000);
  return at;
}

export interface Period {
  from: string;
  /** Inclusive, as people say "to the 5th". */
  to: string;
}

/** The API's query for a period: ISO instants, the end exclusive (the next local midnight). */
export function periodQuery(p: Period, timeZone: string): { from: string; to: string } {
  return { from: startOfDay(p.from, timeZone).toISOString(), to: startOfDay(addDays(p.to, 1), timeZone).toISOString() };
}

/** The last 30 days, today included. */
export function defaultPeriod(timeZone: string, now = new Date()): Period {
  const to = todayIn(timeZone, now);
  return { from: addDays(to, -29), to };
}

export const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime());
