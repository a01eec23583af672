import type { CallerHistory, TicketView } from '../../api';
import { errorText, useI18n } from '../../i18n/i18n';
import { ClockLine } from '../../traffic-light';
import { useFormat } from '../../use-format';
import type { HistoryState } from './use-caller-history';

/** Open tickets reachable by Alt+1…9, the one-key follow-up. */
export const LINKABLE = 9;
const PAST_CALLS_SHOWN = 5;

interface Props {
  state: HistoryState;
  busy: boolean;
  onFollowUp(ticket: TicketView): void;
}

export function CallerHistoryPanel({ state, busy, onFollowUp }: Props) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="history-title" aria-busy={state.status === 'loading'}>
      <h2 id="history-title">{t('history.title')}</h2>
      <div aria-live="polite">
        {state.status === 'idle' && <p className="muted">{t('history.prompt')}</p>}
        {state.status === 'loading' && <p className="muted">{t('history.loading')}</p>}
        {state.status === 'new' && <p>{t('history.new')}</p>}
        {state.status === 'error' && <p className="error">{errorText(t, state.error)}</p>}
      </div>
      {state.status === 'found' && <History history={state.history} busy={busy} onFollowUp={onFollowUp} />}
    </section>
  );
}

function History({ history, busy, onFollowUp }: { history: CallerHistory; busy: boolean; onFollowUp(ticket: TicketView): void }) {
  const { t } = useI18n();
  const f = useFormat();
  const { caller, openTickets, calls } = history;
  return (
    <>
      {caller.name && <p className="caller-name">{caller.name}</p>}
      {caller.smsOptedOutAt && (
        <p className="notice" role="note">
          {t('history.optedOut', { date: f.dateTime(caller.smsOptedOutAt) })}
        </p>
      )}
      <h3>
        {t('history.open')} <span className="count">{openTickets.length}</span>
      </h3>
      {openTickets.length === 0 ? (
        <p className="muted">{t('history.noOpen')}</p>
      ) : (
        <ol className="tickets">
          {openTickets.map((ticket, i) => (
            <li key={ticket.id} className={`ticket light-edge-${ticket.clock?.light ?? 'none'}`}>
              <div className="row between">
                <span>
                  <TicketLink number={ticket.number} strong /> <span className="tag">{t(`status.${ticket.status}` as 'status.registered')}</span>{' '}
                  {ticket.category && <span className="muted">{ticket.category.name}</span>}
                </span>
                {i < LINKABLE && (
                  <button type="button" className="small" disabled={busy} aria-label={t('history.linkLabel', { number: ticket.number })} aria-keyshortcuts={`Alt+${i + 1}`} onClick={() => onFollowUp(ticket)}>
                    {t('history.link', { n: i + 1 })}
                  </button>
                )}
              </div>
              <p className="desc">{ticket.description}</p>
              <p className="meta">
                <ClockLine clock={ticket.clock} dueAt={ticket.dueAt} />
                {ticket.urgeCount > 0 && <span className="muted"> · {t('history.urged', { count: ticket.urgeCount })}</span>}
              </p>
            </li>
          ))}
        </ol>
      )}
      {calls.length > 0 && (
        <>
          <h3>{t('history.calls')}</h3>
          <ul className="calls">
            {calls.slice(0, PAST_CALLS_SHOWN).map((c) => (
              <li key={c.id}>
                <span className="muted">{f.dateTime(c.createdAt)}</span> · {t(`kind.${c.kind}` as 'kind.complaint')}
                {c.ticketNumber && <> · <TicketLink number={c.ticketNumber} /></>}
                {c.description && <span className="desc-inline"> · {c.description}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/**
 * A ticket of the caller's, opened in a new tab: the call being logged stays as it is. `opener`
 * so the new tab starts with this tab's session (sessionStorage is copied only then).
 */
function TicketLink({ number, strong }: { number: string; strong?: boolean }) {
  const { t } = useI18n();
  const link = (
    <a className="number" href={`/tickets/${encodeURIComponent(number)}`} target="_blank" rel="opener" title={t('history.openTicket')}>
      {number}
    </a>
  );
  return strong ? <strong>{link}</strong> : link;
}
