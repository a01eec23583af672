import { useEffect, useState } from 'react';
import type { RouteSuggestion } from '../../api';
import { AssistingChecks } from '../../department-checks';
import { FormDialog } from '../../form-dialog';
import { useI18n } from '../../i18n/i18n';
import { isMessageKey } from '../../i18n/messages';
import { useSession, type Api } from '../../session';
import { reloadOnConflict } from '../../tickets/action-dialog';
import type { TicketDetail, TicketEventView, WorkTicket } from '../../tickets/ticket-types';
import { useFormat } from '../../use-format';
import { control, Field } from '../admin/admin-kit';

interface HandlingDepartment {
  id: string;
  code: string;
  name: string;
}

interface DialogProps {
  ticket: WorkTicket;
  /** The ticket as it is now, after someone else changed it first. */
  onReloaded(ticket: TicketDetail): void;
  onClose(): void;
}

/** The departments a ticket can be dispatched to (active, handling ones), read when a dialog opens. */
function useHandlingDepartments(): HandlingDepartment[] {
  const { api } = useSession();
  const [departments, setDepartments] = useState<HandlingDepartment[]>([]);
  useEffect(() => {
    let live = true;
    api<(HandlingDepartment & { kind: string; active: boolean })[]>('GET', '/departments').then(
      (all) => live && setDepartments(all.filter((d) => d.kind === 'department' && d.active)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  return departments;
}

/** Acts with the version the dispatcher saw; when someone changed the ticket meanwhile, the fresh one is shown and the refusal stands. */
async function act(api: Api, ticket: WorkTicket, action: 'dispatch' | 'merge', body: Record<string, unknown>, onReloaded: (t: TicketDetail) => void): Promise<TicketDetail> {
  try {
    return await api<TicketDetail>('POST', `/tickets/${encodeURIComponent(ticket.number)}/${action}`, { body: { ...body, expectedVersion: ticket.version } });
  } catch (err) {
    reloadOnConflict(api, err, ticket.number, onReloaded);
    throw err;
  }
}

/**
 * 派单 one ticket: the routing rules' suggestion is chosen already (and named, with its rule), the
 * last return's reason is in view so a ticket is not sent back where it just came from, and the
 * department the rules did not think of is one select away. Assisting departments are ticked.
 */
export function DispatchDialog({ ticket, onDone, onReloaded, onClose }: DialogProps & { onDone(after: TicketDetail): void }) {
  const { t } = useI18n();
  const f = useFormat();
  const { api } = useSession();
  const departments = useHandlingDepartments();
  const [suggestions, setSuggestions] = useState<RouteSuggestion[] | null>(null);
  const [lastReturn, setLastReturn] = useState<TicketEventView | null>(null);
  const [lead, setLead] = useState('');
  const [assisting, setAssisting] = useState<string[]>([]);
  const [note, setNote] = useState('');

  useEffect(() => {
    let live = true;
    const query: Record<string, string> = { description: ticket.description.slice(0, 5000) };
    if (ticket.category) query.categoryCode = ticket.category.code;
    if (ticket.district) query.district = ticket.district;
    const path = `/tickets/${encodeURIComponent(ticket.number)}`;
    Promise.all([
      api<RouteSuggestion[]>('GET', '/routing/suggest', { query }).catch(() => [] as RouteSuggestion[]),
      ticket.returnCount > 0 ? api<TicketDetail>('GET', path).then((d) => [...d.events].reverse().find((e) => e.type === 'returned') ?? null, () => null) : null,
    ]).then(([found, returnEvent]) => {
      if (!live) return;
      setSuggestions(found);
      setLastReturn(returnEvent);
      // the department that just returned it is not chosen for the dispatcher again: when the
      // rules know no other, the dispatcher decides
      const pick = found.find((s) => s.leadDepartment.id !== returnedBy(returnEvent));
      if (pick) {
        setLead((l) => l || pick.leadDepartment.id);
        setAssisting((a) => (a.length ? a : pick.assistingDepartmentIds));
      }
    });
    return () => {
      live = false;
    };
  }, [api, ticket]);

  const returned = returnedBy(lastReturn);
  const named = (id: string) => departments.find((d) => d.id === id)?.name ?? id;
  const reason = (code: string | null) => (code && isMessageKey(`reason.${code}`) ? t(`reason.${code}` as 'reason.OTHER') : (code ?? ''));
  return (
    <FormDialog
      title={t('dispatch.dispatchOn', { number: ticket.number })}
      submitLabel={t('dispatch.submit')}
      fields={['leadDepartmentId', 'assistingDepartmentIds', 'note']}
      onSubmit={async () => {
        const assist = assisting.filter((id) => id !== lead);
        onDone(await act(api, ticket, 'dispatch', { leadDepartmentId: lead || undefined, assistingDepartmentIds: assist, ...(note.trim() ? { note: note.trim() } : {}) }, onReloaded));
      }}
      onClose={onClose}
    >
      {(err, id) => (
        <>
          <p className="muted desc-line">{ticket.description}</p>
          {lastReturn && (
            <p className="notice" data-testid="last-return">
              {t('dispatch.lastReturn', { who: [lastReturn.actorName, returned && named(returned)].filter(Boolean).join(', ') || '—', time: f.dateTime(lastReturn.createdAt), reason: [reason(lastReturn.reasonCode), lastReturn.note].filter(Boolean).join(' — ') })}
            </p>
          )}
          <div className="suggestions" aria-live="polite">
            {suggestions === null ? (
              <p className="muted">{t('loading')}</p>
            ) : suggestions.length === 0 ? (
              <p className="muted">{t('dispatch.noSuggestion')}</p>
            ) : (
              <p>
                {t('dispatch.suggested')}:{' '}
                {suggestions.slice(0, 3).map((s, i) => (
                  <button
                    key={`${s.ruleName}-${i}`}
                    type="button"
                    className="chip"
                    aria-pressed={lead === s.leadDepartment.id}
                    onClick={() => {
                      setLead(s.leadDepartment.id);
                      setAssisting(s.assistingDepartmentIds);
                    }}
                  >
                    {t('dispatch.useRule', { department: s.leadDepartment.name, rule: s.ruleName })}
                  </button>
                ))}
              </p>
            )}
          </div>
          <Field id={id('leadDepartmentId')} label={t('dispatch.lead')} error={err.leadDepartmentId}>
            <select {...control(id('leadDepartmentId'), err.leadDepartmentId)} data-autofocus required value={lead} onChange={(e) => setLead(e.target.value)}>
              <option value="">{t('dispatch.pickLead')}</option>
              {departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.id === returned ? t('dispatch.returnedHere', { name: d.name }) : d.name}
                </option>
              ))}
            </select>
          </Field>
          <AssistingChecks
            legend={t('dispatch.assisting')}
            departments={departments}
            lead={lead}
            assisting={assisting}
            onChange={setAssisting}
            error={err.assistingDepartmentIds}
            errorId={`${id('assistingDepartmentIds')}-error`}
          />
          <Field id={id('note')} label={t('dispatch.note')} error={err.note}>
            <textarea {...control(id('note'), err.note)} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
          </Field>
        </>
      )}
    </FormDialog>
  );
}

/** The department that returned the ticket, as its return event records it (the ticket itself no longer names it). */
function returnedBy(event: TicketEventView | null): string | undefined {
  const id = event?.payload.departmentId;
  return typeof id === 'string' ? id : undefined;
}

/** 合并: this ticket is a duplicate; it closes as merged and its caller and calls go to the one that stays. */
export function MergeDialog({ ticket, onDone, onReloaded, onClose }: DialogProps & { onDone(after: TicketDetail, into: string): void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [into, setInto] = useState('');
  const [note, setNote] = useState('');
  return (
    <FormDialog
      title={t('dispatch.mergeOn', { number: ticket.number })}
      submitLabel={t('dispatch.mergeSubmit')}
      fields={['intoNumber', 'note']}
      onSubmit={async () => {
        const number = into.trim().toUpperCase();
        onDone(await act(api, ticket, 'merge', { intoNumber: number, ...(note.trim() ? { note: note.trim() } : {}) }, onReloaded), number);
      }}
      onClose={onClose}
    >
      {(err, id) => (
        <>
          <p className="muted desc-line">{ticket.description}</p>
          <Field id={id('intoNumber')} label={t('dispatch.into')} hint={t('dispatch.intoHint')} error={err.intoNumber}>
            <input {...control(id('intoNumber'), err.intoNumber, true)} className="mono" data-autofocus required value={into} onChange={(e) => setInto(e.target.value)} />
          </Field>
          <Field id={id('note')} label={t('dispatch.mergeNote')} error={err.note}>
            <textarea {...control(id('note'), err.note)} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
          </Field>
        </>
      )}
    </FormDialog>
  );
}
