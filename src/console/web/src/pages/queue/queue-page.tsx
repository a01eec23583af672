import { useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import { errorText, useI18n } from '../../i18n/i18n';
import { useServerNow } from '../../server-clock';
import { useSession } from '../../session';
import { ActionDialog } from '../../tickets/action-dialog';
import { lightAt } from '../../tickets/live-clock';
import { leads, type TicketAction } from '../../tickets/ticket-actions';
import type { TicketDetail, WorkTicket } from '../../tickets/ticket-types';
import { useFormat } from '../../use-format';
import { useTitle } from '../../use-title';
import { QueueRow } from './queue-row';
import { MAX_TICKETS, QUEUE_STATUSES, useQueue } from './use-queue';

type Show = 'all' | 'lead' | 'assist';

/**
 * 部门待办: the agent's department's open tickets, the nearest deadline first, each with its
 * light and countdown on the server's clock, and the actions the lifecycle allows this agent.
 * Tickets the department only assists on are shown too, marked, with what assisting allows.
 */
export function QueuePage() {
  const { t } = useI18n();
  const f = useFormat();
  const { user } = useSession();
  const { state, reload, patch } = useQueue();
  const [show, setShow] = useState<Show>('all');
  const [search, setSearch] = useState('');
  const query = useDeferredValue(search.trim().toLowerCase());
  const [open, setOpen] = useState<{ ticket: WorkTicket; action: TicketAction } | null>(null);
  const [done, setDone] = useState('');
  const status = useRef<HTMLParagraphElement>(null);
  const now = useServerNow(30_000);
  useTitle(t('queue.title'));

  const tickets = state.status === 'ready' ? state.tickets : [];
  const lead = useMemo(() => (user ? tickets.filter((x) => leads(x, user)) : []), [tickets, user]);
  const counts = useMemo(() => {
    const c = { red: 0, yellow: 0, green: 0 };
    for (const x of tickets) if (x.clock) c[lightAt(x.clock, now)] += 1;
    return c;
  }, [tickets, now]);
  const shown = useMemo(() => {
    const base = show === 'all' ? tickets : show === 'lead' ? lead : tickets.filter((x) => !lead.includes(x));
    if (!query) return base;
    const compact = query.replace(/[\s-]/g, '');
    return base.filter((x) => x.number.toLowerCase().includes(compact) || x.description.toLowerCase().includes(query));
  }, [tickets, lead, show, query]);

  const onAction = useCallback((ticket: WorkTicket, action: TicketAction) => setOpen({ ticket, action }), []);
  const onDone = useCallback(
    (action: TicketAction, after: TicketDetail) => {
      const mine = !!user?.departmentId && (after.leadDepartment?.id === user.departmentId || after.assistingDepartments.some((d) => d.id === user.departmentId));
      patch(after, mine && QUEUE_STATUSES.includes(after.status));
      setOpen(null);
      setDone(t(`queue.done.${action}`, { number: after.number }));
      status.current?.focus();
    },
    [patch, t, user],
  );
  const onReloaded = useCallback((after: TicketDetail) => {
    patch(after, QUEUE_STATUSES.includes(after.status));
    setOpen((o) => (o ? { ...o, ticket: after } : o));
  }, [patch]);

  if (!user) return null;
  if (!user.departmentId) return <p className="pad">{t('queue.noDepartment')}</p>;
  return (
    <div className="queue">
      <div className="page-head">
        <h1 id="queue-title">{t('queue.title')}</h1>
        {state.status === 'ready' && (
          <p className="summary" data-testid="queue-summary">
            {t('queue.summary', { total: state.total, ...counts })}
            {tickets.length < Math.min(state.total, MAX_TICKETS) && <span className="muted"> · {t('loading')}</span>}
          </p>
        )}
      </div>
      <div className="queue-tools">
        <div role="group" aria-label={t('queue.show')} className="segmented">
          {(['all', 'lead', 'assist'] as const).map((s) => (
            <button key={s} type="button" aria-pressed={show === s} onClick={() => setShow(s)}>
              {t(`queue.show.${s}`, { n: s === 'all' ? tickets.length : s === 'lead' ? lead.length : tickets.length - lead.length })}
            </button>
          ))}
        </div>
        <div className="field search">
          <label htmlFor="queue-search" className="sr-only">
            {t('queue.search')}
          </label>
          <input id="queue-search" type="search" placeholder={t('queue.searchHint')} value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <button type="button" onClick={() => void reload()}>
          {t('queue.refresh')}
        </button>
        {state.status === 'ready' && <span className="muted small-text">{t('queue.updated', { time: f.dateTime(new Date(state.at).toISOString()) })}</span>}
      </div>
      <p ref={status} className="done" role="status" tabIndex={-1} data-testid="queue-status">
        {done}
      </p>
      {state.status === 'loading' && <p className="muted">{t('loading')}</p>}
      {state.status === 'error' && (
        <p className="error" role="alert">
          {errorText(t, state.error)}
        </p>
      )}
      {state.status === 'ready' && state.total > tickets.length && tickets.length >= MAX_TICKETS && <p className="notice">{t('queue.truncated', { shown: tickets.length, total: state.total })}</p>}
      {state.status === 'ready' &&
        (shown.length === 0 ? (
          <p className="muted">{tickets.length === 0 ? t('queue.empty') : t('queue.noMatch')}</p>
        ) : (
          <table className="queue-table" aria-labelledby="queue-title">
            <thead>
              <tr>
                <th scope="col">{t('queue.col.left')}</th>
                <th scope="col">{t('queue.col.ticket')}</th>
                <th scope="col">{t('queue.col.status')}</th>
                <th scope="col">{t('queue.col.due')}</th>
                <th scope="col">{t('queue.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((x) => (
                <QueueRow key={x.id} ticket={x} user={user} onAction={onAction} />
              ))}
            </tbody>
          </table>
        ))}
      {open && <ActionDialog ticket={open.ticket} action={open.action} onDone={onDone} onReloaded={onReloaded} onClose={() => setOpen(null)} />}
    </div>
  );
}
