import { useMemo } from 'react';
import { useI18n } from '../../i18n/i18n';
import { EChart, type ChartOption } from './lazy-echart';
import type { FigureRow } from './figures';
import { percent, periodLabel } from './format-figures';
import type { Grouping } from './use-figures';

const COLOURS = { response: '#0b57d0', onTime: '#1e7d32', satisfaction: '#b26a00', received: '#8ab4f8', resolved: '#1e7d32', returns: '#c5221f', reopenings: '#6d4c9f', repeatCalls: '#5b6470' };
const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

/**
 * Two trend charts (the three rates; the volumes) and, for keyboard and screen-reader users and
 * for anyone who wants exact numbers, the same data as a table.
 */
export function TrendCharts({ rows, groupBy }: { rows: FigureRow[]; groupBy: Grouping }) {
  const { t, locale } = useI18n();
  const labels = useMemo(() => rows.map((r) => periodLabel(r.key, groupBy, locale)), [rows, groupBy, locale]);
  const [rates, volumes] = useMemo((): [ChartOption, ChartOption] => {
    const base = { animation: false, grid: { left: 44, right: 16, top: 40, bottom: 28 }, legend: { top: 0 }, tooltip: { trigger: 'axis' as const, renderMode: 'richText' as const }, xAxis: { type: 'category' as const, data: labels } };
    return [
      {
        ...base,
        yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        series: [
          { name: t('figures.responseRate'), type: 'line', data: rows.map((r) => pct(r.responseRate)), color: COLOURS.response, connectNulls: true, symbolSize: 6 },
          { name: t('figures.onTimeRate'), type: 'line', data: rows.map((r) => pct(r.onTimeRate)), color: COLOURS.onTime, connectNulls: true, symbolSize: 6, lineStyle: { type: 'dashed' } },
          { name: t('figures.satisfactionRate'), type: 'line', data: rows.map((r) => pct(r.satisfactionRate)), color: COLOURS.satisfaction, connectNulls: true, symbolSize: 6, lineStyle: { type: 'dotted' } },
        ],
      },
      {
        ...base,
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: t('col.received'), type: 'bar', data: rows.map((r) => r.received), color: COLOURS.received },
          { name: t('col.resolved'), type: 'bar', data: rows.map((r) => r.resolved), color: COLOURS.resolved },
          { name: t('col.returns'), type: 'line', data: rows.map((r) => r.returns), color: COLOURS.returns, showSymbol: false },
          { name: t('col.reopenings'), type: 'line', data: rows.map((r) => r.reopenings), color: COLOURS.reopenings, showSymbol: false },
          { name: t('col.repeatCalls'), type: 'line', data: rows.map((r) => r.repeatCalls), color: COLOURS.repeatCalls, showSymbol: false },
        ],
      },
    ];
  }, [rows, labels, t]);
  const span = { from: labels[0] ?? '', to: labels.at(-1) ?? '' };

  return (
    <section className="trend" aria-labelledby="trend-title">
      <div className="charts">
        <figure className="card chart-card">
          <figcaption id="trend-title">{t('figures.trendTitle')}</figcaption>
          <p className="sr-only">{t('figures.chartSummary', { title: t('figures.trendTitle'), ...span })}</p>
          <EChart option={rates} className="chart" testId="chart-rates" />
        </figure>
        <figure className="card chart-card">
          <figcaption>{t('figures.volumeTitle')}</figcaption>
          <p className="sr-only">{t('figures.chartSummary', { title: t('figures.volumeTitle'), ...span })}</p>
          <EChart option={volumes} className="chart" testId="chart-volumes" />
        </figure>
      </div>
      <details className="trend-table">
        <summary>{t('figures.trendTable')}</summary>
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('figures.trendTable')}>
          <table className="figures-table" data-testid="trend-table">
            <thead>
              <tr>
                <th scope="col">{t('figures.period')}</th>
                <th scope="col">{t('figures.responseRate')}</th>
                <th scope="col">{t('figures.onTimeRate')}</th>
                <th scope="col">{t('figures.satisfactionRate')}</th>
                <th scope="col">{t('col.received')}</th>
                <th scope="col">{t('col.resolved')}</th>
                <th scope="col">{t('col.returns')}</th>
                <th scope="col">{t('col.extensions')}</th>
                <th scope="col">{t('col.reopenings')}</th>
                <th scope="col">{t('col.repeatCalls')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.key}>
                  <th scope="row">{groupBy === 'week' ? t('figures.weekOf', { date: labels[i] }) : labels[i]}</th>
                  <td>{percent(r.responseRate, locale) ?? '–'}</td>
                  <td>{percent(r.onTimeRate, locale) ?? '–'}</td>
                  <td>{percent(r.satisfactionRate, locale) ?? '–'}</td>
                  <td>{r.received}</td>
                  <td>{r.resolved}</td>
                  <td>{r.returns}</td>
                  <td>{r.extensions}</td>
                  <td>{r.reopenings}</td>
                  <td>{r.repeatCalls}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
