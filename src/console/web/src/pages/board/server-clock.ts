/**
 * How far the server's clock is ahead of this browser's, from a response's `Date` header. The
 * header has whole seconds, truncated: half a second is added back, and the request's own
 * round trip is split in two. An office PC whose clock is minutes off must still count down
 * to the deadline the server will fire at.
 */
export function offsetFromDate(dateHeader: string | null, sentAt: number, receivedAt: number): number | null {
  if (!dateHeader) return null;
  const server = Date.parse(dateHeader);
  if (Number.isNaN(server)) return null;
  return server + 500 - (sentAt + receivedAt) / 2;
}

/** Minutes from `now` to `iso`, negative when past: what a countdown shows. */
export function minutesUntil(iso: string, now: number): number {
  return (Date.parse(iso) - now) / 60_000;
}
