import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { isAbort } from '../../api';
import { errorText, useI18n } from '../../i18n/i18n';
import { serverNow } from '../../server-clock';
import { useSession } from '../../session';
import { ActionDialog, actionLabel } from '../../tickets/action-dialog';
import { DispatchDialog, MergeDialog } from '../dispatch/dispatch-dialogs';
import { LiveClock } from '../../tickets/live-clock-view';
import { actionsFor, type TicketAction } from '../../tickets/ticket-actions';
import type { TicketDetail } from '../../tickets/ticket-types';
import { useFormat } from '../../use-format';
import { useTitle } from '../../use-title';
import { Calls, Deadlines, Emails, label, Ratings, Sms, Timeline } from './ticket-sections';

type State = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; ticket: TicketDetail };

/**
 * Everything about one ticket: its facts and running clock, the actions this user may take (the
 * queue's own dialogs), its history, its deadlines and what became of them, and every call, SMS,
 * e-mail and rating tied to it. What a role may read is the API's decision (agents get no
 * access code or phone numbers); the page shows what it is given.
 */
export function TicketPage() {
  const { number = '' } = useParams();
  const { t } = useI18n();
  const f = useFormat();
  const { api, user } = useSession();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [open, setOpen] = useState<TicketAction | null>(null);
  // the dispatch desk's two actions, for the back office reading the ticket
  const [desk, setDesk] = useState<'dispatch' | 'merge' | null>(null);
  const [done, setDone] = useState('');
  const status = useRef<HTMLParagraphElement>(null);
  useTitle(t('ticket.title', { number }));

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    api<TicketDetail>('GET', `/tickets/${encodeURIComponent(number)}`, { signal: controller.signal }).then(
      (ticket) => setState({ status: 'ready', ticket }),
      (error) => !isAbort(error) && setState({ status: 'error', error }),
    );
    return () => controller.abort();
  }, [api, number]);

  const onDone = useCallback(
    (action: TicketAction, ticket: TicketDetail) => {
      setState({ status: 'ready', ticket });
      setOpen(null);
      setDone(t(`queue.done.${action}`, { number: ticket.number }));
      status.current?.focus();
    },
    [t],
  );
  const onReloaded = useCallback((ticket: TicketDetail) => setState({ status: 'ready', ticket }), []);
  const onDesk = useCallback((ticket: TicketDetail, text: string) => {
    setState({ status: 'ready', ticket });
    setDesk(null);
    setDone(text);
    requestAnimationFrame(() => status.current?.focus());
  }, []);

  if (state.status === 'loading') return <p className="muted pad">{t('ticket.loading')}</p>;
  if (state.status === 'error')
    return (
      <div className="pad">
        <p className="error" role="alert">
          {errorText(t, state.error)}
        </p>
        <Link to="/">{t('notFound.back')}</Link>
      </div>
    );
  const tk = state.ticket;
  const actions = user ? actionsFor(tk, user, serverNow()) : [];
  const deskActions = (['dispatch', 'merge'] as const).filter((a) => tk.actions.includes(a));
  return (
    <div className="ticket-page">
      <div className="page-head">
        <h1 id="ticket-title">
          {t('ticket.title', { number: '' })}
          <span className="number">{tk.number}</span>
        </h1>
        <span className={`status-badge status-${tk.status}`} data-testid="ticket-status">
          {label(t, `status.${tk.status}`, tk.status)}
        </span>
        {tk.clock && <LiveClock clock={tk.clock} />}
        {user?.role === 'agent' && <Link to="/queue">{t('ticket.back')}</Link>}
      </div>
      <p ref={status} className="done" role="status" tabIndex={-1}>
        {done}
      </p>
      <div className="ticket-columns">
        <div className="ticket-main">
          <section className="card" aria-labelledby="facts-title">
            <h2 id="facts-title">{t('ticket.facts')}</h2>
            <dl className="facts">
              <dt>{t('ticket.description')}</dt>
              <dd className="description">{tk.description}</dd>
              {tk.address && (
                <>
                  <dt>{t('ticket.address')}</dt>
                  <dd>{[tk.district, tk.address].filter(Boolean).join(' · ')}</dd>
                </>
              )}
              <dt>{t('ticket.category')}</dt>
              <dd>{tk.category?.name ?? '—'}</dd>
              <dt>{t('ticket.priority')}</dt>
              <dd>{label(t, `priority.${tk.priority}`, tk.priority)}</dd>
              <dt>{t('ticket.lead')}</dt>
              <dd>{tk.leadDepartment?.name ?? t('ticket.noDepartment')}</dd>
              {tk.assistingDepartments.length > 0 && (
                <>
                  <dt>{t('ticket.assisting')}</dt>
                  <dd>{tk.assistingDepartments.map((d) => d.name).join(', ')}</dd>
                </>
              )}
              {(tk.dueAt || (tk.status === 'suspended' && tk.originalDueAt)) && (
                <>
                  <dt>{t('ticket.promise')}</dt>
                  <dd data-testid="promise">
                    {tk.dueAt ? f.dateTime(tk.dueAt) : t('ticket.promisePaused')}
                    {tk.originalDueAt && tk.originalDueAt !== tk.dueAt && <span className="muted"> ({t('ticket.firstPromise', { time: f.dateTime(tk.originalDueAt) })})</span>}
                  </dd>
                </>
              )}
              {tk.accessCode && (
                <>
                  <dt>{t('ticket.accessCode')}</dt>
                  <dd data-testid="access-code">{tk.accessCode}</dd>
                </>
              )}
              <dt>{t('ticket.registeredAt')}</dt>
              <dd>{f.dateTime(tk.createdAt)}</dd>
              <dt>{t('ticket.counts')}</dt>
              <dd>{t('ticket.countsValue', { urged: tk.urgeCount, returned: tk.returnCount })}</dd>
              {tk.resolution && (
                <>
                  <dt>{t('ticket.resolution')}</dt>
                  <dd className="description">{tk.resolution}</dd>
                </>
              )}
            </dl>
            {actions.length + deskActions.length > 0 && (
              <div className="ticket-actions" role="group" aria-label={t('ticket.actions')}>
                {deskActions.map((a) => (
                  <button key={a} type="button" className={a === 'dispatch' ? 'primary' : undefined} onClick={() => setDesk(a)}>
                    {t(`dispatch.${a}`)}
                  </button>
                ))}
                {actions.map((a) => (
                  <button key={a} type="button" className={a === 'accept' || a === 'resolve' ? 'primary' : undefined} onClick={() => setOpen(a)}>
                    {t(actionLabel(a))}
                  </button>
                ))}
              </div>
            )}
          </section>
          <Timeline ticket={tk} />
        </div>
        <div className="ticket-side">
          <Deadlines ticket={tk} />
          <Sms ticket={tk} />
          <Calls ticket={tk} />
          <Emails ticket={tk} />
          <Ratings ticket={tk} />
        </div>
      </div>
      {open && <ActionDialog ticket={tk} action={open} onDone={onDone} onReloaded={onReloaded} onClose={() => setOpen(null)} />}
      {desk === 'dispatch' && (
        <DispatchDialog ticket={tk} onDone={(after) => onDesk(after, t('dispatch.done.dispatch', { number: after.number, department: after.leadDepartment?.name ?? '—' }))} onReloaded={onReloaded} onClose={() => setDesk(null)} />
      )}
      {desk === 'merge' && <MergeDialog ticket={tk} onDone={(after, into) => onDesk(after, t('dispatch.done.merge', { number: after.number, into }))} onReloaded={onReloaded} onClose={() => setDesk(null)} />}
    </div>
  );
}
