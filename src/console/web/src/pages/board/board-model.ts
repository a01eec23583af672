/** An alert as GET /alerts and the live stream give it. */
export interface BoardAlert {
  id: string;
  kind: string;
  stage: string | null;
  level: number;
  message: string;
  status: 'open' | 'acknowledged';
  departmentId: string | null;
  ticketNumber: string;
  stageDueAt: string | null;
  createdAt: string;
  acknowledgedAt?: string | null;
  /** Arrived on the live stream while the board was open. */
  fresh?: boolean;
}

/**
 * Adds alerts to the inbox by id, newest first: a reconnect's re-read of the inbox and the
 * stream's look-back may both bring an alert already shown, and it must still show once. What
 * the board knows locally (acknowledged here, arrived live) survives a stale copy.
 */
export function mergeAlerts(shown: readonly BoardAlert[], incoming: readonly BoardAlert[]): BoardAlert[] {
  const byId = new Map(shown.map((a) => [a.id, a]));
  for (const a of incoming) {
    const had = byId.get(a.id);
    byId.set(
      a.id,
      had ? { ...had, ...a, fresh: had.fresh || a.fresh, status: had.status === 'acknowledged' ? 'acknowledged' : a.status, acknowledgedAt: had.acknowledgedAt ?? a.acknowledgedAt } : a,
    );
  }
  return [...byId.values()].sort((x, y) => y.createdAt.localeCompare(x.createdAt) || x.id.localeCompare(y.id));
}

/** What the server's English message carries that the alert's fields do not: the 督办 note and the return count. */
export function alertParams(a: Pick<BoardAlert, 'kind' | 'message' | 'ticketNumber'>): { note?: string; count?: string } {
  if (a.kind === 'supervision') {
    const prefix = `督办 Supervision: ticket ${a.ticketNumber}: `;
    return { note: a.message.startsWith(prefix) ? a.message.slice(prefix.length) : a.message };
  }
  if (a.kind === 'routing_dispute') return { count: /returned (\d+) times/.exec(a.message)?.[1] };
  return {};
}

/**
 * The inbox after re-reading the open alerts: an alert no longer open there was acknowledged at
 * another desk and leaves; one acknowledged here stays (struck through) until the board is
 * reopened, so rows do not vanish under the supervisor's keyboard.
 */
export function rereadInbox(shown: readonly BoardAlert[], open: readonly BoardAlert[]): BoardAlert[] {
  const stillOpen = new Set(open.map((a) => a.id));
  return mergeAlerts(
    shown.filter((a) => stillOpen.has(a.id) || a.status === 'acknowledged' || a.fresh),
    open,
  );
}
