import { memo } from 'react';
import type { SessionUser } from '../../api';
import { useI18n } from '../../i18n/i18n';
import { serverNow } from '../../server-clock';
import { actionLabel } from '../../tickets/action-dialog';
import { LiveClock } from '../../tickets/live-clock-view';
import { actionsFor, leads, type TicketAction } from '../../tickets/ticket-actions';
import { TicketNumber } from '../../tickets/ticket-number';
import type { WorkTicket } from '../../tickets/ticket-types';
import { useFormat } from '../../use-format';

interface Props {
  ticket: WorkTicket;
  user: SessionUser;
  onAction(ticket: WorkTicket, action: TicketAction): void;
}

/**
 * One ticket of the queue. Memoised: the list re-renders a row only when its ticket changes; its
 * countdown alone follows the shared tick.
 */
export const QueueRow = memo(function QueueRow({ ticket, user, onAction }: Props) {
  const { t } = useI18n();
  const f = useFormat();
  const assisting = !leads(ticket, user);
  const actions = actionsFor(ticket, user, serverNow());
  return (
    <tr className={assisting ? 'assisting' : undefined} data-number={ticket.number}>
      <ClockCell ticket={ticket} />
      <td className="col-ticket">
        <NumberAndCategory ticket={ticket} />
        {assisting && (
          <span className="tag assist-tag" title={t('queue.assistingMay')}>
            {t('queue.assisting', { lead: ticket.leadDepartment?.name ?? '—' })}
          </span>
        )}
        {ticket.urgeCount > 0 && <span className="tag urged">{t('history.urged', { count: ticket.urgeCount })}</span>}
        <span className="desc" title={ticket.description}>
          {ticket.description}
        </span>
      </td>
      <td className="col-status">{t(`status.${ticket.status}` as 'status.accepted')}</td>
      <td className="col-due">
        {ticket.clock ? t('clock.stageBy', { stage: t(`stage.${ticket.clock.stage}` as 'stage.accept'), time: f.dateTime(ticket.clock.dueAt) }) : ticket.dueAt ? f.dateTime(ticket.dueAt) : '—'}
      </td>
      <td>
        <div className="col-actions">
        {actions.length === 0 ? (
          <span className="muted">{t('queue.nothingToDo')}</span>
        ) : (
          actions.map((a) => (
            <button key={a} type="button" className={`small${a === 'accept' || a === 'resolve' ? ' go' : ''}`} aria-label={t('action.on', { action: t(actionLabel(a)), number: ticket.number })} onClick={() => onAction(ticket, a)}>
              {t(actionLabel(a))}
            </button>
          ))
        )}
        </div>
      </td>
    </tr>
  );
});

/** A list's first cell: the running stage's light and countdown. */
export function ClockCell({ ticket }: { ticket: Pick<WorkTicket, 'clock'> }) {
  const { t } = useI18n();
  return <td className="col-left">{ticket.clock ? <LiveClock clock={ticket.clock} showDue={false} /> : <span className="muted">{t('clock.none')}</span>}</td>;
}

/** The ticket's number, linked to its page, and its category. */
export function NumberAndCategory({ ticket }: { ticket: Pick<WorkTicket, 'number' | 'category'> }) {
  return (
    <>
      <TicketNumber number={ticket.number} />{' '}
      {ticket.category && <span className="tag">{ticket.category.name}</span>}
    </>
  );
}
