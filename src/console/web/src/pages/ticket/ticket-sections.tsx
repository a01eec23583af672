import type { ReactNode } from 'react';
import { useI18n, type Translate } from '../../i18n/i18n';
import { isMessageKey } from '../../i18n/messages';
import { serverNow } from '../../server-clock';
import type { DeadlineRow, TicketDetail, TicketEventView } from '../../tickets/ticket-types';
import { useFormat } from '../../use-format';

/** A message when the catalogue has one, else the raw code: a new event type still shows, in English. */
export function label(t: Translate, key: string, fallback: string, vars?: Record<string, string | number>): string {
  return isMessageKey(key) ? t(key, vars) : fallback;
}

export function Section({ id, title, count, children }: { id: string; title: string; count?: number; children: ReactNode }) {
  return (
    <section className="card ticket-section" aria-labelledby={id}>
      <h2 id={id}>
        {title} {count !== undefined && <span className="count">{count}</span>}
      </h2>
      {children}
    </section>
  );
}

function Actor({ e }: { e: TicketEventView }) {
  const { t } = useI18n();
  if (e.actorRole === 'caller') return <>{t('ticket.caller')}</>;
  if (!e.actorId) return <>{t('ticket.system')}</>;
  const role = label(t, `role.${e.actorRole}`, e.actorRole ?? '');
  return <>{t('ticket.actor', { name: e.actorName ?? e.actorId.slice(0, 8), role })}</>;
}

/** Who did what, when and why: the ticket's history, oldest first, as the API appended it. */
export function Timeline({ ticket }: { ticket: TicketDetail }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <Section id="timeline-title" title={t('ticket.timeline')} count={ticket.events.length}>
      <ol className="timeline" data-testid="timeline">
        {ticket.events.map((e) => {
          const p = e.payload as { public?: boolean; fromDueAt?: string; toDueAt?: string; currentDueAt?: string; requestedDueAt?: string };
          const from = p.fromDueAt ?? p.currentDueAt;
          const to = p.toDueAt ?? p.requestedDueAt;
          return (
            <li key={e.id} data-type={e.type}>
              <time dateTime={e.createdAt}>{f.dateTime(e.createdAt)}</time>
              <div>
                <strong>{label(t, `event.${e.type}`, e.type)}</strong>
                {e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus && (
                  <span className="muted"> · {label(t, `status.${e.fromStatus}`, e.fromStatus)} → {label(t, `status.${e.toStatus}`, e.toStatus)}</span>
                )}
                <span className="muted"> · <Actor e={e} /></span>
                {p.public && <span className="tag">{t('ticket.public')}</span>}
                {e.reasonCode && <p className="reason">{t('ticket.reasonCode', { reason: label(t, `reason.${e.reasonCode}`, e.reasonCode) })}</p>}
                {from && to && <p>{t('ticket.extension', { from: f.dateTime(from), to: f.dateTime(to) })}</p>}
                {e.note && <p className="note">{e.note}</p>}
              </div>
            </li>
          );
        })}
      </ol>
    </Section>
  );
}

function outcome(t: Translate, f: ReturnType<typeof useFormat>, d: DeadlineRow): { text: string; tone: string } {
  if (d.kind === 'breach' && d.stageEndedAt) {
    const met = Date.parse(d.stageEndedAt) <= Date.parse(d.stageDueAt);
    return { text: t(met ? 'dl.met' : 'dl.missed', { time: f.dateTime(d.stageEndedAt) }), tone: met ? 'ok' : 'bad' };
  }
  if (d.status === 'fired') return { text: t('dl.fired', { time: f.dateTime(d.firedAt ?? d.dueAt) }), tone: d.kind === 'warning' ? 'warn' : 'bad' };
  // cancelled by the transition that made it moot: named like the stage it ended (accept, resolve…)
  if (d.status === 'cancelled') return { text: t('dl.cancelled', { reason: d.cancelReason ? label(t, `stage.${d.cancelReason}`, d.cancelReason) : '—' }), tone: 'muted' };
  if (d.kind === 'breach' && Date.parse(d.stageDueAt) <= serverNow()) return { text: t('dl.running'), tone: 'bad' };
  return { text: t('dl.pending'), tone: 'pending' };
}

