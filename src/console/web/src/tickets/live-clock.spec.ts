import { lightAt, minutesSeconds, tickFor } from './live-clock';

describe('a countdown on the server’s clock', () => {
  const clock = { dueAt: '2026-12-07T10:00:00Z', warnAt: '2026-12-07T08:00:00Z' };
  const at = (iso: string) => Date.parse(iso);

  it('turns yellow at the warning point and red at the deadline', () => {
    expect(lightAt(clock, at('2026-12-07T07:59:59Z'))).toBe('green');
    expect(lightAt(clock, at('2026-12-07T08:00:00Z'))).toBe('yellow');
    expect(lightAt(clock, at('2026-12-07T10:00:00Z'))).toBe('red');
    expect(lightAt({ ...clock, warnAt: null }, at('2026-12-07T07:00:00Z'))).toBe('yellow');
  });

  it('ticks by the second only in the last hour either side of the deadline', () => {
    expect(tickFor(clock.dueAt, at('2026-12-07T08:59:00Z'))).toBe(30_000);
    expect(tickFor(clock.dueAt, at('2026-12-07T09:30:00Z'))).toBe(1000);
    expect(tickFor(clock.dueAt, at('2026-12-07T10:30:00Z'))).toBe(1000);
  });

  it('shows minutes and seconds, sign dropped', () => {
    expect(minutesSeconds(-(5 * 60_000 + 7_400))).toEqual({ m: '5', s: '07' });
    expect(minutesSeconds(59 * 60_000 + 59_999)).toEqual({ m: '59', s: '59' });
  });
});
