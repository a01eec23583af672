/** One server-sent event as the spec (HTML § 9.2) delivers it: `event` defaults to "message". */
export interface SseEvent {
  event: string;
  data: string;
  id: string | null;
}

export interface SseParser {
  /** Feeds decoded text as it arrives, in chunks of any size; returns the events it completed. */
  push(chunk: string): SseEvent[];
  /** The last `retry:` the server asked for, in ms. */
  retry: number | null;
}

/**
 * A streaming parser for text/event-stream: lines end in LF, CR or CRLF (a CRLF may be split
 * across chunks), a blank line dispatches, `:` lines are comments (keep-alive pings), `data:`
 * lines join with LF, one space after the colon is dropped. Pure, so it is unit-tested here and
 * the network code around it stays small.
 */
export function createSseParser(): SseParser {
  let buffer = '';
  let afterCr = false;
  let data: string[] = [];
  let event = '';
  let id: string | null = null;
  const parser: SseParser = {
    retry: null,
    push(chunk) {
      const out: SseEvent[] = [];
      let text = chunk;
      // a CR ended the last chunk: an LF opening this one belongs to it
      if (afterCr && text.startsWith('\n')) text = text.slice(1);
      afterCr = false;
      buffer += text;
      for (;;) {
        const m = /\r\n|\r|\n/.exec(buffer);
        if (!m) break;
        // a lone CR at the very end may be half of a CRLF: still one line end
        if (m[0] === '\r' && m.index === buffer.length - 1) afterCr = true;
        const line = buffer.slice(0, m.index);
        buffer = buffer.slice(m.index + m[0].length);
        if (line === '') {
          if (data.length) out.push({ event: event || 'message', data: data.join('\n'), id });
          data = [];
          event = '';
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'data') data.push(value);
        else if (field === 'event') event = value;
        else if (field === 'id' && !value.includes('\0')) id = value;
        else if (field === 'retry' && /^\d+$/.test(value)) parser.retry = Number(value);
      }
      return out;
    },
  };
  return parser;
}

/** Waits before reconnect attempt `n` (0-based): doubling from the server's retry, capped, with jitter so consoles do not all return at once. */
export function backoffMs(n: number, base = 1_000, cap = 30_000, random = Math.random): number {
  const ceiling = Math.min(cap, base * 2 ** Math.min(n, 10));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
