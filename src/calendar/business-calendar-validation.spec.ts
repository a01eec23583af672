import { describe, expect, it } from '@jest/globals';
import { BusinessCalendar, type CalendarSpec, type DayHours } from './business-calendar.js';

const OFFICE: DayHours = [
  [540, 720],
  [810, 1080],
];
const valid = (): CalendarSpec => ({
  timeZone: 'Asia/Shanghai',
  weeklyHours: { 0: [], 1: OFFICE, 2: OFFICE, 3: OFFICE, 4: OFFICE, 5: OFFICE, 6: [] },
  holidays: [],
  makeupWorkdays: [],
});
const withHours = (day: number, hours: unknown): CalendarSpec =>
  ({ ...valid(), weeklyHours: { ...valid().weeklyHours, [day]: hours } }) as CalendarSpec;

describe('BusinessCalendar spec validation', () => {
  it('accepts a well-formed spec', () => {
    expect(() => new BusinessCalendar(valid())).not.toThrow();
  });

  it.each([
    ['an unknown zone', { ...valid(), timeZone: 'Mars/Olympus_Mons' }, /Unknown time zone "Mars\/Olympus_Mons"/],
    ['an empty zone', { ...valid(), timeZone: '' }, /Invalid time zone/],
    ['start after end', withHours(1, [[720, 540]]), /weeklyHours\[1\] \(Monday\).*start must be before end/],
    ['an empty interval', withHours(2, [[540, 540]]), /start must be before end/],
    ['overlapping intervals', withHours(3, [[540, 800], [780, 1080]]), /ascending and must not overlap/],
    ['descending intervals', withHours(3, [[810, 1080], [540, 720]]), /ascending and must not overlap/],
    ['a minute past 24:00', withHours(4, [[540, 1441]]), /integers from 0 to 1440/],
    ['a negative minute', withHours(4, [[-1, 60]]), /integers from 0 to 1440/],
    ['a fractional minute', withHours(5, [[540.5, 600]]), /integers from 0 to 1440/],
    ['a malformed pair', withHours(5, [[540]]), /\[startMinute, endMinute\] pair/],
    ['a missing weekday', { ...valid(), weeklyHours: { 1: OFFICE } }, /weeklyHours\[0\] \(Sunday\) is missing/],
    ['no working weekday at all', { ...valid(), weeklyHours: { 0: [], 1: [], 2: [], 3: [], 4: [], 5: [], 6: [] } }, /at least one weekday/],
    ['an impossible holiday', { ...valid(), holidays: ['2026-02-30'] }, /holidays\[0\].*no such day/],
    ['a malformed make-up day', { ...valid(), makeupWorkdays: ['2026/02/14'] }, /makeupWorkdays\[0\].*YYYY-MM-DD/],
    ['a day both holiday and make-up', { ...valid(), holidays: ['2026-02-14'], makeupWorkdays: ['2026-02-14'] }, /both/],
    ['empty make-up hours', { ...valid(), makeupHours: [] }, /makeupHours/],
    [
      'make-up days with no Monday hours to default to',
      { ...withHours(1, []), makeupWorkdays: ['2026-02-14'] },
      /makeupHours is required/,
    ],
  ])('rejects %s with a RangeError', (_case, spec, message) => {
    expect(() => new BusinessCalendar(spec as CalendarSpec)).toThrow(RangeError);
    expect(() => new BusinessCalendar(spec as CalendarSpec)).toThrow(message);
  });

  it('keeps a frozen, sorted, de-duplicated copy of the spec', () => {
    const input = { ...valid(), holidays: ['2026-05-01', '2026-01-01', '2026-05-01'] };
    const cal = new BusinessCalendar(input);
    input.holidays.push('2026-03-10');
    input.weeklyHours[2] = [];
    expect(cal.spec.holidays).toEqual(['2026-01-01', '2026-05-01']);
    expect(cal.isWorkingDay('2026-03-10')).toBe(true);
    expect(Object.isFrozen(cal.spec)).toBe(true);
    expect(Object.isFrozen(cal.spec.weeklyHours[1][0])).toBe(true);
  });
});

describe('BusinessCalendar argument validation', () => {
  const cal = new BusinessCalendar(valid());
  const from = new Date('2026-03-10T10:00+08:00');

  it.each([NaN, Infinity, -Infinity, '60' as unknown as number])('addBusinessMinutes rejects minutes = %p', (m) => {
    expect(() => cal.addBusinessMinutes(from, m)).toThrow(RangeError);
  });

  it.each([new Date('not a date'), new Date(NaN), '2026-03-10' as unknown as Date, null as unknown as Date])(
    'rejects the invalid date %p',
    (bad) => {
      expect(() => cal.addBusinessMinutes(bad, 10)).toThrow(RangeError);
      expect(() => cal.businessMinutesBetween(bad, from)).toThrow(RangeError);
      expect(() => cal.businessMinutesBetween(from, bad)).toThrow(RangeError);
      expect(() => cal.endOfNthWorkingDay(bad, 1)).toThrow(RangeError);
      expect(() => cal.isWorkingTime(bad)).toThrow(RangeError);
    },
  );

  it('stops with a RangeError instead of spinning when no working day ever comes', () => {
    // Only Mondays are worked, and every Monday for eleven years is a holiday.
    const mondays: string[] = [];
    for (let t = Date.UTC(2026, 2, 9); t < Date.UTC(2037, 2, 9); t += 7 * 86_400_000) {
      mondays.push(new Date(t).toISOString().slice(0, 10));
    }
    const blocked = new BusinessCalendar({
      ...valid(),
      weeklyHours: { 0: [], 1: OFFICE, 2: [], 3: [], 4: [], 5: [], 6: [] },
      holidays: mondays,
    });
    expect(() => blocked.addBusinessMinutes(from, 1)).toThrow(/No working time/);
    expect(() => blocked.endOfNthWorkingDay(from, 1)).toThrow(/No working time/);
  });
});
