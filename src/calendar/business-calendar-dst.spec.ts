import { describe, expect, it } from '@jest/globals';
import { BusinessCalendar, wallClockCalendar, type DayHours } from './business-calendar.js';

// Europe/Paris 2026: clocks go 02:00 → 03:00 on Sun 29 March (00:59:59Z +01:00 → 01:00Z +02:00)
// and 03:00 → 02:00 on Sun 25 October (01:00Z), so 02:00–03:00 is skipped in spring and
// happens twice in autumn.
const everyDay = (hours: DayHours) =>
  new BusinessCalendar({
    timeZone: 'Europe/Paris',
    weeklyHours: { 0: hours, 1: hours, 2: hours, 3: hours, 4: hours, 5: hours, 6: hours },
    holidays: [],
    makeupWorkdays: [],
  });

const at = (iso: string) => new Date(iso);
const expectInstant = (actual: Date, expected: string) => expect(actual.toISOString()).toBe(at(expected).toISOString());

describe('Europe/Paris, a night shift 01:00–04:00 that spans the change', () => {
  const night = everyDay([[60, 240]]);

  it('is three hours on an ordinary night, two in spring and four in autumn', () => {
    expect(night.businessMinutesBetween(at('2026-03-28T00:00+01:00'), at('2026-03-29T00:00+01:00'))).toBe(180);
    expect(night.businessMinutesBetween(at('2026-03-29T00:00+01:00'), at('2026-03-30T00:00+02:00'))).toBe(120);
    expect(night.businessMinutesBetween(at('2026-10-25T00:00+02:00'), at('2026-10-26T00:00+01:00'))).toBe(240);
  });

  it.each([
    ['spring: 60 min from 01:00 is 03:00 summer time', '2026-03-29T01:00+01:00', 60, '2026-03-29T03:00+02:00'],
    ['spring: landing on the gap itself', '2026-03-29T01:30+01:00', 30, '2026-03-29T03:00+02:00'],
    ['spring: 90 min', '2026-03-29T01:00+01:00', 90, '2026-03-29T03:30+02:00'],
    ['spring: the shortened night ends at 04:00', '2026-03-29T01:00+01:00', 120, '2026-03-29T04:00+02:00'],
    ['spring: one more minute is the next night', '2026-03-29T01:00+01:00', 121, '2026-03-30T01:01+02:00'],
    ['autumn: 60 min from 01:00 is the first 02:00', '2026-10-25T01:00+02:00', 60, '2026-10-25T02:00+02:00'],
    ['autumn: 120 min is the second 02:00', '2026-10-25T01:00+02:00', 120, '2026-10-25T02:00+01:00'],
    ['autumn: 180 min', '2026-10-25T01:00+02:00', 180, '2026-10-25T03:00+01:00'],
    ['autumn: the lengthened night ends at 04:00', '2026-10-25T01:00+02:00', 240, '2026-10-25T04:00+01:00'],
    ['autumn: one more minute is the next night', '2026-10-25T01:00+02:00', 241, '2026-10-26T01:01+01:00'],
    ['autumn: backwards over the repeated hour', '2026-10-25T04:00+01:00', -240, '2026-10-25T01:00+02:00'],
    ['spring: backwards over the skipped hour', '2026-03-29T04:00+02:00', -120, '2026-03-29T01:00+01:00'],
  ])('%s', (_case, from, minutes, expected) => {
    expectInstant(night.addBusinessMinutes(at(from), minutes), expected);
  });

  it('counts both occurrences of the repeated hour as working time', () => {
    expect(night.isWorkingTime(at('2026-10-25T02:30+02:00'))).toBe(true);
    expect(night.isWorkingTime(at('2026-10-25T02:30+01:00'))).toBe(true);
    expect(night.isWorkingTime(at('2026-10-25T04:00+01:00'))).toBe(false);
  });
});

describe('Europe/Paris, intervals starting inside the change', () => {
  it('02:30–03:30: a start in the spring gap moves to the first instant after it (03:00)', () => {
    const cal = everyDay([[150, 210]]);
    expect(cal.businessMinutesBetween(at('2026-03-28T00:00+01:00'), at('2026-03-29T00:00+01:00'))).toBe(60);
    expect(cal.businessMinutesBetween(at('2026-03-29T00:00+01:00'), at('2026-03-30T00:00+02:00'))).toBe(30);
    expectInstant(cal.addBusinessMinutes(at('2026-03-29T00:00+01:00'), 1), '2026-03-29T03:01+02:00');
  });

  it('02:30–03:30: an ambiguous autumn start takes the earlier 02:30', () => {
    const cal = everyDay([[150, 210]]);
    expect(cal.businessMinutesBetween(at('2026-10-25T00:00+02:00'), at('2026-10-26T00:00+01:00'))).toBe(120);
    expectInstant(cal.addBusinessMinutes(at('2026-10-25T00:00+02:00'), 1), '2026-10-25T02:31+02:00');
    expectInstant(cal.addBusinessMinutes(at('2026-10-25T00:00+02:00'), 60), '2026-10-25T02:30+01:00');
  });

  it('02:00–03:00: the hour that does not exist in spring yields no working time', () => {
    const cal = everyDay([[120, 180]]);
    expect(cal.isWorkingDay('2026-03-29')).toBe(true);
    expect(cal.businessMinutesBetween(at('2026-03-29T00:00+01:00'), at('2026-03-30T00:00+02:00'))).toBe(0);
    expect(cal.businessMinutesBetween(at('2026-10-25T00:00+02:00'), at('2026-10-26T00:00+01:00'))).toBe(120);
    expectInstant(cal.addBusinessMinutes(at('2026-03-28T02:30+01:00'), 60), '2026-03-30T02:30+02:00');
    // Its closing time still exists: 03:00 summer time.
    expectInstant(cal.endOfNthWorkingDay(at('2026-03-28T12:00+01:00'), 1), '2026-03-29T03:00+02:00');
  });
});

