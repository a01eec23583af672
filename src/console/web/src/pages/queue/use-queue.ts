import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbort } from '../../api';
import { serverNow } from '../../server-clock';
import { useSession } from '../../session';
import type { WorkTicket } from '../../tickets/ticket-types';

/** Statuses in which a ticket is a department's work. */
export const QUEUE_STATUSES = ['dispatched', 'accepted', 'suspended', 'reopened'];
const PAGE = 200;
/** The most urgent tickets come first in a small read of their own: a screenful shows before the rest is read. */
const FIRST = 50;
/** Past this the list is no queue a person works through; the most urgent are shown, and the count. */
export const MAX_TICKETS = 2000;
const REFRESH_MS = 120_000;

export type QueueState = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; tickets: WorkTicket[]; total: number; at: number };

interface Page {
  items: WorkTicket[];
  total: number;
}

/** The department's open tickets: see useTicketList. */
export const useQueue = () => useTicketList(QUEUE_STATUSES);

/**
 * The tickets in `statuses` the user may see (a department's own, or all of them for the back
 * office), most urgent first (the API sorts by the running stage's deadline), every page of them;
 * refreshed every two minutes and on demand, and patched in place after the user's own actions so
 * the list never jumps under their hands. `statuses` must be a constant: a new array reloads.
 */
export function useTicketList(statuses: readonly string[]) {
  const { api } = useSession();
  const [state, setState] = useState<QueueState>({ status: 'loading' });
  const current = useRef<AbortController | null>(null);

  const load = useCallback(async () => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    const query = (page: number, pageSize = PAGE) => ({ status: statuses.join(','), sort: 'due', page: String(page), pageSize: String(pageSize) });
    try {
      const first = await api<Page>('GET', '/tickets', { query: query(1, FIRST), signal: controller.signal });
      // the most urgent show at once; the rest follow in one step (pages of PAGE from the top: the
      // first FIRST come twice, which costs less than a second round of requests)
      setState((s) => (s.status === 'ready' ? s : { status: 'ready', tickets: first.items, total: first.total, at: serverNow() }));
      const pages = first.total > FIRST ? Math.min(Math.ceil(first.total / PAGE), MAX_TICKETS / PAGE) : 0;
      const rest = await Promise.all(Array.from({ length: pages }, (_, i) => api<Page>('GET', '/tickets', { query: query(i + 1), signal: controller.signal })));
      // a ticket read twice, or one that moved between pages while they were read, shows once
      const seen = new Set<string>();
      const tickets = [first, ...rest].flatMap((p) => p.items).filter((x) => !seen.has(x.id) && !!seen.add(x.id));
      setState({ status: 'ready', tickets, total: first.total, at: serverNow() });
    } catch (error) {
      if (!isAbort(error)) setState((s) => (s.status === 'ready' ? s : { status: 'error', error }));
    }
  }, [api, statuses]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      clearInterval(timer);
      current.current?.abort();
    };
  }, [load]);

  /** Puts the ticket as it is now in its place, or takes it out when it is no longer the department's work. */
  const patch = useCallback((ticket: WorkTicket, stays: boolean) => {
    setState((s) => {
      if (s.status !== 'ready') return s;
      const tickets = stays ? s.tickets.map((x) => (x.id === ticket.id ? ticket : x)) : s.tickets.filter((x) => x.id !== ticket.id);
      return { ...s, tickets, total: s.total - (s.tickets.length - tickets.length) };
    });
  }, []);

  return { state, reload: load, patch };
}
