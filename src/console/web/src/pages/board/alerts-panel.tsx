import { useRef, useState } from 'react';
import type { Department } from '../../api';
import { errorText, useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { useFormat } from '../../use-format';
import { alertKindLabel, alertText } from './alert-text';
import type { BoardAlert } from './board-model';
import { TicketNumber } from '../../tickets/ticket-number';

interface Props {
  alerts: BoardAlert[];
  openTotal: number;
  departments: Map<string, Department>;
  acknowledged(id: string, at: string): void;
}

/**
 * The inbox: open alerts newest first, live ones marked new. Acknowledging keeps the row (struck
 * through, "acknowledged") so the list does not jump under the keyboard, and moves the focus to
 * the next alert's button, so a run of alerts is worked with Enter, Enter, Enter.
 */
export function AlertsPanel({ alerts, openTotal, departments, acknowledged }: Props) {
  const { t } = useI18n();
  const f = useFormat();
  const { api } = useSession();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);

  const acknowledge = async (a: BoardAlert) => {
    setBusy(a.id);
    setError(null);
    try {
      const res = await api<{ acknowledgedAt: string }>('POST', `/alerts/${a.id}/acknowledge`);
      acknowledged(a.id, res.acknowledgedAt);
      const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('button[data-ack]:not([disabled])') ?? [])].filter((b) => b.dataset.ack !== a.id);
      const after = buttons.find((b) => alerts.findIndex((x) => x.id === b.dataset.ack) > alerts.findIndex((x) => x.id === a.id));
      (after ?? buttons.at(-1))?.focus();
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card board-alerts" aria-labelledby="board-alerts-title">
      <h2 id="board-alerts-title">
        {t('board.alerts')} <span className="count">{alerts.filter((a) => a.status === 'open').length}</span>
      </h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {alerts.length === 0 && <p className="muted">{t('board.alertsNone')}</p>}
      {openTotal > alerts.length && <p className="muted small">{t('board.alertsMore', { shown: alerts.length, total: openTotal })}</p>}
      <ol className="board-list" ref={list}>
        {alerts.map((a) => {
          const text = alertText(t, f.dateTime, a);
          const dept = a.departmentId ? (departments.get(a.departmentId)?.name ?? '') : t('board.noDept');
          const done = a.status === 'acknowledged';
          return (
            <li key={a.id} className={`alert-row kind-${a.kind}${done ? ' done' : ''}${a.fresh ? ' fresh' : ''}`} data-alert-id={a.id} data-ticket={a.ticketNumber}>
              <div className="alert-head">
                <span className="kind-tag">{alertKindLabel(t, a.kind)}</span>
                {a.fresh && !done && <span className="new-tag">{t('board.new')}</span>}
                {a.level > 0 && <span className="muted small">{t('board.level', { level: a.level })}</span>}
                <span className="muted small">{t('board.to', { department: dept })}</span>
                <time className="muted small" dateTime={a.createdAt}>
                  {f.dateTime(a.createdAt)}
                </time>
              </div>
              <p className="alert-text">{withTicketLink(text, a.ticketNumber)}</p>
              {done ? (
                <span className="acked">✓ {t('board.acked')}</span>
              ) : (
                <button type="button" className="small" data-ack={a.id} disabled={busy === a.id} aria-label={t('board.ackLabel', { number: a.ticketNumber, text })} onClick={() => void acknowledge(a)}>
                  {t('board.ack')}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The alert's words with its ticket number opening the ticket page, as on the board's other lists. */
function withTicketLink(text: string, number: string) {
  const at = number ? text.indexOf(number) : -1;
  if (at < 0) return text;
  return (
    <>
      {text.slice(0, at)}
      <TicketNumber number={number} />
      {text.slice(at + number.length)}
    </>
  );
}
