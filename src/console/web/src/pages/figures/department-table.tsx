import { useI18n } from '../../i18n/i18n';
import type { FigureRow } from './figures';
import { percent } from './format-figures';

/** Every handling department's figures side by side; a department's name narrows the screen to it. */
export function DepartmentTable({ rows, totalRow, onPick }: { rows: FigureRow[]; totalRow: FigureRow | null; onPick?: (id: string) => void }) {
  const { t, locale } = useI18n();
  const name = (r: FigureRow) => r.departmentName ?? t('figures.unassigned');
  const cells = (r: FigureRow) => (
    <>
      <td>{r.registered}</td>
      <td>{r.received}</td>
      <td>{percent(r.responseRate, locale) ?? '–'}</td>
      <td>{r.accepted}</td>
      <td>{r.returns}</td>
      <td>{r.resolved}</td>
      <td>{percent(r.onTimeRate, locale) ?? '–'}</td>
      <td>{r.ratings}</td>
      <td>{percent(r.satisfactionRate, locale) ?? '–'}</td>
      <td>{r.extensions}</td>
      <td>{r.reopenings}</td>
      <td>{r.repeatCalls}</td>
    </>
  );
  return (
    <section aria-labelledby="departments-title">
      <h2 id="departments-title">{t('figures.departmentsTitle')}</h2>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="departments-title">
        <table className="figures-table" data-testid="department-table">
          <thead>
            <tr>
              <th scope="col">{t('figures.department')}</th>
              <th scope="col">{t('col.registered')}</th>
              <th scope="col">{t('col.received')}</th>
              <th scope="col">{t('figures.responseRate')}</th>
              <th scope="col">{t('col.accepted')}</th>
              <th scope="col">{t('col.returns')}</th>
              <th scope="col">{t('col.resolved')}</th>
              <th scope="col">{t('figures.onTimeRate')}</th>
              <th scope="col">{t('col.ratings')}</th>
              <th scope="col">{t('figures.satisfactionRate')}</th>
              <th scope="col">{t('col.extensions')}</th>
              <th scope="col">{t('col.reopenings')}</th>
              <th scope="col">{t('col.repeatCalls')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key || 'unassigned'} data-key={r.key}>
                <th scope="row">
                  {onPick && r.key ? (
                    <button type="button" className="link" onClick={() => onPick(r.key)}>
                      {name(r)}
                    </button>
                  ) : (
                    name(r)
                  )}
                </th>
                {cells(r)}
              </tr>
            ))}
          </tbody>
          {totalRow && (
            <tfoot>
              <tr>
                <th scope="row">{t('figures.allDepartments')}</th>
                {cells(totalRow)}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </section>
  );
}
