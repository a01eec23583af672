import { useMemo, useState } from 'react';
import { errorText, useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { useTitle } from '../../use-title';
import { CsvLink } from './csv-link';
import { DepartmentTable } from './department-table';
import { total } from './figures';
import { defaultPeriod, isDate, periodQuery, type Period } from './period';
import { RateCards } from './rate-cards';
import { TrendCharts } from './trend-charts';
import { useFigures, type Grouping } from './use-figures';

/**
 * The figures supervisors are judged by: the three rates (response within the accept deadline,
 * resolution by the committed deadline, satisfaction) for a period of whole days in the
 * deployment's zone, their trend, and the volumes behind them, per department. A department
 * agent sees their own department only (the API narrows it; the screen does not offer others).
 */
export function FiguresPage() {
  const { t } = useI18n();
  const { user, settings } = useSession();
  const zone = settings!.timeZone;
  useTitle(t('figures.title'));
  const [period, setPeriod] = useState<Period>(() => defaultPeriod(zone));
  const [departmentId, setDepartmentId] = useState('');
  const [groupBy, setGroupBy] = useState<Grouping>('day');
  const agent = user?.role === 'agent';

  const valid = isDate(period.from) && isDate(period.to) && period.from <= period.to;
  const query = useMemo(() => (valid ? periodQuery(period, zone) : null), [valid, period, zone]);
  const state = useFigures(query, groupBy, agent ? '' : departmentId);
  const rows = state.departments?.rows ?? [];
  const named = rows.filter((r) => r.key);
  const scope = agent ? rows[0] : departmentId ? rows.find((r) => r.key === departmentId) : rows.length ? total(rows) : undefined;
  const scores = state.satisfaction
    ? (departmentId ? state.satisfaction.departments.filter((d) => d.departmentId === departmentId) : state.satisfaction.departments).reduce<Record<string, number>>((acc, d) => {
        for (const [k, n] of Object.entries(d.byScore)) acc[k] = (acc[k] ?? 0) + n;
        return acc;
      }, {})
    : null;

  return (
    <div className="figures pad-tight">
      <div className="page-head">
        <h1 id="figures-title">{t('figures.title')}</h1>
        <span className="muted small">{t('figures.intro', { zone })}</span>
      </div>
      <form className="figures-filters" onSubmit={(e) => e.preventDefault()} aria-labelledby="figures-title">
        <div className="field">
          <label htmlFor="figures-from">{t('figures.from')}</label>
          <input id="figures-from" type="date" value={period.from} max={period.to} required onChange={(e) => setPeriod((p) => ({ ...p, from: e.target.value }))} />
        </div>
        <div className="field">
          <label htmlFor="figures-to">{t('figures.to')}</label>
          <input id="figures-to" type="date" value={period.to} min={period.from} required onChange={(e) => setPeriod((p) => ({ ...p, to: e.target.value }))} />
        </div>
        <div className="field">
          <label htmlFor="figures-department">{t('figures.department')}</label>
          {agent ? (
            <output id="figures-department" className="own-department">
              {rows[0]?.departmentName ?? t('figures.ownDepartment')}
            </output>
          ) : (
            <select id="figures-department" value={departmentId} onChange={(e) => setDepartmentId(e.target.value)}>
              <option value="">{t('figures.allDepartments')}</option>
              {named.map((r) => (
                <option key={r.key} value={r.key}>
                  {r.departmentName}
                </option>
              ))}
            </select>
          )}
        </div>
        <div className="field">
          <label htmlFor="figures-group">{t('figures.trendBy')}</label>
          <select id="figures-group" value={groupBy} onChange={(e) => setGroupBy(e.target.value as Grouping)}>
            {(['day', 'week', 'month'] as const).map((g) => (
              <option key={g} value={g}>
                {t(`figures.by.${g}`)}
              </option>
            ))}
          </select>
        </div>
        {query && (
          <div className="downloads">
            <CsvLink query={{ ...query, groupBy: 'department', departmentId: departmentId || undefined }} label={t('figures.csv')} testId="csv-departments" />
            <CsvLink query={{ ...query, groupBy, departmentId: departmentId || undefined }} label={t('figures.csvTrend')} testId="csv-trend" />
          </div>
        )}
      </form>
      {!valid && (
        <p className="error" role="alert">
          {t('figures.badPeriod')}
        </p>
      )}
      {state.error ? (
        <p className="error" role="alert">
          {errorText(t, state.error)}
        </p>
      ) : null}
      <div aria-busy={state.loading} className="figures-body">
        {state.loading && !state.departments && <p className="muted">{t('figures.loading')}</p>}
        {scope && <RateCards row={scope} byScore={scores} scale={state.satisfaction?.scale ?? null} />}
        {state.trend && state.trend.groupBy !== 'department' && <TrendCharts rows={state.trend.rows} groupBy={state.trend.groupBy} />}
        {state.departments && <DepartmentTable rows={rows} totalRow={!agent && rows.length > 1 ? total(rows) : null} onPick={agent ? undefined : setDepartmentId} />}
      </div>
    </div>
  );
}
