import { useCallback, useEffect, useRef, useState } from 'react';
import type { Department, TicketView } from '../../api';
import { useSession } from '../../session';
import { mergeAlerts, rereadInbox, type BoardAlert } from './board-model';
import { onceSoon } from './once-soon';
import { useAlertStream, type StreamState } from './use-alert-stream';

export interface BoardTicket extends TicketView {
  returnCount: number;
}

export interface ExtensionRequestView {
  id: string;
  ticketNumber: string;
  leadDepartment: { id: string; name: string } | null;
  reason: string;
  currentDueAt: string;
  requestedDueAt: string;
  status: 'pending' | 'approved' | 'rejected';
  createdAt: string;
}

export interface BoardData {
  alerts: BoardAlert[];
  /** Open alerts in the inbox, of which the newest 100 are read. */
  openTotal: number;
  late: BoardTicket[];
  disputes: BoardTicket[];
  extensions: ExtensionRequestView[];
  departments: Map<string, Department>;
  error: unknown;
  loadedAt: number | null;
}

/** A ticket bounced this often is shown as a routing dispute in the making (the API raises the alert after MAX_RETURNS, 2 by default). */
const DISPUTE_RETURNS = 2;
const OPEN_UNROUTED = 'registered,returned,dispatched';
/** Tickets change state without an alert (accepted, resolved): re-read the lists this often anyway. */
const REFRESH_MS = 60_000;

type Page<T> = { items: T[] };

/**
 * Everything the board shows, read from the public API, kept live by the alert stream: each new
 * alert is merged into the inbox at once and makes the ticket lists re-read soon after.
 */
export function useBoard(): BoardData & { stream: StreamState; serverOffset: number; refresh(): void; acknowledged(id: string, at: string): void; newAlerts: BoardAlert[] } {
  const { api, token, logout } = useSession();
  const [data, setData] = useState<BoardData>({ alerts: [], openTotal: 0, late: [], disputes: [], extensions: [], departments: new Map(), error: null, loadedAt: null });
  const [serverOffset, setServerOffset] = useState(0);
  const [newAlerts, setNewAlerts] = useState<BoardAlert[]>([]);

  /** The alerts the board found when it opened: whatever comes after them is news, by the stream or by a re-read. */
  const baseline = useRef<Set<string> | null>(null);

  const loadAlerts = useCallback(async () => {
    const page = await api<Page<BoardAlert> & { total: number }>('GET', '/alerts', { query: { status: 'open', pageSize: '100' } });
    const seen = (baseline.current ??= new Set(page.items.map((a) => a.id)));
    const items = page.items.map((a) => (seen.has(a.id) ? a : { ...a, fresh: true }));
    setData((d) => ({ ...d, alerts: rereadInbox(d.alerts, items), openTotal: page.total }));
  }, [api]);

  const loadLists = useCallback(async () => {
    try {
      const [overdue, atRisk, disputes, extensions] = await Promise.all([
        api<Page<BoardTicket>>('GET', '/tickets', { query: { overdue: 'true', pageSize: '100' } }),
        api<Page<BoardTicket>>('GET', '/tickets', { query: { atRisk: 'true', pageSize: '100' } }),
        api<Page<BoardTicket>>('GET', '/tickets', { query: { minReturns: String(DISPUTE_RETURNS), status: OPEN_UNROUTED, pageSize: '50' } }),
        api<ExtensionRequestView[]>('GET', '/extension-requests', { query: { status: 'pending' } }),
      ]);
      // most late first: the stage deadline furthest behind leads
      const late = [...overdue.items, ...atRisk.items.filter((t) => !overdue.items.some((o) => o.id === t.id))].sort((a, b) => (a.clock?.dueAt ?? '').localeCompare(b.clock?.dueAt ?? ''));
      setData((d) => ({ ...d, late, disputes: disputes.items, extensions, error: null, loadedAt: Date.now() }));
    } catch (error) {
      setData((d) => ({ ...d, error }));
    }
  }, [api]);

  // a breach or a 督办 changes the lists: re-read them soon after, once for a burst of alerts
  const listsLater = useRef<() => void>(() => undefined);
  listsLater.current = () => void loadLists();
  const [soon] = useState(() => onceSoon(() => listsLater.current(), 800));

  const refresh = useCallback(() => {
    void loadAlerts().catch((error) => setData((d) => ({ ...d, error })));
    void loadLists();
  }, [loadAlerts, loadLists]);

  useEffect(() => {
    let live = true;
    api<Department[]>('GET', '/departments').then(
      (list) => live && setData((d) => ({ ...d, departments: new Map(list.map((x) => [x.id, x])) })),
      () => undefined,
    );
    void loadLists();
    const timer = setInterval(() => void loadLists(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
      soon.cancel();
    };
  }, [api, loadLists]);

  const stream = useAlertStream(token, {
    alert: (a) => {
      // the stream sends what was raised after it connected: news, unless the board opened with it
      const fresh = !baseline.current?.has(a.id);
      setData((d) => ({ ...d, alerts: mergeAlerts(d.alerts, [{ ...a, fresh }]) }));
      if (fresh) setNewAlerts((n) => [...n.slice(-4), { ...a, fresh }]);
      soon.request();
    },
    // connected (again): what changed while away is re-read, the lists as well as the inbox
    opened: refresh,
    clock: (offset) => {
      setServerOffset(offset);
    },
    unauthorized: () => logout(true),
  });

  const acknowledged = useCallback((id: string, at: string) => {
    setData((d) => ({ ...d, alerts: d.alerts.map((a) => (a.id === id ? { ...a, status: 'acknowledged', acknowledgedAt: at } : a)) }));
  }, []);

  return { ...data, stream, serverOffset, refresh, acknowledged, newAlerts };
}
