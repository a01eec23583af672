import { lazy, Suspense } from 'react';
import type { ChartOption } from './echart';

export type { ChartOption } from './echart';

// ECharts is most of what the figures screen downloads and parses: it comes in a chunk of its own,
// asked for as soon as this screen's code runs, so the rates and tables (the figures themselves)
// show while it loads and the charts draw when it is there
const chunk = import('./echart');
const Chart = lazy(() => chunk.then((m) => ({ default: m.EChart })));

/** An ECharts chart that keeps its place (an empty box of its size) until the charting code has loaded. */
export function EChart(props: { option: ChartOption; className?: string; testId?: string }) {
  return (
    <Suspense fallback={<div className={props.className} aria-hidden="true" />}>
      <Chart {...props} />
    </Suspense>
  );
}
