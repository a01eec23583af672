import type { Figures } from '../../../../../reports/figures.types';

/** What GET /api/v1/reports/figures answers: one row per department or per period. */
export type FigureRow = Figures;

export interface FiguresReport {
  from: string;
  to: string;
  groupBy: 'department' | 'day' | 'week' | 'month';
  rows: FigureRow[];
}

/** GET /api/v1/reports/satisfaction: ratings per score. */
export interface SatisfactionReport {
  scale: { score: number; satisfied: boolean; labels: Record<'zh-CN' | 'en', string> }[];
  departments: { departmentId: string | null; department: string | null; ratings: number; satisfied: number; byScore: Record<string, number> }[];
}

export const COUNTS = ['registered', 'received', 'responded', 'respondedOnTime', 'accepted', 'returns', 'resolved', 'resolvedOnTime', 'ratings', 'satisfied', 'extensions', 'reopenings', 'repeatCalls'] as const;

/** Same rounding as the API (three decimals), so a total reads like a row. */
const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : null);

/** Rows added up (all departments), rates recomputed from the counts: an average of rates would be wrong. */
export function total(rows: FigureRow[], key = ''): FigureRow {
  const sum = Object.fromEntries(COUNTS.map((c) => [c, rows.reduce((n, r) => n + r[c], 0)])) as Record<(typeof COUNTS)[number], number>;
  return {
    key,
    ...sum,
    responseRate: rate(sum.respondedOnTime, sum.responded),
    onTimeRate: rate(sum.resolvedOnTime, sum.resolved),
    satisfactionRate: rate(sum.satisfied, sum.ratings),
  };
}
