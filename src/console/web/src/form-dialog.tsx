import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ApiError } from './api';
import { formProblems, NO_PROBLEMS, type FormProblems } from './field-errors';
import { errorText, useI18n, type Translate } from './i18n/i18n';

/** An API error in the operator's language when its code is known, else the server's own words. */
export const describeError = (t: Translate) => (err: ApiError) => errorText(t, err);

interface DialogProps {
  title: string;
  submitLabel: string;
  /** The names the API uses for this form's fields: its 400s are shown next to them. */
  fields: readonly string[];
  onSubmit(): Promise<void>;
  onClose(): void;
  children(problems: Record<string, string>, ids: (name: string) => string): ReactNode;
  /** A second way to finish (withdraw a ruling): busy, refused and closed like Save. */
  secondary?: { label: string; run(): Promise<void> };
  danger?: boolean;
}

/**
 * A form in a modal dialog (the admin screens', the dispatcher's): the browser keeps the keyboard inside and Esc closes it, as in
 * the queue's action dialog. A refusal is shown next to the fields the API names; the dialog closes
 * only when the change is saved, and the keyboard goes back to the button that opened it.
 */
export function FormDialog({ title, submitLabel, fields, onSubmit, onClose, children, secondary, danger }: DialogProps) {
  const { t } = useI18n();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef(document.activeElement as HTMLElement | null);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<FormProblems>(NO_PROBLEMS);

  useEffect(() => {
    const d = dialog.current!;
    d.showModal();
    d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => d.close();
  }, []);
  const close = () => {
    dialog.current?.close();
    if (opener.current?.isConnected) opener.current.focus();
    onClose();
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    await finish(onSubmit);
  }
  async function finish(run: () => Promise<void>) {
    setBusy(true);
    setProblems(NO_PROBLEMS);
    try {
      await run();
      close();
    } catch (err) {
      setBusy(false);
      const p = formProblems(err, fields, describeError(t));
      setProblems(p);
      // the keyboard goes to the first field the API refused
      const first = Object.keys(p.fields)[0];
      if (first) requestAnimationFrame(() => document.getElementById(`${id}-${first}`)?.focus());
    }
  }

  return (
    <dialog ref={dialog} className="action-dialog admin-dialog" aria-labelledby={`${id}-title`} onCancel={(e) => (e.preventDefault(), close())}>
      <form onSubmit={submit}>
        <h2 id={`${id}-title`}>{title}</h2>
        {children(problems.fields, (name) => `${id}-${name}`)}
        {problems.general !== null && (
          <p className="error" role="alert">
            {errorText(t, problems.general)}
          </p>
        )}
        {Object.keys(problems.fields).length > 0 && problems.general === null && (
          <p className="error" role="alert">
            {t('admin.fix')}
          </p>
        )}
        <div className="row dialog-buttons">
          <button type="submit" className={danger ? 'danger' : 'primary'} disabled={busy}>
            {busy ? t('admin.saving') : submitLabel}
          </button>
          {secondary && (
            <button type="button" disabled={busy} onClick={() => void finish(secondary.run)}>
              {secondary.label}
            </button>
          )}
          <button type="button" onClick={close}>
            {t('action.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

