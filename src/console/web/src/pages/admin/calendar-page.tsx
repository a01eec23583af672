import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { useFormat } from '../../use-format';
import { useTitle } from '../../use-title';
import { AdminDialog, control, Field, LoadState, useApiData, useDone } from './admin-kit';
import type { CalendarYear, RulingKind } from './admin-types';
import { addDays, addMonths, dayIndex, monthWeeks, weekdayOf, type DayInfo } from './calendar-model';

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
const KINDS: RulingKind[] = ['holiday', 'workday', 'ordinary'];
/** Keys that move the cursor through the year, as in a date picker. */
const MOVES: Record<string, (d: string) => string> = {
  ArrowLeft: (d) => addDays(d, -1),
  ArrowRight: (d) => addDays(d, 1),
  ArrowUp: (d) => addDays(d, -7),
  ArrowDown: (d) => addDays(d, 7),
  PageUp: (d) => addMonths(d, -1),
  PageDown: (d) => addMonths(d, 1),
  Home: (d) => addDays(d, -((weekdayOf(d) + 6) % 7)),
  End: (d) => addDays(d, 6 - ((weekdayOf(d) + 6) % 7)),
};

/**
 * 工作日历: the year as deadlines count it (days off, make-up working days, the deployment's own
 * rulings with their names) and the rulings themselves. A date is ruled from its cell (click, or
 * arrows then Enter); the year's cells are one tab stop, moved through with the arrow keys.
 */
