import { describe, expect, it } from '@jest/globals';
import { BusinessCalendar, wallClockCalendar, type CalendarSpec, type DayHours } from './business-calendar.js';

// Shanghai office hours without any holiday data, so these cases test the arithmetic alone.
// March 2026: Fri 6, Sat 7, Sun 8, Mon 9, Tue 10, Wed 11.
const OFFICE: DayHours = [
  [540, 720],
  [810, 1080],
];
const officeSpec = (over: Partial<CalendarSpec> = {}): CalendarSpec => ({
  timeZone: 'Asia/Shanghai',
  weeklyHours: { 0: [], 1: OFFICE, 2: OFFICE, 3: OFFICE, 4: OFFICE, 5: OFFICE, 6: [] },
  holidays: [],
  makeupWorkdays: [],
  ...over,
});
const office = new BusinessCalendar(officeSpec());

const at = (iso: string) => new Date(iso);
/** Compares instants, printing both in UTC on failure. */
const expectInstant = (actual: Date, expected: string) => expect(actual.toISOString()).toBe(at(expected).toISOString());

describe('addBusinessMinutes', () => {
  it.each([
    ['nights: 17:30 + 60 continues next morning', '2026-03-10T17:30+08:00', 60, '2026-03-11T09:30+08:00'],
    ['nights: a start at 22:00 waits for 9:00', '2026-03-10T22:00+08:00', 10, '2026-03-11T09:10+08:00'],
    ['nights: a start at 03:00 waits for 9:00', '2026-03-11T03:00+08:00', 10, '2026-03-11T09:10+08:00'],
    ['weekend: Friday 17:30 + 60 is Monday 9:30', '2026-03-06T17:30+08:00', 60, '2026-03-09T09:30+08:00'],
    ['lunch: a start at 12:15 resumes at 13:30', '2026-03-10T12:15+08:00', 15, '2026-03-10T13:45+08:00'],
    ['lunch: crossing it from the morning', '2026-03-10T11:50+08:00', 20, '2026-03-10T13:40+08:00'],
    ['boundary: landing on 18:00 stays at 18:00', '2026-03-10T17:00+08:00', 60, '2026-03-10T18:00+08:00'],
    ['boundary: landing on 12:00 stays at 12:00', '2026-03-10T11:00+08:00', 60, '2026-03-10T12:00+08:00'],
    ['boundary: a whole day from 9:00 ends at 18:00', '2026-03-10T09:00+08:00', 450, '2026-03-10T18:00+08:00'],
    ['boundary: one minute more is 9:01 next day', '2026-03-10T09:00+08:00', 451, '2026-03-11T09:01+08:00'],
    ['start on a Saturday', '2026-03-07T10:00+08:00', 30, '2026-03-09T09:30+08:00'],
    ['start late on Sunday', '2026-03-08T23:59+08:00', 1, '2026-03-09T09:01+08:00'],
    ['start exactly at closing time', '2026-03-10T18:00+08:00', 1, '2026-03-11T09:01+08:00'],
    ['fractional minutes keep ms precision', '2026-03-10T09:00+08:00', 0.5, '2026-03-10T09:00:30+08:00'],
    ['one millisecond', '2026-03-10T09:00+08:00', 1 / 60000, '2026-03-10T09:00:00.001+08:00'],
    ['long spans: 60 working days', '2026-03-09T09:00+08:00', 60 * 450, '2026-05-29T18:00+08:00'],
  ])('%s', (_case, from, minutes, expected) => {
    expectInstant(office.addBusinessMinutes(at(from), minutes), expected);
  });

  it.each([
    ['backwards across a weekend', '2026-03-09T09:30+08:00', -60, '2026-03-06T17:30+08:00'],
    ['backwards across the lunch break', '2026-03-10T13:45+08:00', -30, '2026-03-10T11:45+08:00'],
    ['backwards landing on opening time stays at 9:00', '2026-03-09T09:30+08:00', -30, '2026-03-09T09:00+08:00'],
    ['backwards from a Saturday', '2026-03-07T10:00+08:00', -30, '2026-03-06T17:30+08:00'],
    ['backwards from lunch', '2026-03-10T12:40+08:00', -45, '2026-03-10T11:15+08:00'],
    ['backwards one full week', '2026-03-13T18:00+08:00', -5 * 450, '2026-03-09T09:00+08:00'],
  ])('negative durations: %s', (_case, from, minutes, expected) => {
    expectInstant(office.addBusinessMinutes(at(from), minutes), expected);
  });

  it.each([
    ['inside working time', '2026-03-10T10:17:23.456+08:00'],
    ['outside working time (Saturday)', '2026-03-07T10:00+08:00'],
    ['in the lunch break', '2026-03-10T12:30+08:00'],
  ])('zero returns the start unchanged, %s', (_case, from) => {
    const start = at(from);
    const result = office.addBusinessMinutes(start, 0);
    expect(result.getTime()).toBe(start.getTime());
    expect(office.addBusinessMinutes(start, -0).getTime()).toBe(start.getTime());
  });

  it('skips holidays and works make-up days, with their own hours when given', () => {
    const cal = new BusinessCalendar(officeSpec({ holidays: ['2026-03-10'], makeupWorkdays: ['2026-03-07'] }));
    expectInstant(cal.addBusinessMinutes(at('2026-03-09T17:00+08:00'), 120), '2026-03-11T10:00+08:00');
    expectInstant(cal.addBusinessMinutes(at('2026-03-10T10:00+08:00'), 30), '2026-03-11T09:30+08:00');
    expectInstant(cal.addBusinessMinutes(at('2026-03-06T17:30+08:00'), 60), '2026-03-07T09:30+08:00');
    const short = new BusinessCalendar(officeSpec({ makeupWorkdays: ['2026-03-07'], makeupHours: [[600, 900]] }));
    expectInstant(short.addBusinessMinutes(at('2026-03-06T17:30+08:00'), 60), '2026-03-07T10:30+08:00');
    expectInstant(short.addBusinessMinutes(at('2026-03-06T17:30+08:00'), 330), '2026-03-07T15:00+08:00');
  });

  it('returns a new Date and leaves the argument untouched', () => {
    const start = at('2026-03-10T10:00+08:00');
    const result = office.addBusinessMinutes(start, 0);
    expect(result).not.toBe(start);
    office.addBusinessMinutes(start, 100);
    expect(start.toISOString()).toBe('2026-03-10T02:00:00.000Z');
  });
});

