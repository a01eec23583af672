import { useEffect, useRef } from 'react';
import type { LoggedCall } from '../../api';
import { useI18n } from '../../i18n/i18n';
import { useFormat } from '../../use-format';

interface Props {
  logged: LoggedCall;
  smsOptedOut: boolean;
  /** The department the routing rules suggested, while a dispatcher has yet to confirm it. */
  suggested: string | null;
  onNext(): void;
}

/**
 * What the operator reads out after saving, large enough to read at a glance mid-sentence:
 * the ticket number, the access code and the committed deadline.
 */
export function CallResult({ logged, smsOptedOut, suggested, onNext }: Props) {
  const { t } = useI18n();
  const f = useFormat();
  const next = useRef<HTMLButtonElement>(null);
  const { ticket, call, possibleDuplicates } = logged;
  useEffect(() => next.current?.focus(), []);
  const title = call.kind === 'follow_up' ? t('result.followUp') : call.kind === 'inquiry' ? t('result.inquiry') : t('result.registered');
  return (
    <section className="card result" aria-labelledby="result-title" role="status">
      <h2 id="result-title">{title}</h2>
      <div className="readout">
        <div>
          <span className="label">{t('result.number')}</span>
          <span className="huge number" data-testid="ticket-number">
            {ticket.number}
          </span>
        </div>
        {ticket.accessCode && call.kind === 'complaint' && (
          <div>
            <span className="label">{t('result.code')}</span>
            <span className="huge" data-testid="access-code">
              {ticket.accessCode}
            </span>
          </div>
        )}
      </div>
      <dl className="result-facts">
        {ticket.dueAt && ticket.kind === 'complaint' && (
          <>
            <dt>{t('result.deadline')}</dt>
            <dd className="big-time" data-testid="result-deadline">
              {f.dateTime(ticket.dueAt)}
            </dd>
          </>
        )}
        {ticket.kind === 'inquiry' && ticket.resolution && (
          <>
            <dt>{t('result.answer')}</dt>
            <dd>{ticket.resolution}</dd>
          </>
        )}
        {ticket.kind === 'complaint' && (
          <>
            <dt>{t('result.department')}</dt>
            <dd data-testid="result-department">{ticket.leadDepartment?.name ?? (suggested ? t('result.suggested', { name: suggested }) : t('result.awaiting'))}</dd>
          </>
        )}
      </dl>
      {call.kind === 'follow_up' && <p>{t('result.urged', { count: ticket.urgeCount })}</p>}
      {possibleDuplicates.length > 0 && <p className="notice">{t('result.duplicates', { numbers: possibleDuplicates.map((d) => d.number).join(', ') })}</p>}
      {/* only a new complaint sends the caller its number, code and deadline by SMS */}
      {call.kind === 'complaint' && <p className="muted">{smsOptedOut ? t('result.noSms') : t('result.sms')}</p>}
      <button type="button" ref={next} className="primary" aria-keyshortcuts="Escape" onClick={onNext}>
        {t('result.next')}
      </button>
    </section>
  );
}