export function CalendarPage() {
  const { t, locale } = useI18n();
  const f = useFormat();
  const { api } = useSession();
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('year')) || null;
  const loaded = useApiData<CalendarYear>(asked ? `/calendar?year=${asked}` : '/calendar');
  const view = loaded.data;
  const year = view?.year ?? asked;
  useTitle(t('admin.calendar'));
  const [cursor, setCursor] = useState<string | null>(null);
  const [open, setOpen] = useState<DayInfo | null>(null);
  const [done, setDone] = useDone();
  const [yearText, setYearText] = useState('');
  const moved = useRef(false);
  const grid = useRef<HTMLDivElement>(null);

  useEffect(() => setYearText(year ? String(year) : ''), [year]);
  const info = useMemo(() => (view ? dayIndex(view) : null), [view]);
  // today in the deployment's zone (en-CA writes YYYY-MM-DD): where the keyboard starts in the current year
  const today = useMemo(() => new Intl.DateTimeFormat('en-CA', { timeZone: f.zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date()), [f.zone]);
  const here = cursor && year && cursor.startsWith(`${year}-`) ? cursor : year ? (today.startsWith(`${year}-`) ? today : `${year}-01-01`) : null;
  useEffect(() => {
    if (!moved.current || !here) return;
    moved.current = false;
    grid.current?.querySelector<HTMLButtonElement>(`button[data-date="${here}"]`)?.focus();
  }, [here]);

  // built once per language: every one of the year's 365 cells is labelled with its long date
  const formats = useMemo(
    () => ({
      month: new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }),
      weekday: new Intl.DateTimeFormat(locale, { weekday: 'narrow', timeZone: 'UTC' }),
      long: new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }),
    }),
    [locale],
  );
  const monthName = (m: number) => formats.month.format(new Date(Date.UTC(2000, m - 1, 1)));
  const weekdayNames = useMemo(() => Array.from({ length: 7 }, (_, i) => formats.weekday.format(new Date(Date.UTC(2024, 0, 1 + i)))), [formats]);
  const longDate = (date: string) => formats.long.format(new Date(`${date}T00:00:00Z`));
  const describe = (d: DayInfo) =>
    [longDate(d.date), t(`admin.cal.kind.${d.kind}`), d.name, d.ruling ? t('admin.cal.ruledAs', { kind: t(`admin.cal.rule.${d.ruling.kind}`) }) : null].filter(Boolean).join(locale === 'zh-CN' ? '，' : ', ');

  function goYear(y: number) {
    if (!Number.isInteger(y) || y < 1970 || y > 2999) return;
    setParams({ year: String(y) });
    setCursor(null);
  }
  function onKey(e: KeyboardEvent<HTMLButtonElement>, date: string) {
    const move = MOVES[e.key];
    if (!move || !year) return;
    e.preventDefault();
    const next = move(date);
    if (!next.startsWith(`${year}-`)) return;
    moved.current = true;
    setCursor(next);
  }

  return (
    <section aria-labelledby="admin-cal-title" className="admin-calendar">
      <div className="page-head">
        <h1 id="admin-cal-title">{t('admin.calendar')}</h1>
        <div className="row year-picker">
          <button type="button" className="small" aria-label={t('admin.cal.prevYear')} disabled={!year} onClick={() => year && goYear(year - 1)}>
            ‹
          </button>
          <label htmlFor="admin-cal-year" className="sr-only">
            {t('admin.cal.year')}
          </label>
          <input
            id="admin-cal-year"
            type="number"
            min={1970}
            max={2999}
            value={yearText}
            onChange={(e) => setYearText(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && goYear(Number(yearText))}
            onBlur={() => yearText !== String(year) && goYear(Number(yearText))}
          />
          <button type="button" className="small" aria-label={t('admin.cal.nextYear')} disabled={!year} onClick={() => year && goYear(year + 1)}>
            ›
          </button>
        </div>
        {view && <span className="muted small">{t('admin.cal.zone', { zone: view.timeZone })}</span>}
      </div>
      {view?.provisional && (
        <p className="notice" role="note" data-testid="cal-provisional">
          {t('admin.cal.provisional', { year: view.year })} {view.provisional}
        </p>
      )}
      {view && !view.source && !view.provisional && <p className="notice" data-testid="cal-no-arrangement">{t('admin.cal.noArrangement', { year: view.year })}</p>}
      {view?.source && <p className="muted small">{t('admin.cal.source', { source: view.source })}</p>}
      <ul className="cal-legend" aria-label={t('admin.cal.legend')}>
        {(['work', 'weekend', 'holiday', 'makeup'] as const).map((k) => (
          <li key={k}>
            <span className={`cal-swatch day-${k}`} aria-hidden="true" /> {t(`admin.cal.kind.${k}`)}
          </li>
        ))}
        <li>
          <span className="cal-swatch ruled" aria-hidden="true" /> {t('admin.cal.ruling')}
        </li>
      </ul>
      <p className="muted small">{t('admin.cal.keys')}</p>
      {done}
      <LoadState loaded={loaded} />
      {view && info && (
        <div className="cal-layout">
          <div className="cal-year" ref={grid}>
            {MONTHS.map((m) => (
              <table key={m} className="cal-month">
                <caption>{monthName(m)}</caption>
                <thead>
                  <tr>
                    {weekdayNames.map((w, i) => (
                      <th key={i} scope="col" abbr={w}>
                        {w}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {monthWeeks(view.year, m).map((week, i) => (
                    <tr key={i}>
                      {week.map((date, j) => {
                        if (!date) return <td key={j} />;
                        const d = info(date);
                        return (
                          <td key={j}>
                            <button
                              type="button"
                              data-date={date}
                              data-kind={d.kind}
                              className={`day day-${d.kind}${d.ruling ? ' ruled' : ''}${date === today ? ' today' : ''}`}
                              aria-current={date === today ? 'date' : undefined}
                              tabIndex={date === here ? 0 : -1}
                              aria-label={describe(d)}
                              title={d.name ?? undefined}
                              onKeyDown={(e) => onKey(e, date)}
                              onFocus={() => setCursor(date)}
                              onClick={() => setOpen(d)}
                            >
                              {Number(date.slice(8))}
                            </button>
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            ))}
          </div>
          <div className="cal-side">
            <h2 id="admin-cal-rulings">{t('admin.cal.rulings', { year: view.year })}</h2>
            {view.rulings.length === 0 ? (
              <p className="muted">{t('admin.cal.noRulings')}</p>
            ) : (
              <table className="plain" aria-labelledby="admin-cal-rulings" data-testid="cal-rulings">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.cal.date')}</th>
                    <th scope="col">{t('admin.cal.ruledKind')}</th>
                    <th scope="col">{t('admin.cal.name')}</th>
                    <th scope="col">{t('admin.cal.when')}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.rulings.map((r) => (
                    <tr key={r.date} data-date={r.date}>
                      <td>
                        <button type="button" className="link" aria-label={t('admin.cal.changeOf', { date: longDate(r.date) })} onClick={() => setOpen(info(r.date))}>
                          {r.date}
                        </button>
                      </td>
                      <td>{t(`admin.cal.rule.${r.kind}`)}</td>
                      <td>{r.name ?? '—'}</td>
                      <td className="small">{f.dateTime(r.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </div>
      )}
      {open && (
        <RulingDialog
          day={open}
          title={longDate(open.date)}
          onClose={() => setOpen(null)}
          onDone={(text) => {
            setDone(text);
            loaded.reload();
          }}
          api={api}
        />
      )}
    </section>
  );
}

function RulingDialog({ day, title, onClose, onDone, api }: { day: DayInfo; title: string; onClose(): void; onDone(text: string): void; api: ReturnType<typeof useSession>['api'] }) {
  const { t } = useI18n();
  // the likely intent: a working day becomes a day off, a day off a working day, a special day ordinary
  const [kind, setKind] = useState<RulingKind>(day.ruling?.kind ?? (day.kind === 'work' ? 'holiday' : day.kind === 'weekend' ? 'workday' : 'ordinary'));
  const [name, setName] = useState(day.ruling?.name ?? '');
  const path = `/calendar/days/${day.date}`;
  return (
    <AdminDialog
      title={t('admin.cal.ruleTitle', { date: title })}
      submitLabel={t('admin.cal.save')}
      fields={['kind', 'name']}
      onSubmit={async () => {
        await api('PUT', path, { body: { kind, ...(name.trim() ? { name: name.trim() } : {}) } });
        onDone(t('admin.cal.saved', { date: day.date, kind: t(`admin.cal.rule.${kind}`) }));
      }}
      secondary={
        day.ruling
          ? {
              label: t('admin.cal.withdraw'),
              run: async () => {
                await api('DELETE', path);
                onDone(t('admin.cal.withdrawn', { date: day.date }));
              },
            }
          : undefined
      }
      onClose={onClose}
    >
      {(err, id) => (
        <>
          <p>
            {t('admin.cal.now', { kind: t(`admin.cal.kind.${day.kind}`) })}
            {day.name ? ` · ${day.name}` : ''}
            {day.ruling ? ` · ${t('admin.cal.ruledAs', { kind: t(`admin.cal.rule.${day.ruling.kind}`) })}` : ''}
          </p>
          <fieldset aria-describedby={err.kind ? `${id('kind')}-error` : undefined}>
            <legend>{t('admin.cal.ruleAs')}</legend>
            {KINDS.map((k, i) => (
              <label key={k} className="check">
                <input type="radio" name={id('kind')} id={i === 0 ? id('kind') : undefined} value={k} checked={kind === k} data-autofocus={kind === k ? true : undefined} onChange={() => setKind(k)} />
                <span>
                  {t(`admin.cal.rule.${k}`)} <span className="hint">{t(`admin.cal.ruleHint.${k}`)}</span>
                </span>
              </label>
            ))}
            {err.kind && (
              <span id={`${id('kind')}-error`} className="field-error">
                {err.kind}
              </span>
            )}
          </fieldset>
          <Field id={id('name')} label={t('admin.cal.name')} hint={t('admin.cal.nameHint')} error={err.name}>
            <input {...control(id('name'), err.name, true)} maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
        </>
      )}
    </AdminDialog>
  );
}
