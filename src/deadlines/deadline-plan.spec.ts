import { chinaCalendarSpec } from '../calendar/china-calendar.js';
import { BusinessCalendar, wallClockCalendar } from '../calendar/business-calendar.js';
import { dueFrom, escalationStep, parseLimit, planStage } from './deadline-plan.js';

const cn = new BusinessCalendar(chinaCalendarSpec());
const esc = { warnPercent: 75, level2AfterMinutes: 240, level3AfterMinutes: 480 };
const at = (iso: string) => new Date(iso);

describe('parseLimit', () => {
  it.each([
    ['30m', { amount: 30, unit: 'minutes' }],
    ['4h', { amount: 240, unit: 'minutes' }],
    ['2.5h', { amount: 150, unit: 'minutes' }],
    [' 5wd ', { amount: 5, unit: 'working_days' }],
  ])('reads %p', (text, limit) => {
    expect(parseLimit(text)).toEqual(limit);
  });

  it.each(['', 'soon', '5d', '1.5wd', '0m', '-1h', '300wd'])('refuses %p', (text) => {
    expect(() => parseLimit(text)).toThrow(RangeError);
  });
});

describe('planStage', () => {
  it('warns at 75 % of the working window and breaches at the due time, escalating only on request', () => {
    // Monday 2026-11-23 09:00 Shanghai: 3 h to the lunch break at 12:00, 1 h after it → 14:30;
    // 75 % of those 240 working minutes is 180 → exactly 12:00, the end of the morning
    const start = at('2026-11-23T09:00:00+08:00');
    const due = dueFrom(start, parseLimit('4h'), cn);
    expect(due.toISOString()).toBe(at('2026-11-23T14:30:00+08:00').toISOString());
    const plan = planStage('accept', start, due, cn, esc);
    expect(plan.map((p) => [p.kind, p.level, p.dueAt.toISOString()])).toEqual([
      ['warning', 0, at('2026-11-23T12:00:00+08:00').toISOString()],
      ['breach', 1, due.toISOString()],
    ]);
    for (const p of plan) expect(p.stageDueAt.toISOString()).toBe(due.toISOString());
  });

  it('times the ladder from the breach in working time: level 2 four working hours later, level 3 eight after that', () => {
    // Friday 17:00: 60 working minutes left that day, 180 on Monday morning → Monday 12:00;
    // then 270 on Monday afternoon, 180 on Tuesday morning and 30 after lunch → Tuesday 14:00
    const due = at('2026-11-27T17:00:00+08:00');
    expect(escalationStep('resolve', due, 2, cn, esc).dueAt.toISOString()).toBe(at('2026-11-30T12:00:00+08:00').toISOString());
    expect(escalationStep('resolve', due, 3, cn, esc).dueAt.toISOString()).toBe(at('2026-12-01T14:00:00+08:00').toISOString());
    const withLadder = planStage('resolve', at('2026-11-27T09:00:00+08:00'), due, cn, esc, undefined, true);
    expect(withLadder.map((p) => p.level)).toEqual([0, 1, 2, 3]);
  });

  it('leaves out a warning already in the past', () => {
    const start = at('2026-11-23T09:00:00+08:00');
    const due = at('2026-11-23T10:00:00+08:00');
    const plan = planStage('dispatch', start, due, cn, esc, at('2026-11-23T09:50:00+08:00'));
    expect(plan.map((p) => p.kind)).toEqual(['breach']);
  });

  it('counts every minute on the wall clock (urgent policies)', () => {
    const wall = wallClockCalendar('Asia/Shanghai');
    const start = at('2026-11-28T23:00:00+08:00'); // Saturday night
    const due = dueFrom(start, parseLimit('1h'), wall);
    expect(due.toISOString()).toBe(at('2026-11-29T00:00:00+08:00').toISOString());
    expect(planStage('accept', start, due, wall, esc)[0].dueAt.toISOString()).toBe(at('2026-11-28T23:45:00+08:00').toISOString());
  });
});
