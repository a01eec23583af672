import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { errorText, useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { TicketNumber } from '../../tickets/ticket-number';
import { TrafficLight } from '../../traffic-light';
import { useFormat } from '../../use-format';
import { minutesUntil } from './server-clock';
import { useServerNow } from './use-now';
import type { BoardTicket } from './use-board';

/** Overdue and at-risk tickets across departments, most late first, each with its countdown and 督办. */
export function LatePanel({ tickets, serverOffset, changed }: { tickets: BoardTicket[]; serverOffset: number; changed(): void }) {
  const { t } = useI18n();
  // every second: a stage often runs out within the minute the supervisor is looking
  const now = useServerNow(serverOffset, 1_000);
  const [urging, setUrging] = useState<string | null>(null);
  const [done, setDone] = useState<Record<string, string>>({});
  return (
    <section className="card board-late" aria-labelledby="board-late-title">
      <h2 id="board-late-title">
        {t('board.late')} <span className="count">{tickets.length}</span>
      </h2>
      {tickets.length === 0 && <p className="muted">{t('board.lateNone')}</p>}
      <ol className="board-list">
        {tickets.map((ticket) => (
          <li key={ticket.id} className={`ticket-row light-edge-${ticket.clock?.light ?? 'green'}`} data-ticket={ticket.number}>
            <LateRow ticket={ticket} now={now} />
            {done[ticket.number] && (
              <p className="ok" role="status">
                {done[ticket.number]}
              </p>
            )}
            {urging === ticket.number ? (
              <UrgeForm
                ticket={ticket}
                close={(message) => {
                  setUrging(null);
                  if (message) {
                    setDone((d) => ({ ...d, [ticket.number]: message }));
                    changed();
                  }
                }}
              />
            ) : (
              ticket.leadDepartment && (
                <button type="button" className="small" aria-label={t('board.urgeLabel', { number: ticket.number })} onClick={() => setUrging(ticket.number)}>
                  {t('board.urge')}
                </button>
              )
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function LateRow({ ticket, now }: { ticket: BoardTicket; now: number }) {
  const { t } = useI18n();
  const f = useFormat();
  const clock = ticket.clock;
  const minutes = clock ? minutesUntil(clock.dueAt, now) : 0;
  // under a minute the count is in seconds: "0 min left" on a red light reads as a contradiction
  const span = Math.abs(minutes) < 1 ? t('board.seconds', { n: Math.floor(Math.abs(minutes) * 60) }) : f.duration(minutes);
  const remaining = minutes >= 0 ? t('time.left', { time: span }) : t('time.over', { time: span });
  return (
    <div className="ticket-line">
      <TicketNumber number={ticket.number} />
      {clock && <TrafficLight light={minutes < 0 ? 'red' : clock.light} />}
      {clock && (
        <span className="countdown">
          {t('board.stageLeft', { stage: t(`stage.${clock.stage}` as 'stage.resolve'), remaining })}
        </span>
      )}
      {clock && (
        <time className="muted small" dateTime={clock.dueAt}>
          {f.dateTime(clock.dueAt)}
        </time>
      )}
      <span className="muted small">{ticket.leadDepartment?.name ?? t('board.unassigned')}</span>
      <span className="muted small">{t(`status.${ticket.status}` as 'status.registered')}</span>
      <span className="desc">{ticket.category?.name ? `${ticket.category.name} · ` : ''}{ticket.description}</span>
    </div>
  );
}

/** 督办: a note to the lead department, sent as an alert; Esc cancels. */
function UrgeForm({ ticket, close }: { ticket: BoardTicket; close(message?: string): void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const id = `urge-${ticket.number}`;
  const department = ticket.leadDepartment?.name ?? '';
  useEffect(() => field.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) {
      setError(t('board.urgeEmpty'));
      field.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/tickets/${ticket.number}/supervise`, { body: { note: note.trim() } });
      close(t('board.urgeDone', { department }));
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') close();
    else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
  };

  return (
    <form className="urge-form" onSubmit={(e) => void submit(e)} onKeyDown={onKey}>
      <label htmlFor={id}>{t('board.urgeNote', { department, number: ticket.number })}</label>
      <textarea id={id} ref={field} rows={2} maxLength={2000} value={note} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} onChange={(e) => setNote(e.target.value)} />
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary small" disabled={busy}>
          {busy ? t('board.urgeBusy') : t('board.urgeSend')}
        </button>
        <button type="button" className="small" onClick={() => close()}>
          {t('board.urgeCancel')}
        </button>
      </div>
    </form>
  );
}

/** Tickets bounced between departments: the supervision office settles where they belong. */
export function DisputesPanel({ tickets }: { tickets: BoardTicket[] }) {
  const { t } = useI18n();
  return (
    <section className="card board-disputes" aria-labelledby="board-disputes-title">
      <h2 id="board-disputes-title">
        {t('board.disputes')} <span className="count">{tickets.length}</span>
      </h2>
      {tickets.length === 0 && <p className="muted">{t('board.disputesNone')}</p>}
      <ol className="board-list">
        {tickets.map((ticket) => (
          <li key={ticket.id} className="ticket-row" data-ticket={ticket.number}>
            <div className="ticket-line">
              <TicketNumber number={ticket.number} />
              <span className="tag">{t('board.returned', { count: ticket.returnCount })}</span>
              <span className="muted small">{t(`status.${ticket.status}` as 'status.registered')}</span>
              <span className="desc">{ticket.category?.name ? `${ticket.category.name} · ` : ''}{ticket.description}</span>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
