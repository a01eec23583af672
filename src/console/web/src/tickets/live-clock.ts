import type { Light } from '../api';
import type { LiveClockView } from './ticket-types';

/**
 * The light at `now` (server time), as the API lights it: red from the deadline, green until the
 * warning point, yellow between (and yellow when the stage has no warning left to wait for).
 */
export function lightAt(clock: Pick<LiveClockView, 'dueAt' | 'warnAt'>, now: number): Light {
  if (now >= Date.parse(clock.dueAt)) return 'red';
  return clock.warnAt && now < Date.parse(clock.warnAt) ? 'green' : 'yellow';
}

/** How often a countdown must redraw: by the second in its last hour either side of the deadline, else twice a minute. */
export function tickFor(dueAt: string, now: number): number {
  return Math.abs(Date.parse(dueAt) - now) < 3600_000 ? 1000 : 30_000;
}

/** `mm:ss` for the last hour, where minutes alone would jump. */
export function minutesSeconds(ms: number): { m: string; s: string } {
  const total = Math.floor(Math.abs(ms) / 1000);
  return { m: String(Math.floor(total / 60)), s: String(total % 60).padStart(2, '0') };
}
