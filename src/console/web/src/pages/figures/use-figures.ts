import { useEffect, useState } from 'react';
import { isAbort } from '../../api';
import { useSession } from '../../session';
import type { FiguresReport, SatisfactionReport } from './figures';

export type Grouping = 'day' | 'week' | 'month';

export interface FiguresState {
  departments: FiguresReport | null;
  trend: FiguresReport | null;
  satisfaction: SatisfactionReport | null;
  loading: boolean;
  error: unknown;
}

/**
 * The screen's three reads for one period: per department (the table, and the department
 * list), the trend for the chosen department, and the ratings by score (supervisors and
 * admins only: the API keeps it from agents). A newer choice cancels the reads in flight.
 */
export function useFigures(query: { from: string; to: string } | null, groupBy: Grouping, departmentId: string): FiguresState {
  const { api, user } = useSession();
  const [state, setState] = useState<FiguresState>({ departments: null, trend: null, satisfaction: null, loading: true, error: null });
  const bySatisfaction = user?.role === 'supervisor' || user?.role === 'admin';
  const from = query?.from;
  const to = query?.to;

  useEffect(() => {
    if (!from || !to) return;
    const ctl = new AbortController();
    const signal = ctl.signal;
    setState((s) => ({ ...s, loading: true, error: null }));
    Promise.all([
      api<FiguresReport>('GET', '/reports/figures', { query: { from, to, groupBy: 'department' }, signal }),
      api<FiguresReport>('GET', '/reports/figures', { query: { from, to, groupBy, departmentId: departmentId || undefined }, signal }),
      bySatisfaction ? api<SatisfactionReport>('GET', '/reports/satisfaction', { query: { from, to }, signal }) : Promise.resolve(null),
    ]).then(
      ([departments, trend, satisfaction]) => setState({ departments, trend, satisfaction, loading: false, error: null }),
      (error) => !isAbort(error) && setState((s) => ({ ...s, loading: false, error })),
    );
    return () => ctl.abort();
  }, [api, from, to, groupBy, departmentId, bySatisfaction]);
  return state;
}
