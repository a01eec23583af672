import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, isAbort } from '../../api';
import { useSession } from '../../session';

export interface SandboxMessage {
  id: string;
  direction: 'in' | 'out';
  purpose: string | null;
  template: string | null;
  body: string;
  status: string;
  segments: number | null;
  createdAt: string;
}

/** How often the phone looks for new texts: the outbox delivers within a second or so. */
export const POLL_MS = 2000;

/**
 * Every text to and from one number, re-read every POLL_MS while the tab is visible, and at once
 * after the person sends one. Only a changed list re-renders (and is announced).
 */
export function useSandboxInbox(phone: string | null) {
  const { api } = useSession();
  const [messages, setMessages] = useState<SandboxMessage[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const last = useRef<string | null>(null);
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    last.current = null;
    setMessages(null);
    setError(null);
  }, [phone]);

  useEffect(() => {
    if (!phone) return;
    const ctl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = () => {
      timer = setTimeout(() => {
        if (document.visibilityState === 'visible') refresh();
        else document.addEventListener('visibilitychange', refresh, { once: true });
      }, POLL_MS);
    };
    api<SandboxMessage[]>('GET', '/sms/sandbox/messages', { query: { phone }, signal: ctl.signal }).then(
      (list) => {
        setError(null);
        next();
        const sig = list.map((m) => `${m.id}:${m.status}`).join();
        if (sig === last.current) return;
        last.current = sig;
        setMessages(list);
      },
      (err) => {
        if (isAbort(err)) return;
        setError(err);
        // a number the service refuses stays refused: asking again every 2 s would only repeat the error
        if (!(err instanceof ApiError && err.status >= 400 && err.status < 500)) next();
      },
    );
    return () => {
      ctl.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [api, phone, tick, refresh]);

  return { messages, error, refresh };
}
