import { memo, useCallback, useMemo, useRef, useState } from 'react';
import { errorText, useI18n } from '../../i18n/i18n';
import { useServerNow } from '../../server-clock';
import { lightAt } from '../../tickets/live-clock';
import type { TicketDetail, WorkTicket } from '../../tickets/ticket-types';
import { useTitle } from '../../use-title';
import { ClockCell, NumberAndCategory } from '../queue/queue-row';
import { useTicketList } from '../queue/use-queue';
import { DispatchDialog, MergeDialog } from './dispatch-dialogs';

/** A ticket waits for the dispatcher while it has no department working on it. */
export const DISPATCH_STATUSES: readonly string[] = ['registered', 'returned'];

type Open = { ticket: WorkTicket; action: 'dispatch' | 'merge' };

/**
 * 派单: every ticket no department is working on — registered and not routed at once, or returned
 * (退单) — the nearest dispatch deadline first. Dispatch to a lead department (the routing rules'
 * suggestion first) with assisting ones, or merge a duplicate into the ticket that stays. A
 * dispatched ticket leaves the list; the caller's resolve clock runs on from registration.
 */
export function DispatchPage() {
  const { t } = useI18n();
  const { state, reload, patch } = useTicketList(DISPATCH_STATUSES);
  const [open, setOpen] = useState<Open | null>(null);
  const [done, setDone] = useState('');
  const status = useRef<HTMLParagraphElement>(null);
  const now = useServerNow(30_000);
  useTitle(t('dispatch.title'));

  const tickets = state.status === 'ready' ? state.tickets : [];
  const counts = useMemo(() => {
    const c = { red: 0, yellow: 0, green: 0 };
    for (const x of tickets) if (x.clock) c[lightAt(x.clock, now)] += 1;
    return c;
  }, [tickets, now]);

  const onAction = useCallback((ticket: WorkTicket, action: Open['action']) => setOpen({ ticket, action }), []);
  const finish = useCallback(
    (text: string, after: TicketDetail) => {
      patch(after, DISPATCH_STATUSES.includes(after.status));
      setOpen(null);
      setDone(text);
      // after the dialog has closed and handed the keyboard back to its (now removed) opener
      requestAnimationFrame(() => status.current?.focus());
    },
    [patch],
  );
  const onReloaded = useCallback(
    (after: TicketDetail) => {
      patch(after, DISPATCH_STATUSES.includes(after.status));
      setOpen((o) => (o && DISPATCH_STATUSES.includes(after.status) ? { ...o, ticket: after } : null));
    },
    [patch],
  );

  return (
    <div className="queue dispatch">
      <div className="page-head">
        <h1 id="dispatch-title">{t('dispatch.title')}</h1>
        {state.status === 'ready' && (
          <p className="summary" data-testid="dispatch-summary">
            {t('dispatch.summary', { total: state.total, ...counts })}
          </p>
        )}
        <button type="button" onClick={() => void reload()}>
          {t('queue.refresh')}
        </button>
      </div>
      <p ref={status} className="done" role="status" tabIndex={-1} data-testid="dispatch-status">
        {done}
      </p>
      {state.status === 'loading' && <p className="muted">{t('loading')}</p>}
      {state.status === 'error' && (
        <p className="error" role="alert">
          {errorText(t, state.error)}
        </p>
      )}
      {state.status === 'ready' &&
        (tickets.length === 0 ? (
          <p className="muted">{t('dispatch.empty')}</p>
        ) : (
          <table className="queue-table" aria-labelledby="dispatch-title">
            <thead>
              <tr>
                <th scope="col">{t('queue.col.left')}</th>
                <th scope="col">{t('queue.col.ticket')}</th>
                <th scope="col">{t('dispatch.col.where')}</th>
                <th scope="col">{t('queue.col.status')}</th>
                <th scope="col">{t('queue.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {tickets.map((x) => (
                <DispatchRow key={x.id} ticket={x} onAction={onAction} />
              ))}
            </tbody>
          </table>
        ))}
      {open?.action === 'dispatch' && (
        <DispatchDialog
          ticket={open.ticket}
          onDone={(after) => finish(t('dispatch.done.dispatch', { number: after.number, department: after.leadDepartment?.name ?? '—' }), after)}
          onReloaded={onReloaded}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.action === 'merge' && (
        <MergeDialog
          ticket={open.ticket}
          onDone={(after, into) => finish(t('dispatch.done.merge', { number: after.number, into }), after)}
          onReloaded={onReloaded}
          onClose={() => setOpen(null)}
        />
      )}
    </div>
  );
}

const DispatchRow = memo(function DispatchRow({ ticket, onAction }: { ticket: WorkTicket; onAction(ticket: WorkTicket, action: Open['action']): void }) {
  const { t } = useI18n();
  const may = (a: 'dispatch' | 'merge') => ticket.actions.includes(a);
  return (
    <tr data-number={ticket.number}>
      <ClockCell ticket={ticket} />
      <td className="col-ticket">
        <NumberAndCategory ticket={ticket} />
        {ticket.priority === 'urgent' && <span className="tag urged">{t('priority.urgent')}</span>}
        {ticket.returnCount > 0 && <span className="tag returned">{t('dispatch.returned', { count: ticket.returnCount })}</span>}
        <span className="desc" title={ticket.description}>
          {ticket.description}
        </span>
      </td>
      <td>{[ticket.district, ticket.address].filter(Boolean).join(' · ') || '—'}</td>
      <td className="col-status">{t(`status.${ticket.status}` as 'status.registered')}</td>
      <td>
        <div className="col-actions">
          {may('dispatch') && (
            <button type="button" className="small go" aria-label={t('dispatch.dispatchOn', { number: ticket.number })} onClick={() => onAction(ticket, 'dispatch')}>
              {t('dispatch.dispatch')}
            </button>
          )}
          {may('merge') && (
            <button type="button" className="small" aria-label={t('dispatch.mergeOn', { number: ticket.number })} onClick={() => onAction(ticket, 'merge')}>
              {t('dispatch.merge')}
            </button>
          )}
        </div>
      </td>
    </tr>
  );
});
