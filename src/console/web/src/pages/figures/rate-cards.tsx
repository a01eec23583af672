import { useI18n } from '../../i18n/i18n';
import type { FigureRow, SatisfactionReport } from './figures';
import { percent } from './format-figures';

/** The three rates (三率), big, each with the counts it is made of: a rate alone hides how few tickets it may rest on. */
export function RateCards({ row, byScore, scale }: { row: FigureRow; byScore: Record<string, number> | null; scale: SatisfactionReport['scale'] | null }) {
  const { t, locale } = useI18n();
  const cards = [
    { id: 'response', label: t('figures.responseRate'), value: row.responseRate, hint: t('figures.responseRateHint', { part: row.respondedOnTime, whole: row.responded }) },
    { id: 'on-time', label: t('figures.onTimeRate'), value: row.onTimeRate, hint: t('figures.onTimeRateHint', { part: row.resolvedOnTime, whole: row.resolved }) },
    { id: 'satisfaction', label: t('figures.satisfactionRate'), value: row.satisfactionRate, hint: t('figures.satisfactionRateHint', { part: row.satisfied, whole: row.ratings }) },
  ];
  return (
    <ul className="rate-cards" aria-label={t('figures.title')}>
      {cards.map((c) => (
        <li key={c.id} className="card rate-card">
          <span className="rate-label">{c.label}</span>
          <strong className="rate-value" data-testid={`rate-${c.id}`}>
            {percent(c.value, locale) ?? <span className="muted">{t('figures.noData')}</span>}
          </strong>
          <span className="hint">{c.hint}</span>
          {c.id === 'satisfaction' && byScore && scale && (
            <span className="hint" data-testid="by-score">
              {t('figures.byScore')}: {scale.map((o) => t('figures.scoreLine', { label: `${o.score} ${o.labels[locale]}`, n: byScore[String(o.score)] ?? 0 })).join(' · ')}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
