import { formatDateTime, formatDuration } from './format';

const unit = (u: string, n: number) => `${n}${u}`;

describe('formatDateTime', () => {
  it('shows the instant in the deployment zone, not the machine’s', () => {
    // 10:00 UTC is 18:00 in Shanghai and 05:00 in New York (EST) on the same Friday
    expect(formatDateTime('2026-11-27T10:00:00Z', 'Asia/Shanghai', 'en')).toBe('Fri 27 Nov 2026 18:00');
    expect(formatDateTime('2026-11-27T10:00:00Z', 'America/New_York', 'en')).toBe('Fri 27 Nov 2026 05:00');
    expect(formatDateTime('2026-11-27T10:00:00Z', 'Asia/Shanghai', 'zh-CN')).toBe('2026年11月27日 周五 18:00');
  });

  it('crosses the date line with the zone', () => {
    expect(formatDateTime('2026-11-27T17:30:00Z', 'Asia/Shanghai', 'en')).toBe('Sat 28 Nov 2026 01:30');
  });
});

describe('formatDuration', () => {
  it('keeps the two largest units and drops the sign', () => {
    expect(formatDuration(3 * 1440 + 4 * 60 + 59, unit)).toBe('3d 4h');
    expect(formatDuration(2 * 1440, unit)).toBe('2d');
    expect(formatDuration(-(2 * 60 + 5), unit)).toBe('2h 5min');
    expect(formatDuration(60, unit)).toBe('1h');
    expect(formatDuration(12.4, unit)).toBe('12min');
    expect(formatDuration(0, unit)).toBe('0min');
  });
});
