import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api';
import { errorText, useI18n } from '../i18n/i18n';
import { isMessageKey } from '../i18n/messages';
import { useSession, type Api } from '../session';
import { useFormat } from '../use-format';
import type { TicketAction } from './ticket-actions';
import type { TicketDetail, WorkTicket } from './ticket-types';

/** Someone changed the ticket first (409 VERSION_CONFLICT): read it as it is now, so the person sees what they would act on. */
export function reloadOnConflict(api: Api, err: unknown, number: string, onReloaded: (ticket: TicketDetail) => void): void {
  if (err instanceof ApiError && err.code === 'VERSION_CONFLICT') api<TicketDetail>('GET', `/tickets/${encodeURIComponent(number)}`).then(onReloaded, () => undefined);
}

let reasonCodes: Promise<string[]> | null = null;
/** The coded return reasons are the deployment's: read once per page load. */
function returnReasons(api: Api): Promise<string[]> {
  reasonCodes ??= api<{ codes: string[] }>('GET', '/return-reasons').then(
    (r) => r.codes,
    (err) => {
      reasonCodes = null;
      throw err;
    },
  );
  return reasonCodes;
}

interface Props {
  ticket: WorkTicket;
  action: TicketAction;
  /** The ticket after the action (as the API answered it). */
  onDone(action: TicketAction, ticket: TicketDetail): void;
  /** The ticket as it is now, after someone else changed it first. */
  onReloaded(ticket: TicketDetail): void;
  onClose(): void;
}

const LABEL: Record<TicketAction, `action.${TicketAction}`> = {
  accept: 'action.accept',
  return: 'action.return',
  resolve: 'action.resolve',
  suspend: 'action.suspend',
  resume: 'action.resume',
  close: 'action.close',
  reopen: 'action.reopen',
  extension: 'action.extension',
  note: 'action.note',
};
export const actionLabel = (a: TicketAction) => LABEL[a];

/**
 * One action on one ticket, in a modal dialog: the browser keeps the keyboard inside it and Esc
 * closes it. The queue and the ticket page both open it, so each action works the same way
 * everywhere. Transitions carry the version the user saw: acting on a ticket someone else just
 * changed is refused (409) and the fresh ticket is shown instead.
 */
export function ActionDialog({ ticket, action, onDone, onReloaded, onClose }: Props) {
  const { t } = useI18n();
  const f = useFormat();
  const { api } = useSession();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  // the button that opened the dialog: cancelling puts the keyboard back there
  const opener = useRef(document.activeElement as HTMLElement | null);
  const cancel = () => {
    // out of the modal first: while it is open, everything behind it is inert and takes no focus
    dialog.current?.close();
    opener.current?.focus();
    onClose();
  };
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [reasons, setReasons] = useState<string[] | null>(null);
  const [days, setDays] = useState('5');
  const [pub, setPub] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const d = dialog.current!;
    d.showModal();
    // showModal focuses the first control; each action says where its work starts instead
    d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => d.close();
  }, []);
  useEffect(() => {
    if (action !== 'return') return;
    let live = true;
    returnReasons(api).then((codes) => live && setReasons(codes), (err) => live && setError(err));
    return () => {
      live = false;
    };
  }, [action, api]);

  const path = `/tickets/${encodeURIComponent(ticket.number)}`;
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const expectedVersion = ticket.version;
    try {
      let after: TicketDetail;
      if (action === 'note') after = await api<TicketDetail>('POST', `${path}/notes`, { body: { note: text, public: pub } });
      else if (action === 'extension') {
        await api('POST', `${path}/extension-requests`, { body: { reason: text, additionalWorkingDays: Number(days) } });
        after = await api<TicketDetail>('GET', path);
      } else {
        const body =
          action === 'return' ? { reasonCode: reason, note: text, expectedVersion }
          : action === 'resolve' ? { resolution: text, expectedVersion }
          : action === 'suspend' || action === 'reopen' ? { reason: text, expectedVersion }
          : { ...(note ? { note } : {}), expectedVersion };
        after = await api<TicketDetail>('POST', `${path}/${action}`, { body });
      }
      // closed before the page moves the focus: behind an open modal nothing can take it
      dialog.current?.close();
      onDone(action, after);
    } catch (err) {
      setBusy(false);
      setError(err);
      reloadOnConflict(api, err, ticket.number, onReloaded);
    }
  }

  const title = t('action.on', { action: t(LABEL[action]), number: ticket.number });
  const field = (suffix: string) => `${id}-${suffix}`;
  return (
    <dialog ref={dialog} className="action-dialog" aria-labelledby={field('title')} onCancel={(e) => (e.preventDefault(), cancel())}>
      <form onSubmit={submit} noValidate={false}>
        <h2 id={field('title')}>{title}</h2>
        <p className="muted desc-line">{ticket.description}</p>
        {action === 'accept' && <p>{t('action.acceptHint')}</p>}
        {action === 'return' && (
          <div className="field">
            <label htmlFor={field('reason')}>{t('action.reason')}</label>
            <select id={field('reason')} required data-autofocus value={reason} onChange={(e) => setReason(e.target.value)}>
              <option value="">{reasons ? t('action.reasonPick') : t('loading')}</option>
              {reasons?.map((code) => (
                <option key={code} value={code}>
                  {isMessageKey(`reason.${code}`) ? t(`reason.${code}` as 'reason.OTHER') : code}
                </option>
              ))}
            </select>
          </div>
        )}
        {action === 'extension' && (
          <>
            {ticket.dueAt && <p>{t('action.currentDue', { time: f.dateTime(ticket.dueAt) })}</p>}
            <div className="field">
              <label htmlFor={field('days')}>{t('action.days')}</label>
              <input id={field('days')} type="number" min={1} max={60} required data-autofocus value={days} onChange={(e) => setDays(e.target.value)} />
            </div>
          </>
        )}
        {action === 'accept' || action === 'resume' || action === 'close' ? (
          <div className="field">
            <label htmlFor={field('note')}>{t('action.optionalNote')}</label>
            <textarea id={field('note')} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
        ) : (
          <div className="field">
            <label htmlFor={field('text')}>
              {t(action === 'return' ? 'action.returnNote' : action === 'resolve' ? 'action.resolution' : action === 'extension' ? 'action.extReason' : action === 'suspend' ? 'action.suspendReason' : action === 'reopen' ? 'action.reopenReason' : 'action.noteText')}
            </label>
            <textarea id={field('text')} rows={action === 'resolve' ? 5 : 3} required maxLength={action === 'resolve' ? 5000 : 2000} data-autofocus={action === 'resolve' || action === 'note' || action === 'suspend' || action === 'reopen' ? true : undefined} value={text} onChange={(e) => setText(e.target.value)} />
          </div>
        )}
        {action === 'note' && (
          <label className="check">
            <input type="checkbox" checked={pub} onChange={(e) => setPub(e.target.checked)} /> {t('action.public')}
          </label>
        )}
        {error !== null && (
          <p className="error" role="alert">
            {errorText(t, error)}
          </p>
        )}
        <div className="row dialog-buttons">
          <button type="submit" className="primary" disabled={busy} data-autofocus={action === 'accept' || action === 'resume' || action === 'close' ? true : undefined}>
            {busy ? t('action.busy') : t(LABEL[action])}
          </button>
          <button type="button" onClick={cancel}>
            {t('action.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
