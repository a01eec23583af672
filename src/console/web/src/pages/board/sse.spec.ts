import { backoffMs, createSseParser } from './sse';

describe('the server-sent events parser', () => {
  it('dispatches on a blank line, whatever the chunking, and skips keep-alive comments', () => {
    const text = 'retry: 3000\n: connected\n\nid: a1\nevent: alert\ndata: {"id":"a1"}\n\n: ping\n\nid: a2\nevent: alert\ndata: {"id":"a2"}\n\n';
    const whole = createSseParser().push(text);
    expect(whole).toEqual([
      { event: 'alert', data: '{"id":"a1"}', id: 'a1' },
      { event: 'alert', data: '{"id":"a2"}', id: 'a2' },
    ]);
    // one character at a time gives the same events
    const p = createSseParser();
    const byChar = [...text].flatMap((c) => p.push(c));
    expect(byChar).toEqual(whole);
    expect(p.retry).toBe(3000);
  });

  it('accepts CRLF and CR line ends, a CRLF split across chunks, and multi-line data', () => {
    const p = createSseParser();
    expect(p.push('data: one\r')).toEqual([]);
    expect(p.push('\ndata:two\r\n\r')).toEqual([{ event: 'message', data: 'one\ntwo', id: null }]);
    expect(p.push('\ndata: three\r\r')).toEqual([{ event: 'message', data: 'three', id: null }]);
  });

  it('holds an unfinished event until its blank line arrives', () => {
    const p = createSseParser();
    expect(p.push('event: alert\ndata: {"x":')).toEqual([]);
    expect(p.push('1}\n')).toEqual([]);
    expect(p.push('\n')).toEqual([{ event: 'alert', data: '{"x":1}', id: null }]);
  });
});

describe('reconnect backoff', () => {
  it('doubles up to a cap and never waits less than half the ceiling', () => {
    expect(backoffMs(0, 1000, 30_000, () => 0)).toBe(500);
    expect(backoffMs(0, 1000, 30_000, () => 1)).toBe(1000);
    expect(backoffMs(3, 1000, 30_000, () => 1)).toBe(8000);
    expect(backoffMs(20, 1000, 30_000, () => 1)).toBe(30_000);
    expect(backoffMs(20, 1000, 30_000, () => 0)).toBe(15_000);
  });
});