/** Every timer the ticket had, past and pending, and what became of it. */
export function Deadlines({ ticket }: { ticket: TicketDetail }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <Section id="deadlines-title" title={t('ticket.deadlines')} count={ticket.deadlines.length}>
      {ticket.deadlines.length === 0 ? (
        <p className="muted">{t('ticket.none')}</p>
      ) : (
        <table className="plain" data-testid="deadlines">
          <thead>
            <tr>
              <th scope="col">{t('dl.stage')}</th>
              <th scope="col">{t('dl.kind')}</th>
              <th scope="col">{t('dl.due')}</th>
              <th scope="col">{t('dl.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {[...ticket.deadlines].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt)).map((d) => {
              const o = outcome(t, f, d);
              return (
                <tr key={d.id}>
                  <td>{label(t, `stage.${d.stage}`, d.stage)}</td>
                  <td>{label(t, `dl.kind.${d.kind}`, d.kind, { n: d.kind === 'reminder' ? d.seq : d.level })}</td>
                  <td>{f.dateTime(d.dueAt)}</td>
                  <td className={`tone-${o.tone}`}>{o.text}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Section>
  );
}

export function Calls({ ticket }: { ticket: TicketDetail }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <Section id="calls-title" title={t('ticket.calls')} count={ticket.calls.length}>
      {ticket.calls.length === 0 ? (
        <p className="muted">{t('ticket.none')}</p>
      ) : (
        <ul className="plain-list">
          {ticket.calls.map((c) => (
            <li key={c.id}>
              <time dateTime={c.createdAt}>{f.dateTime(c.createdAt)}</time> · {label(t, `kind.${c.kind}`, c.kind)}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

/** SMS both ways, oldest first, with the delivery state of what was sent. */
export function Sms({ ticket }: { ticket: TicketDetail }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <Section id="sms-title" title={t('ticket.sms')} count={ticket.sms.length}>
      {ticket.sms.length === 0 ? (
        <p className="muted">{t('ticket.none')}</p>
      ) : (
        <ol className="messages" data-testid="sms">
          {ticket.sms.map((m) => (
            <li key={m.id} className={`sms sms-${m.direction}`}>
              <div className="meta">
                <strong>{t(m.direction === 'in' ? 'sms.in' : 'sms.out')}</strong> · <time dateTime={m.createdAt}>{f.dateTime(m.createdAt)}</time>
                {m.phone && <> · {m.phone}</>}
                {' · '}
                <span className={`sms-state state-${m.status}`}>{label(t, `sms.status.${m.status}`, m.status)}</span>
                {m.segments && m.segments > 1 ? <> · {t('sms.segments', { n: m.segments })}</> : null}
              </div>
              <p className="body">{m.body}</p>
              {(m.lastError || m.errorCode) && <p className="error small-text">{[m.errorCode, m.lastError].filter(Boolean).join(' ')}</p>}
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

export function Emails({ ticket }: { ticket: TicketDetail }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <Section id="emails-title" title={t('ticket.emails')} count={ticket.emails.length}>
      {ticket.emails.length === 0 ? (
        <p className="muted">{t('ticket.none')}</p>
      ) : (
        <ul className="plain-list">
          {ticket.emails.map((m) => (
            <li key={m.id}>
              <time dateTime={m.createdAt}>{f.dateTime(m.createdAt)}</time> · {m.subject} · <span className={`sms-state state-${m.status}`}>{label(t, `sms.status.${m.status}`, m.status)}</span>
              {m.to && <> · {m.to}</>}
              {m.lastError && <span className="error small-text"> {m.lastError}</span>}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export function Ratings({ ticket }: { ticket: TicketDetail }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <Section id="rating-title" title={t('ticket.rating')}>
      {ticket.ratings.length === 0 ? (
        <p className="muted">{t('ticket.none')}</p>
      ) : (
        <ul className="plain-list">
          {ticket.ratings.map((r, i) => (
            <li key={i}>
              <strong className={r.satisfied ? 'tone-ok' : 'tone-bad'}>{t(r.satisfied ? 'rating.satisfied' : 'rating.unsatisfied')}</strong> · {t('rating.score', { score: r.score })} · {label(t, `rating.via.${r.source}`, t('rating.source', { source: r.source }))} ·{' '}
              <time dateTime={r.createdAt}>{f.dateTime(r.createdAt)}</time>
              {r.comment && <p className="note">{r.comment}</p>}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
