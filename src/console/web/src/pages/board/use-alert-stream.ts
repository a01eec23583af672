import { useEffect, useRef, useState } from 'react';
import type { BoardAlert } from './board-model';
import { offsetFromDate } from './server-clock';
import { backoffMs, createSseParser } from './sse';

export type StreamState = 'connecting' | 'live' | 'reconnecting';

/** The server pings every 15 s; this long without a byte means the connection died silently. */
const SILENCE_MS = 40_000;

export interface StreamHandlers {
  alert(a: BoardAlert): void;
  /** Connected (again): re-read the inbox for what arrived while away. */
  opened(): void;
  /** The server's clock offset, from the stream response's Date header. */
  clock(offsetMs: number): void;
  unauthorized(): void;
}

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * GET /alerts/stream read with fetch(): EventSource cannot send the bearer token. Reconnects with
 * a doubling, jittered backoff (from the server's `retry:`), and after each connect asks for a
 * re-read of the inbox, which the caller merges by id, so nothing is missed or shown twice.
 */
export function useAlertStream(token: string | null, handlers: StreamHandlers): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const h = useRef(handlers);
  h.current = handlers;

  useEffect(() => {
    if (!token) return;
    const stop = new AbortController();
    void (async () => {
      let attempt = 0;
      let retry = 1_000;
      while (!stop.signal.aborted) {
        const conn = new AbortController();
        const abortConn = () => conn.abort();
        stop.signal.addEventListener('abort', abortConn, { once: true });
        let silence: ReturnType<typeof setTimeout> | undefined;
        const heard = () => {
          clearTimeout(silence);
          silence = setTimeout(abortConn, SILENCE_MS);
        };
        try {
          const sentAt = Date.now();
          const res = await fetch('/api/v1/alerts/stream', { headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` }, cache: 'no-store', signal: conn.signal });
          if (res.status === 401) {
            h.current.unauthorized();
            return;
          }
          if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
          const offset = offsetFromDate(res.headers.get('date'), sentAt, Date.now());
          if (offset !== null) h.current.clock(offset);
          attempt = 0;
          setState('live');
          h.current.opened();
          heard();
          const parser = createSseParser();
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            heard();
            for (const e of parser.push(value)) {
              if (e.event !== 'alert') continue;
              try {
                h.current.alert(JSON.parse(e.data) as BoardAlert);
              } catch {
                // a malformed event is skipped; the next re-read of the inbox has the alert
              }
            }
            if (parser.retry) retry = parser.retry;
          }
        } catch {
          // network error, abort or silence: reconnect below unless the board closed
        } finally {
          clearTimeout(silence);
          stop.signal.removeEventListener('abort', abortConn);
        }
        if (stop.signal.aborted) return;
        setState('reconnecting');
        await wait(backoffMs(attempt++, retry), stop.signal);
      }
    })();
    return () => stop.abort();
  }, [token]);

  return state;
}
