import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { errorText, useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
export { FormDialog as AdminDialog, describeError } from '../../form-dialog';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** One GET, re-read on demand (after a change); a null path reads nothing. */
export function useApiData<T>(path: string | null): Loaded<T> {
  const { api } = useSession();
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({ data: null, error: null, loading: !!path });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api<T>('GET', path).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error) => live && setState((s) => ({ ...s, error, loading: false })),
    );
    return () => {
      live = false;
    };
  }, [api, path, attempt]);
  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  return { ...state, reload };
}

/** "Loading…" the first time, the error with a retry when a read failed; nothing once data is there. */
export function LoadState({ loaded }: { loaded: Loaded<unknown> }) {
  const { t } = useI18n();
  if (loaded.error)
    return (
      <div className="row">
        <p className="error" role="alert">
          {errorText(t, loaded.error)}
        </p>
        <button type="button" onClick={loaded.reload}>
          {t('retry')}
        </button>
      </div>
    );
  if (loaded.loading && loaded.data === null) return <p className="muted">{t('loading')}</p>;
  return null;
}

/** The props that tie a control to its label's hint and to the API's problem with it. */
export function control(id: string, error?: string, hint?: boolean) {
  const by = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': by || undefined } as const;
}

/** A labelled control with its hint and, under it, what the API said is wrong with it. */
export function Field({ id, label, hint, error, children, className }: { id: string; label: string; hint?: string; error?: string; children: ReactNode; className?: string }) {
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error" data-field-error={id}>
          {error}
        </span>
      )}
    </div>
  );
}

/** The line that says what was just done; screen readers read it out (the focus stays where work goes on). */
export function useDone(): [ReactNode, (text: string) => void] {
  const [text, setText] = useState('');
  const node = (
    <p className="done" role="status" data-testid="admin-status">
      {text}
    </p>
  );
  return [node, setText];
}

/** An admin list: a table under the section's heading, scrolling sideways inside its own box on a tablet. */
export function AdminTable({ titleId, columns, className, children }: { titleId: string; columns: string[]; className?: string; children: ReactNode }) {
  return (
    <div className="table-scroll">
      <table className={className ? `admin-table ${className}` : 'admin-table'} aria-labelledby={titleId}>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A failed request's message, read out as it appears. */
export function FailedNote({ failed }: { failed: unknown }) {
  const { t } = useI18n();
  if (failed === null || failed === undefined) return null;
  return (
    <p className="error" role="alert">
      {errorText(t, failed)}
    </p>
  );
}
