import { applyOverrides } from './calendar.service.js';
import { chinaCalendarSpec } from './china-calendar.js';
import { BusinessCalendar } from './business-calendar.js';

describe('applyOverrides', () => {
  const base = chinaCalendarSpec();

  it('makes a ruled day exactly what the ruling says, whatever the shipped arrangement said', () => {
    const spec = applyOverrides(base, [
      { day: '2026-10-01', kind: 'ordinary' }, // a shipped holiday set aside
      { day: '2026-09-20', kind: 'holiday' }, // a shipped make-up Sunday made a day off
      { day: '2026-12-07', kind: 'holiday' }, // an ordinary Monday closed
      { day: '2026-12-13', kind: 'workday' }, // an ordinary Sunday worked
    ]);
    const cal = new BusinessCalendar(spec);
    expect(['2026-10-01', '2026-09-20', '2026-12-07', '2026-12-13'].map((d) => cal.isWorkingDay(d))).toEqual([true, false, false, true]);
    expect(spec.makeupWorkdays).not.toContain('2026-09-20');
    expect(spec.holidays).not.toContain('2026-10-01');
    // the base is untouched
    expect(base.holidays).toContain('2026-10-01');
  });

  it('changes nothing without rulings', () => {
    expect(applyOverrides(base, [])).toEqual(base);
  });
});
