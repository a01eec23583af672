import type { CalendarYear } from './admin-types';
import { addDays, addMonths, dayIndex, monthWeeks, weekdayOf } from './calendar-model';

const WORK: [number, number][] = [[540, 1080]];
const view: CalendarYear = {
  timeZone: 'Asia/Shanghai',
  year: 2026,
  weeklyHours: { 0: [], 1: WORK, 2: WORK, 3: WORK, 4: WORK, 5: WORK, 6: [] },
  days: [
    { date: '2026-10-01', kind: 'holiday', name: null, source: 'shipped' },
    { date: '2026-10-10', kind: 'workday', name: null, source: 'shipped' },
    { date: '2026-08-12', kind: 'holiday', name: '台风停工', source: 'ruling' },
  ],
  rulings: [
    { date: '2026-08-12', kind: 'holiday', name: '台风停工', updatedBy: null, updatedAt: '2026-08-11T10:00:00Z' },
    { date: '2026-10-07', kind: 'ordinary', name: null, updatedBy: null, updatedAt: '2026-08-11T10:00:00Z' },
  ],
  source: null,
  provisional: null,
};

describe('the calendar year view', () => {
  it('lays a month out in weeks from Monday', () => {
    // 1 October 2026 is a Thursday
    const weeks = monthWeeks(2026, 10);
    expect(weeks[0]).toEqual([null, null, null, '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04']);
    expect(weeks.at(-1)).toEqual(['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30', '2026-10-31', null]);
    expect(monthWeeks(2032, 2).flat().filter(Boolean)).toHaveLength(29);
  });

  it('moves by days and months across month and year ends, clamping to the month’s last day', () => {
    expect(addDays('2032-12-31', 1)).toBe('2033-01-01');
    expect(addDays('2032-03-01', -1)).toBe('2032-02-29');
    expect(addMonths('2032-01-31', 1)).toBe('2032-02-29');
    expect(addMonths('2032-01-15', -1)).toBe('2031-12-15');
    expect(weekdayOf('2032-01-01')).toBe(4);
  });

  it('tells holidays, make-up days, weekends and working days apart, with the rulings and their names', () => {
    const day = dayIndex(view);
    expect(day('2026-10-01')).toEqual({ date: '2026-10-01', kind: 'holiday', name: null, ruling: null });
    expect(day('2026-10-10').kind).toBe('makeup');
    expect(day('2026-10-11').kind).toBe('weekend');
    expect(day('2026-10-12').kind).toBe('work');
    expect(day('2026-08-12')).toEqual({ date: '2026-08-12', kind: 'holiday', name: '台风停工', ruling: { kind: 'holiday', name: '台风停工' } });
    // a shipped holiday set aside is an ordinary working Wednesday, marked as ruled
    expect(day('2026-10-07')).toEqual({ date: '2026-10-07', kind: 'work', name: null, ruling: { kind: 'ordinary', name: null } });
  });
});