describe('Europe/Paris office hours over the weekend of a change', () => {
  const office = everyDay([[540, 1020]]);
  const weekdays = new BusinessCalendar({
    ...office.spec,
    weeklyHours: { ...office.spec.weeklyHours, 0: [], 6: [] },
  });

  it('keeps local opening times on both sides of the change', () => {
    expectInstant(weekdays.addBusinessMinutes(at('2026-03-27T16:00+01:00'), 120), '2026-03-30T10:00+02:00');
    expectInstant(weekdays.addBusinessMinutes(at('2026-10-23T16:00+02:00'), 120), '2026-10-26T10:00+01:00');
    expect(weekdays.businessMinutesBetween(at('2026-03-27T09:00+01:00'), at('2026-03-30T17:00+02:00'))).toBe(960);
    expectInstant(weekdays.endOfNthWorkingDay(at('2026-10-23T10:00+02:00'), 1), '2026-10-26T17:00+01:00');
  });

  it('another country is a configuration change: French public holidays', () => {
    const france = new BusinessCalendar({ ...weekdays.spec, holidays: ['2026-05-01', '2026-05-08', '2026-05-14'] });
    // Thu 7 May 16:30 + 60: half an hour on Thursday, Friday 8 May (Victoire 1945) off.
    expectInstant(france.addBusinessMinutes(at('2026-05-07T16:30+02:00'), 60), '2026-05-11T09:30+02:00');
    expect(france.isWorkingDay('2026-05-14')).toBe(false);
  });
});

describe('wallClockCalendar in Europe/Paris', () => {
  const wall = wallClockCalendar('Europe/Paris');

  it('24 h over the spring change ends 24 real hours later, one hour later on the clock', () => {
    expectInstant(wall.addBusinessMinutes(at('2026-03-28T12:00+01:00'), 1440), '2026-03-29T13:00+02:00');
    expectInstant(wall.addBusinessMinutes(at('2026-03-29T13:00+02:00'), -1440), '2026-03-28T12:00+01:00');
  });

  it('24 h over the autumn change ends one hour earlier on the clock', () => {
    expectInstant(wall.addBusinessMinutes(at('2026-10-24T12:00+02:00'), 1440), '2026-10-25T11:00+01:00');
  });

  it('measures the short and the long day in real minutes', () => {
    expect(wall.businessMinutesBetween(at('2026-03-29T00:00+01:00'), at('2026-03-30T00:00+02:00'))).toBe(1380);
    expect(wall.businessMinutesBetween(at('2026-10-25T00:00+02:00'), at('2026-10-26T00:00+01:00'))).toBe(1500);
    expectInstant(wall.endOfNthWorkingDay(at('2026-03-28T10:00+01:00'), 1), '2026-03-30T00:00+02:00');
  });
});

describe('a zone whose clocks change at midnight (America/Santiago 2026)', () => {
  const wall = wallClockCalendar('America/Santiago');

  it('spring: local midnight of 6 September does not exist, the day starts at 01:00', () => {
    expectInstant(wall.endOfNthWorkingDay(at('2026-09-04T12:00-04:00'), 1), '2026-09-06T01:00-03:00');
    expect(wall.businessMinutesBetween(at('2026-09-06T01:00-03:00'), at('2026-09-07T00:00-03:00'))).toBe(1380);
    expectInstant(wall.addBusinessMinutes(at('2026-09-05T23:30-04:00'), 60), '2026-09-06T01:30-03:00');
  });

  it('autumn: 23:00–24:00 on 4 April happens twice and both count', () => {
    const lateSaturday = new BusinessCalendar({
      timeZone: 'America/Santiago',
      weeklyHours: { 0: [], 1: [], 2: [], 3: [], 4: [], 5: [], 6: [[1380, 1440]] },
      holidays: [],
      makeupWorkdays: [],
    });
    expect(lateSaturday.businessMinutesBetween(at('2026-04-04T22:00-03:00'), at('2026-04-05T00:30-04:00'))).toBe(120);
    expect(lateSaturday.isWorkingTime(at('2026-04-04T23:30-03:00'))).toBe(true);
    expect(lateSaturday.isWorkingTime(at('2026-04-04T23:30-04:00'))).toBe(true);
    expectInstant(lateSaturday.addBusinessMinutes(at('2026-04-04T23:00-03:00'), 90), '2026-04-04T23:30-04:00');
  });
});
