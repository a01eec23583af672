import { describe, expect, it } from '@jest/globals';
import { formatLocalDate, MS_PER_DAY, parseLocalDate, weekdayOf } from './local-date.js';
import { assertTimeZone, localDayOf, localTimeToInstant, offsetAt } from './zoned-time.js';

const day = parseLocalDate;
const iso = (ms: number) => new Date(ms).toISOString();

describe('local dates', () => {
  it('round-trips and knows weekdays', () => {
    expect(day('1970-01-01')).toBe(0);
    expect(formatLocalDate(day('2026-02-28') + 1)).toBe('2026-03-01');
    expect(formatLocalDate(day('2028-02-28') + 1)).toBe('2028-02-29');
    expect(weekdayOf(day('2026-02-14'))).toBe(6);
    expect(weekdayOf(day('2026-02-15'))).toBe(0);
    expect(weekdayOf(day('1969-12-31'))).toBe(3);
  });

  it.each(['2026-02-29', '2026-13-01', '2026-00-10', '26-01-01', '2026-01-01T00:00'])('rejects %p', (text) => {
    expect(() => parseLocalDate(text)).toThrow(RangeError);
  });
});

describe('zoned time', () => {
  it('reads offsets from the tz database', () => {
    expect(offsetAt('Asia/Shanghai', Date.UTC(2026, 6, 1))).toBe(8 * 3_600_000);
    expect(offsetAt('Europe/Paris', Date.UTC(2026, 0, 15))).toBe(3_600_000);
    expect(offsetAt('Europe/Paris', Date.UTC(2026, 6, 15))).toBe(7_200_000);
    expect(offsetAt('Asia/Kolkata', Date.UTC(2026, 6, 15))).toBe(5.5 * 3_600_000);
  });

  it('switches offset at the exact second of a change, also one that falls inside a cached quarter hour', () => {
    // Shanghai left local mean time (+8:05:43) at 1901-01-01 00:00 LMT, i.e. 15:54:17 UTC
    const lmtEnd = Date.UTC(1900, 11, 31, 15, 54, 17);
    expect([offsetAt('Asia/Shanghai', lmtEnd - 600_000), offsetAt('Asia/Shanghai', lmtEnd - 1), offsetAt('Asia/Shanghai', lmtEnd), offsetAt('Asia/Shanghai', lmtEnd + 300_000)]).toEqual([
      29_143_000, 29_143_000, 28_800_000, 28_800_000,
    ]);
    // Paris springs forward at 01:00 UTC: asked again after the quarters around it are cached
    const spring = Date.UTC(2026, 2, 29, 1, 0, 0);
    for (let round = 0; round < 2; round++) {
      expect([offsetAt('Europe/Paris', spring - 1), offsetAt('Europe/Paris', spring)]).toEqual([3_600_000, 7_200_000]);
    }
  });

  it('finds the local date of an instant', () => {
    expect(formatLocalDate(localDayOf('Asia/Shanghai', Date.parse('2026-03-09T15:59:59.999Z')))).toBe('2026-03-09');
    expect(formatLocalDate(localDayOf('Asia/Shanghai', Date.parse('2026-03-09T16:00:00Z')))).toBe('2026-03-10');
    expect(formatLocalDate(localDayOf('America/New_York', Date.parse('2026-03-10T03:00:00Z')))).toBe('2026-03-09');
  });

  it.each([
    ['an ordinary time', 'Asia/Shanghai', '2026-03-09', 540, '2026-03-09T01:00:00.000Z'],
    ['midnight at the end of a day', 'Asia/Shanghai', '2026-03-09', 1440, '2026-03-09T16:00:00.000Z'],
    ['Paris, spring gap → first instant after it', 'Europe/Paris', '2026-03-29', 150, '2026-03-29T01:00:00.000Z'],
    ['Paris, start of the gap', 'Europe/Paris', '2026-03-29', 120, '2026-03-29T01:00:00.000Z'],
    ['Paris, just before the gap', 'Europe/Paris', '2026-03-29', 119, '2026-03-29T00:59:00.000Z'],
    ['Paris, autumn ambiguity → earlier instant', 'Europe/Paris', '2026-10-25', 150, '2026-10-25T00:30:00.000Z'],
    ['Paris, after the repeated hour', 'Europe/Paris', '2026-10-25', 180, '2026-10-25T02:00:00.000Z'],
    ['New York, spring gap', 'America/New_York', '2026-03-08', 150, '2026-03-08T07:00:00.000Z'],
    ['New York, autumn ambiguity', 'America/New_York', '2026-11-01', 90, '2026-11-01T05:30:00.000Z'],
    ['Santiago, nonexistent midnight', 'America/Santiago', '2026-09-06', 0, '2026-09-06T04:00:00.000Z'],
    ['Havana, repeated midnight → earlier instant', 'America/Havana', '2026-11-01', 0, '2026-11-01T04:00:00.000Z'],
    ['Havana, nonexistent midnight', 'America/Havana', '2026-03-08', 0, '2026-03-08T05:00:00.000Z'],
    ['Lord Howe, half-hour gap', 'Australia/Lord_Howe', '2026-10-04', 135, '2026-10-03T15:30:00.000Z'],
    ['Lord Howe, half-hour ambiguity', 'Australia/Lord_Howe', '2026-04-05', 105, '2026-04-04T14:45:00.000Z'],
  ])('%s', (_case, zone, date, minute, expected) => {
    expect(iso(localTimeToInstant(zone, day(date), minute))).toBe(expected);
  });

  it.each(['Europe/Paris', 'America/Santiago', 'America/Havana', 'Australia/Lord_Howe', 'Asia/Shanghai'])(
    '%s: local midnights of 2026 increase and add up to the real length of the year',
    (zone) => {
      const first = localTimeToInstant(zone, day('2026-01-01'), 0);
      let previous = first;
      for (let d = day('2026-01-02'); d <= day('2027-01-01'); d += 1) {
        const midnight = localTimeToInstant(zone, d, 0);
        const hours = (midnight - previous) / 3_600_000;
        expect([23, 23.5, 24, 24.5, 25]).toContain(hours);
        expect(localDayOf(zone, midnight)).toBe(d);
        previous = midnight;
      }
      const shift = offsetAt(zone, first) - offsetAt(zone, previous);
      expect(previous - first).toBe(365 * MS_PER_DAY + shift);
    },
  );

  it.each(['Mars/Olympus_Mons', '', 'UTC+8', 42])('rejects the zone %p', (zone) => {
    expect(() => assertTimeZone(zone)).toThrow(RangeError);
  });
});
