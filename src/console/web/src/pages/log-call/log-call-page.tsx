import { useEffect, useRef, useState, type RefObject } from 'react';
import type { LoggedCall, TicketView } from '../../api';
import { errorText, useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { useTitle } from '../../use-title';
import { CallForm, type FormRefs } from './call-form';
import { CallerHistoryPanel, LINKABLE } from './caller-history';
import { CallResult } from './call-result';
import { callBody, EMPTY_DRAFT, followUpBody, missingFields, type Draft, type Field } from './draft';
import { useCallerHistory } from './use-caller-history';
import { useDirectory } from './use-directory';
import { useRoutePreview } from './use-route-preview';

/**
 * Screen 1 of the console: the operator logs a call while the caller is on the line. The phone
 * number brings up the caller's history; a repeat call becomes a follow-up with one key; a new
 * complaint shows its department and committed deadline before it is saved; afterwards the
 * ticket number and access code are shown large to be read out.
 */
export function LogCallPage() {
  const { t } = useI18n();
  const { api } = useSession();
  useTitle(t('call.title'));
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [missing, setMissing] = useState<Set<Field>>(new Set());
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ logged: LoggedCall; smsOptedOut: boolean; suggested: string | null } | null>(null);
  const refs: FormRefs = { phone: useRef(null), categoryCode: useRef(null), description: useRef(null), answer: useRef(null) };
  const directory = useDirectory();
  const history = useCallerHistory(draft.phone);
  const preview = useRoutePreview(draft, draft.kind === 'complaint' && !result);

  const found = history.state.status === 'found' ? history.state.history : null;
  const openTickets = found?.openTickets ?? [];
  // the same test the API applies after saving (same caller, same category, still open), shown before
  const duplicates = draft.categoryCode ? openTickets.map((ticket, position) => ({ ticket, position })).filter(({ ticket, position }) => position < LINKABLE && ticket.category?.code === draft.categoryCode) : [];

  const set = <K extends Field>(field: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [field]: value }));
    if (missing.has(field)) setMissing((m) => new Set([...m].filter((f) => f !== field)));
  };

  // a ref as well as state: two quick key presses (Ctrl+Enter, Alt+1) must not log the call twice
  const inFlight = useRef(false);
  const save = async (body: Record<string, unknown>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setSaving(true);
    setError(null);
    try {
      const logged = await api<LoggedCall>('POST', '/calls', { body });
      setResult({ logged, smsOptedOut: !!found?.caller.smsOptedOutAt, suggested: preview.suggestion?.leadDepartment.name ?? null });
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  };

  const submit = () => {
    if (saving) return;
    const gaps = missingFields(draft);
    setMissing(new Set(gaps));
    if (gaps.length > 0) {
      (refs as Partial<Record<Field, RefObject<HTMLElement | null>>>)[gaps[0]]?.current?.focus();
      return;
    }
    void save(callBody(draft));
  };

  const followUp = (ticket: TicketView) => {
    if (saving) return;
    void save(followUpBody(draft, ticket.number));
  };

  const nextCall = () => {
    setDraft(EMPTY_DRAFT);
    setMissing(new Set());
    setError(null);
    setResult(null);
    history.reset();
  };

  // the first field of a fresh call gets the focus, also after "next call"
  useEffect(() => {
    if (!result) refs.phone.current?.focus();
  }, [result]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (result) {
        if (e.key === 'Escape') {
          e.preventDefault();
          nextCall();
        }
        return;
      }
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        submit();
      } else if (e.altKey && !e.ctrlKey && !e.metaKey && /^Digit[1-9]$/.test(e.code)) {
        // e.code, not e.key: Alt+digit types other characters on some layouts (macOS)
        const ticket = openTickets[Number(e.code.slice(5)) - 1];
        if (ticket) {
          e.preventDefault();
          followUp(ticket);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="log-call">
      <div className="page-head">
        <h1 id="call-title">{t('call.title')}</h1>
        <p className="keys">{t('call.keys')}</p>
      </div>
      {directory.error ? <p className="error">{errorText(t, directory.error)}</p> : null}
      {result ? (
        <CallResult logged={result.logged} smsOptedOut={result.smsOptedOut} suggested={result.suggested} onNext={nextCall} />
      ) : (
        <div className="columns">
          <CallForm
            draft={draft}
            set={set}
            missing={missing}
            refs={refs}
            categories={directory.categories}
            departments={directory.departments}
            preview={preview}
            duplicates={duplicates}
            saving={saving}
            error={error}
            onPhoneEnter={() => {
              history.lookUpNow();
              (draft.kind === 'complaint' ? refs.categoryCode : refs.description).current?.focus();
            }}
            onSubmit={submit}
          />
          <aside className="side">
            <CallerHistoryPanel state={history.state} busy={saving} onFollowUp={followUp} />
          </aside>
        </div>
      )}
    </div>
  );
}
