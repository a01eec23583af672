import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, isAbort, type CallerHistory } from '../../api';
import { digitsOnly } from '../../format';
import { useSession } from '../../session';

export type HistoryState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'found'; phone: string; history: CallerHistory }
  | { status: 'new' }
  | { status: 'error'; error: unknown };

/** Fewer digits than any callable number: not worth a look-up while the operator is still typing. */
const MIN_DIGITS = 7;
const DEBOUNCE_MS = 250;

/**
 * The caller's history for the number being typed: looked up a moment after typing stops (or at
 * once with `lookUpNow`, on Enter), with any older look-up cancelled so a slow answer for a
 * half-typed number never replaces the right one.
 */
export function useCallerHistory(phone: string) {
  const { api } = useSession();
  const [state, setState] = useState<HistoryState>({ status: 'idle' });
  const inFlight = useRef<{ phone: string; controller: AbortController } | null>(null);

  const lookUp = useCallback(
    (number: string) => {
      const trimmed = number.trim();
      if (inFlight.current?.phone === trimmed) return;
      inFlight.current?.controller.abort();
      if (digitsOnly(trimmed).length < MIN_DIGITS) {
        inFlight.current = null;
        setState({ status: 'idle' });
        return;
      }
      const controller = new AbortController();
      inFlight.current = { phone: trimmed, controller };
      setState({ status: 'loading' });
      api<CallerHistory>('GET', `/callers/${encodeURIComponent(trimmed)}`, { signal: controller.signal }).then(
        (history) => setState({ status: 'found', phone: trimmed, history }),
        (error) => {
          if (isAbort(error)) return;
          setState(error instanceof ApiError && error.code === 'CALLER_NOT_FOUND' ? { status: 'new' } : { status: 'error', error });
        },
      );
    },
    [api],
  );

  useEffect(() => {
    const timer = setTimeout(() => lookUp(phone), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [phone, lookUp]);

  useEffect(() => () => inFlight.current?.controller.abort(), []);

  const lookUpNow = useCallback(() => lookUp(phone), [phone, lookUp]);
  // a history is never shown (nor linkable with Alt+n) for a number other than the one in the field,
  // not even during the moment before the new look-up starts
  const stale = state.status === 'found' && state.phone !== phone.trim();
  const shown: HistoryState = stale ? { status: digitsOnly(phone).length < MIN_DIGITS ? 'idle' : 'loading' } : state;
  const reset = useCallback(() => {
    inFlight.current?.controller.abort();
    inFlight.current = null;
    setState({ status: 'idle' });
  }, []);
  return { state: shown, lookUpNow, reset };
}
