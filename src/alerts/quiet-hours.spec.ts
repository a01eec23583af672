import { parseQuietHours, sendableAt } from './quiet-hours.js';

const SH = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);

describe('quiet hours', () => {
  const night = parseQuietHours('22:00-07:00');

  it.each([
    ['2026-11-23T21:59:00+08:00', '2026-11-23T21:59:00+08:00'],
    ['2026-11-23T22:00:00+08:00', '2026-11-24T07:00:00+08:00'],
    ['2026-11-23T23:30:00+08:00', '2026-11-24T07:00:00+08:00'],
    ['2026-11-24T03:15:00+08:00', '2026-11-24T07:00:00+08:00'],
    ['2026-11-24T07:00:00+08:00', '2026-11-24T07:00:00+08:00'],
  ])('a routine message at %s goes out at %s across midnight', (when, out) => {
    expect(sendableAt(at(when), night, SH).getTime()).toBe(at(out).getTime());
  });

  it('handles quiet hours within one day', () => {
    const lunch = parseQuietHours('12:00-13:30');
    expect(sendableAt(at('2026-11-23T12:10:00+08:00'), lunch, SH).toISOString()).toBe(at('2026-11-23T13:30:00+08:00').toISOString());
    expect(sendableAt(at('2026-11-23T13:30:00+08:00'), lunch, SH).toISOString()).toBe(at('2026-11-23T13:30:00+08:00').toISOString());
  });

  it('ends at local 07:00 on the night the clocks change (Europe/Paris, 2026-10-25)', () => {
    expect(sendableAt(at('2026-10-24T23:00:00+02:00'), night, 'Europe/Paris').toISOString()).toBe(at('2026-10-25T07:00:00+01:00').toISOString());
  });

  it('sends at once without quiet hours', () => {
    expect(parseQuietHours('')).toBeNull();
    expect(sendableAt(at('2026-11-23T03:00:00+08:00'), null, SH).toISOString()).toBe(at('2026-11-23T03:00:00+08:00').toISOString());
  });

  it.each(['22-07', '25:00-07:00', '22:00-22:00', 'night'])('refuses %p', (text) => {
    expect(() => parseQuietHours(text)).toThrow(RangeError);
  });
});