describe('businessMinutesBetween', () => {
  it.each([
    ['across a weekend', '2026-03-06T17:30+08:00', '2026-03-09T09:30+08:00', 60],
    ['the lunch break alone', '2026-03-10T12:00+08:00', '2026-03-10T13:30+08:00', 0],
    ['a night', '2026-03-10T18:00+08:00', '2026-03-11T09:00+08:00', 0],
    ['a whole weekday, midnight to midnight', '2026-03-10T00:00+08:00', '2026-03-11T00:00+08:00', 450],
    ['a week', '2026-03-09T00:00+08:00', '2026-03-16T00:00+08:00', 2250],
    ['half a minute', '2026-03-10T09:00:00+08:00', '2026-03-10T09:00:30+08:00', 0.5],
    ['the same instant', '2026-03-10T10:00+08:00', '2026-03-10T10:00+08:00', 0],
    ['a year (2026, no holidays configured)', '2026-01-01T00:00+08:00', '2027-01-01T00:00+08:00', 261 * 450],
  ])('%s', (_case, from, to, expected) => {
    expect(office.businessMinutesBetween(at(from), at(to))).toBe(expected);
  });

  it('is negative when `to` precedes `from`, and a plain 0 (never -0) when nothing was worked', () => {
    expect(office.businessMinutesBetween(at('2026-03-09T09:30+08:00'), at('2026-03-06T17:30+08:00'))).toBe(-60);
    expect(Object.is(office.businessMinutesBetween(at('2026-03-07T11:00+08:00'), at('2026-03-07T10:00+08:00')), 0)).toBe(true);
  });

  it('counts a make-up day and not a holiday', () => {
    const cal = new BusinessCalendar(officeSpec({ holidays: ['2026-03-10'], makeupWorkdays: ['2026-03-07'] }));
    expect(cal.businessMinutesBetween(at('2026-03-06T00:00+08:00'), at('2026-03-12T00:00+08:00'))).toBe(4 * 450);
  });
});

