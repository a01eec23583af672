import { describe, expect, it } from '@jest/globals';
import { BusinessCalendar } from './business-calendar.js';
import { CHINA_HOLIDAY_YEARS, chinaCalendarSpec, missingArrangementYears, provisionalArrangementYears } from './china-calendar.js';
import { CN_ARRANGEMENTS } from './holidays/index.js';

const at = (iso: string) => new Date(iso);
const expectInstant = (actual: Date, expected: string) => expect(actual.toISOString()).toBe(at(expected).toISOString());
/** Weekday by the built-in Date, independent of the calendar's own day arithmetic. */
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const range = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00Z`); t <= Date.parse(`${to}T00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
};

// The notices' own wording, block by block: [first day, last day] off, and the working weekend days.
const NOTICES: Record<number, { blocks: [string, string][]; makeup: string[] }> = {
  2025: {
    blocks: [
      ['2025-01-01', '2025-01-01'], ['2025-01-28', '2025-02-04'], ['2025-04-04', '2025-04-06'],
      ['2025-05-01', '2025-05-05'], ['2025-05-31', '2025-06-02'], ['2025-10-01', '2025-10-08'],
    ],
    makeup: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    blocks: [
      ['2026-01-01', '2026-01-03'], ['2026-02-15', '2026-02-23'], ['2026-04-04', '2026-04-06'],
      ['2026-05-01', '2026-05-05'], ['2026-06-19', '2026-06-21'], ['2026-09-25', '2026-09-27'],
      ['2026-10-01', '2026-10-07'],
    ],
    makeup: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

// Weekdays printed in the notices next to each date (周一 = 1 … 周日 = 0).
const STATED_WEEKDAYS: [string, number][] = [
  ['2025-01-01', 3], ['2025-01-28', 2], ['2025-02-04', 2], ['2025-04-04', 5], ['2025-04-06', 0],
  ['2025-05-01', 4], ['2025-05-05', 1], ['2025-05-31', 6], ['2025-06-02', 1], ['2025-10-01', 3],
  ['2025-10-08', 3], ['2025-01-26', 0], ['2025-02-08', 6], ['2025-04-27', 0], ['2025-09-28', 0],
  ['2025-10-11', 6], ['2026-01-01', 4], ['2026-01-03', 6], ['2026-01-04', 0], ['2026-02-15', 0],
  ['2026-02-23', 1], ['2026-02-14', 6], ['2026-02-28', 6], ['2026-04-04', 6], ['2026-04-06', 1],
  ['2026-05-01', 5], ['2026-05-05', 2], ['2026-05-09', 6], ['2026-06-19', 5], ['2026-06-21', 0],
  ['2026-09-25', 5], ['2026-09-27', 0], ['2026-10-01', 4], ['2026-10-07', 3], ['2026-09-20', 0],
  ['2026-10-10', 6],
];

describe('China holiday data', () => {
  it('encodes 2025 and 2026 from their notices, 2027 provisionally', () => {
    expect(CHINA_HOLIDAY_YEARS).toEqual([2025, 2026, 2027]);
    expect(missingArrangementYears(2025, 2028)).toEqual([2028]);
    expect(missingArrangementYears(2024, 2026)).toEqual([2024]);
    expect(missingArrangementYears(2026, 2026)).toEqual([]);
    expect(missingArrangementYears(2027, 2026)).toEqual([]);
    expect(provisionalArrangementYears(2025, 2028)).toEqual([{ year: 2027, reason: expect.stringContaining('statutory days only') }]);
    expect(provisionalArrangementYears(2025, 2026)).toEqual([]);
    expect(() => missingArrangementYears(2025.5, 2026)).toThrow(RangeError);
  });

  it.each(CN_ARRANGEMENTS.filter((a) => !a.provisional).map((a) => [a.year, a] as const))('%i matches its notice block by block', (year, a) => {
    const notice = NOTICES[year];
    expect([...a.holidays].sort()).toEqual(notice.blocks.flatMap(([from, to]) => range(from, to)));
    expect([...a.makeupWorkdays].sort()).toEqual(notice.makeup);
    expect(a.source).toContain(`国务院办公厅关于${year}年部分节假日安排的通知`);
    expect(a.source).toMatch(/https:\/\/www\.gov\.cn\/\S+\.htm/);
  });

  it('2027 (provisional) gives exactly the 13 statutory days off on weekdays, weekend ones made up right after', () => {
    const a = CN_ARRANGEMENTS.find((x) => x.year === 2027)!;
    expect(a.provisional).toBeTruthy();
    expect(a.source).toContain('全国年节及纪念日放假办法');
    const blocks: [string, string][] = [
      ['2027-01-01', '2027-01-01'], ['2027-02-05', '2027-02-10'], ['2027-04-05', '2027-04-05'], ['2027-05-01', '2027-05-04'],
      ['2027-06-09', '2027-06-09'], ['2027-09-15', '2027-09-15'], ['2027-10-01', '2027-10-05'],
    ];
    expect([...a.holidays].sort()).toEqual(blocks.flatMap(([from, to]) => range(from, to)));
    // 元旦 1 + 春节 4 + 清明 1 + 劳动节 2 + 端午 1 + 中秋 1 + 国庆 3 (Decree No. 795)
    expect(a.holidays.filter((d) => weekday(d) !== 0 && weekday(d) !== 6)).toHaveLength(13);
    expect(a.makeupWorkdays).toEqual([]);
  });

  it.each(CN_ARRANGEMENTS.map((a) => [a.year, a] as const))('%i is consistent', (year, a) => {
    for (const d of [...a.holidays, ...a.makeupWorkdays]) expect(d.startsWith(`${year}-`)).toBe(true);
    for (const d of a.makeupWorkdays) expect([0, 6]).toContain(weekday(d));
    expect(a.holidays.filter((d) => a.makeupWorkdays.includes(d))).toEqual([]);
    expect(new Set(a.holidays).size).toBe(a.holidays.length);
  });

  it('names 2026’s days by their festival, make-up working days included', () => {
    const a = CN_ARRANGEMENTS.find((x) => x.year === 2026)!;
    expect([a.names['2026-02-17'], a.names['2026-02-14'], a.names['2026-10-10'], a.names['2026-01-04']]).toEqual(['春节', '春节', '国庆节', '元旦']);
  });

  it.each(STATED_WEEKDAYS)('%s falls on the weekday the notice states (%i)', (date, expected) => {
    expect(weekday(date)).toBe(expected);
  });
});

describe('chinaCalendarSpec', () => {
  it('defaults to Asia/Shanghai, Mon–Fri 9:00–12:00 and 13:30–18:00, with every encoded arrangement', () => {
    const spec = chinaCalendarSpec();
    expect(spec.timeZone).toBe('Asia/Shanghai');
    expect(spec.weeklyHours[1]).toEqual([[540, 720], [810, 1080]]);
    expect(spec.weeklyHours[5]).toEqual([[540, 720], [810, 1080]]);
    expect([spec.weeklyHours[0], spec.weeklyHours[6]]).toEqual([[], []]);
    expect(spec.holidays).toHaveLength(28 + 33 + 19);
    expect(spec.makeupWorkdays).toHaveLength(5 + 6);
    expect(spec.makeupHours).toBeUndefined();
  });

  it('applies overrides wholesale and ignores undefined ones', () => {
    expect(chinaCalendarSpec({ timeZone: 'Asia/Urumqi' }).timeZone).toBe('Asia/Urumqi');
    expect(chinaCalendarSpec({ timeZone: undefined }).timeZone).toBe('Asia/Shanghai');
    expect(chinaCalendarSpec({ holidays: ['2026-03-10'] }).holidays).toEqual(['2026-03-10']);
    const local = new BusinessCalendar(chinaCalendarSpec({ holidays: [...chinaCalendarSpec().holidays, '2026-03-10'] }));
    expect(local.isWorkingDay('2026-03-10')).toBe(false);
    expect(local.isWorkingDay('2026-02-16')).toBe(false);
  });

  it('hands out copies, so one deployment cannot edit the shipped data', () => {
    const spec = chinaCalendarSpec();
    spec.holidays.length = 0;
    spec.weeklyHours[1].push([1200, 1260]);
    expect(chinaCalendarSpec().holidays).toHaveLength(80);
    expect(chinaCalendarSpec().weeklyHours[1]).toHaveLength(2);
    expect(CN_ARRANGEMENTS[1].holidays).toHaveLength(33);
  });
});

describe('the China working calendar', () => {
  const cal = new BusinessCalendar(chinaCalendarSpec());

  it.each([
    ['2026-02-14', true], ['2026-02-15', false], ['2026-02-16', false], ['2026-02-21', false],
    ['2026-02-23', false], ['2026-02-24', true], ['2026-02-28', true], ['2026-03-01', false],
    ['2025-01-26', true], ['2025-10-08', false], ['2025-10-11', true], ['2026-10-08', true],
  ])('%s working: %p', (date, expected) => {
    expect(cal.isWorkingDay(date)).toBe(expected);
  });

  it('has 248 working days in 2025 and in 2026', () => {
    for (const year of [2025, 2026]) {
      expect(range(`${year}-01-01`, `${year}-12-31`).filter((d) => cal.isWorkingDay(d))).toHaveLength(248);
      expect(cal.businessMinutesBetween(at(`${year}-01-01T00:00+08:00`), at(`${year + 1}-01-01T00:00+08:00`))).toBe(248 * 450);
    }
  });

  describe('Spring Festival 2026: off Sun 15 – Mon 23 Feb, make-up Saturdays 14 and 28 Feb', () => {
    const registered = at('2026-02-13T16:00+08:00'); // a Friday

    it.each([
      [1, '2026-02-14T18:00+08:00'],
      [2, '2026-02-24T18:00+08:00'],
      [3, '2026-02-25T18:00+08:00'],
      [5, '2026-02-27T18:00+08:00'],
      [6, '2026-02-28T18:00+08:00'],
      [7, '2026-03-02T18:00+08:00'],
    ])('registered Fri 13 Feb 16:00, within %i working days → %s', (n, expected) => {
      expectInstant(cal.endOfNthWorkingDay(registered, n), expected);
    });

    it.each([
      ['three working days of minutes', '2026-02-13T16:00+08:00', 3 * 450, '2026-02-25T16:00+08:00'],
      ['closing time on the eve of the make-up day', '2026-02-13T17:00+08:00', 60, '2026-02-13T18:00+08:00'],
      ['one minute more opens the make-up Saturday', '2026-02-13T17:00+08:00', 61, '2026-02-14T09:01+08:00'],
      ['over the whole holiday from the make-up Saturday', '2026-02-14T17:00+08:00', 120, '2026-02-24T10:00+08:00'],
      ['a start on the holiday', '2026-02-17T10:00+08:00', 30, '2026-02-24T09:30+08:00'],
      ['into the second make-up Saturday', '2026-02-27T17:00+08:00', 120, '2026-02-28T10:00+08:00'],
      ['backwards over the holiday', '2026-02-24T09:30+08:00', -60, '2026-02-14T17:30+08:00'],
    ])('%s', (_case, from, minutes, expected) => {
      expectInstant(cal.addBusinessMinutes(at(from), minutes), expected);
    });

    it('counts the make-up Saturdays and nothing of the holiday', () => {
      expect(cal.businessMinutesBetween(at('2026-02-14T09:00+08:00'), at('2026-02-24T18:00+08:00'))).toBe(900);
      expect(cal.businessMinutesBetween(at('2026-02-13T00:00+08:00'), at('2026-03-02T00:00+08:00'))).toBe(7 * 450);
    });
  });

  describe('National Day 2026: Mid-Autumn 25–27 Sep, off 1–7 Oct, make-up Sun 20 Sep and Sat 10 Oct', () => {
    it.each([
      ['2026-09-30T10:00+08:00', 1, '2026-10-08T18:00+08:00'],
      ['2026-09-30T10:00+08:00', 3, '2026-10-10T18:00+08:00'],
      ['2026-09-30T10:00+08:00', 4, '2026-10-12T18:00+08:00'],
      ['2026-09-19T10:00+08:00', 1, '2026-09-20T18:00+08:00'],
      ['2026-09-24T10:00+08:00', 1, '2026-09-28T18:00+08:00'],
    ])('from %s, within %i working days → %s', (from, n, expected) => {
      expectInstant(cal.endOfNthWorkingDay(at(from), n), expected);
    });

    it('adds minutes over the holiday week', () => {
      expectInstant(cal.addBusinessMinutes(at('2026-09-30T17:00+08:00'), 120), '2026-10-08T10:00+08:00');
    });
  });

  it('Spring Festival 2025: make-up Sunday 26 Jan before, Saturday 8 Feb after', () => {
    expectInstant(cal.endOfNthWorkingDay(at('2025-01-24T10:00+08:00'), 1), '2025-01-26T18:00+08:00');
    expectInstant(cal.endOfNthWorkingDay(at('2025-01-24T10:00+08:00'), 3), '2025-02-05T18:00+08:00');
    expectInstant(cal.endOfNthWorkingDay(at('2025-02-07T10:00+08:00'), 1), '2025-02-08T18:00+08:00');
  });

  it('treats a year without an arrangement as ordinary weekdays (documented fallback)', () => {
    // 2028-01-03 is a Monday
    expect(cal.isWorkingDay('2028-01-03')).toBe(true);
    expect(cal.isWorkingDay('2028-01-01')).toBe(false);
  });

  it('2027, provisionally: the statutory days, weekend statutory days made up on the next working days', () => {
    // New Year's Day, a Friday
    expect(cal.isWorkingDay('2027-01-01')).toBe(false);
    // Spring Festival: 除夕 Fri 5 Feb to 初三 Mon 8 Feb, with Tue 9 and Wed 10 for the weekend days
    for (const d of ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10']) expect(cal.isWorkingDay(d)).toBe(false);
    expect(cal.isWorkingDay('2027-02-04')).toBe(true);
    expect(cal.isWorkingDay('2027-02-11')).toBe(true);
    expect(cal.isWorkingDay('2027-04-05')).toBe(false);
    expect(cal.isWorkingDay('2027-05-04')).toBe(false);
    expect(cal.isWorkingDay('2027-05-05')).toBe(true);
    expect(cal.isWorkingDay('2027-06-09')).toBe(false);
    expect(cal.isWorkingDay('2027-09-15')).toBe(false);
    expect(cal.isWorkingDay('2027-10-05')).toBe(false);
    expect(cal.isWorkingDay('2027-10-06')).toBe(true);
    // a complaint on the Thursday before the festival, "within 3 working days": Thu 11, Fri 12, Mon 15
    expectInstant(cal.endOfNthWorkingDay(at('2027-02-04T10:00+08:00'), 3), '2027-02-15T18:00+08:00');
  });
});
