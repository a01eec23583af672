import { useSyncExternalStore } from 'react';

/**
 * The server's time, as the browser can know it: deadlines are the server's, and an office PC's
 * clock is often minutes (or a time zone) wrong. Every API answer carries an HTTP Date header,
 * true to the second; each one bounds the offset (server minus browser clock) between
 * `date - receivedAt` and `date + 1 s - sentAt`. Intersecting the bounds of many answers narrows
 * it well below a second; bounds that no longer intersect mean a clock was set meanwhile, and
 * the newest answer starts afresh.
 */
export interface OffsetBounds {
  lo: number;
  hi: number;
}

export function narrowOffset(current: OffsetBounds | null, dateHeader: string | null, sentAt: number, receivedAt: number): OffsetBounds | null {
  const date = dateHeader ? Date.parse(dateHeader) : NaN;
  if (Number.isNaN(date)) return current;
  const sample = { lo: date - receivedAt, hi: date + 1000 - sentAt };
  if (!current) return sample;
  const lo = Math.max(current.lo, sample.lo);
  const hi = Math.min(current.hi, sample.hi);
  return lo <= hi ? { lo, hi } : sample;
}

export const offsetOf = (b: OffsetBounds | null) => (b ? Math.round((b.lo + b.hi) / 2) : 0);

let bounds: OffsetBounds | null = null;

/** Fed by the API client with every answer. */
export function noteServerDate(dateHeader: string | null, sentAt: number, receivedAt: number): void {
  bounds = narrowOffset(bounds, dateHeader, sentAt, receivedAt);
}

/** Milliseconds since the epoch on the server's clock (the browser's until the first answer). */
export function serverNow(): number {
  return Date.now() + offsetOf(bounds);
}

// One shared 1-second tick for every countdown on the page, started by the first subscriber:
// a thousand rows do not mean a thousand timers.
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) timer = setInterval(() => listeners.forEach((l) => l()), 1000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/**
 * The server's time, rounded down to `stepMs`: a component re-renders only when its rounded
 * value changes (each second for a countdown in its last hour, each 30 s otherwise).
 */
export function useServerNow(stepMs: number): number {
  return useSyncExternalStore(subscribe, () => Math.floor(serverNow() / stepMs) * stepMs);
}