describe('endOfNthWorkingDay', () => {
  it.each([
    ['the next working day, over a weekend', '2026-03-06T16:00+08:00', 1, '2026-03-09T18:00+08:00'],
    ['five working days', '2026-03-06T16:00+08:00', 5, '2026-03-13T18:00+08:00'],
    ['from a Saturday', '2026-03-07T11:00+08:00', 1, '2026-03-09T18:00+08:00'],
    ['the day of `from` is not counted even before opening', '2026-03-10T08:00+08:00', 1, '2026-03-11T18:00+08:00'],
    ['from late evening', '2026-03-10T23:59+08:00', 2, '2026-03-12T18:00+08:00'],
  ])('%s', (_case, from, n, expected) => {
    expectInstant(office.endOfNthWorkingDay(at(from), n), expected);
  });

  it('skips holidays, counts make-up days and ends at their own closing time', () => {
    const cal = new BusinessCalendar(
      officeSpec({ holidays: ['2026-03-09'], makeupWorkdays: ['2026-03-07'], makeupHours: [[540, 900]] }),
    );
    expectInstant(cal.endOfNthWorkingDay(at('2026-03-06T10:00+08:00'), 1), '2026-03-07T15:00+08:00');
    expectInstant(cal.endOfNthWorkingDay(at('2026-03-06T10:00+08:00'), 2), '2026-03-10T18:00+08:00');
  });

  it.each([0, -1, 1.5, NaN, Infinity])('rejects n = %p', (n) => {
    expect(() => office.endOfNthWorkingDay(at('2026-03-10T10:00+08:00'), n)).toThrow(RangeError);
  });
});

describe('isWorkingDay and isWorkingTime', () => {
  const cal = new BusinessCalendar(officeSpec({ holidays: ['2026-03-10'], makeupWorkdays: ['2026-03-07'] }));

  it.each([
    ['2026-03-09', true],
    ['2026-03-10', false],
    ['2026-03-07', true],
    ['2026-03-08', false],
  ])('%s → %p', (date, expected) => {
    expect(cal.isWorkingDay(date)).toBe(expected);
  });

  it.each(['2026-02-30', '2026-3-9', '09/03/2026', ''])('rejects the local date %p', (date) => {
    expect(() => cal.isWorkingDay(date)).toThrow(RangeError);
  });

  it.each([
    ['2026-03-09T09:00+08:00', true],
    ['2026-03-09T08:59:59.999+08:00', false],
    ['2026-03-09T11:59:59.999+08:00', true],
    ['2026-03-09T12:00+08:00', false],
    ['2026-03-09T12:15+08:00', false],
    ['2026-03-09T13:30+08:00', true],
    ['2026-03-09T18:00+08:00', false],
    ['2026-03-10T10:00+08:00', false],
    ['2026-03-07T10:00+08:00', true],
    ['2026-03-08T10:00+08:00', false],
  ])('%s → %p', (iso, expected) => {
    expect(cal.isWorkingTime(at(iso))).toBe(expected);
  });
});

describe('wallClockCalendar', () => {
  const wall = wallClockCalendar();

  it('defaults to Asia/Shanghai and counts every minute', () => {
    expect(wall.spec.timeZone).toBe('Asia/Shanghai');
    expectInstant(wall.addBusinessMinutes(at('2026-03-07T23:30+08:00'), 60), '2026-03-08T00:30+08:00');
    expectInstant(wall.addBusinessMinutes(at('2026-03-07T00:30+08:00'), -60), '2026-03-06T23:30+08:00');
    expect(wall.businessMinutesBetween(at('2026-03-06T12:00+08:00'), at('2026-03-13T12:00+08:00'))).toBe(7 * 1440);
    expect(wall.isWorkingTime(at('2026-03-08T03:00+08:00'))).toBe(true);
  });

  it('ends the n-th day at the following midnight', () => {
    expectInstant(wall.endOfNthWorkingDay(at('2026-03-06T10:00+08:00'), 1), '2026-03-08T00:00+08:00');
  });
});
