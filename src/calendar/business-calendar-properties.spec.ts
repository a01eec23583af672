import { describe, expect, it } from '@jest/globals';
import { BusinessCalendar, wallClockCalendar } from './business-calendar.js';
import { chinaCalendarSpec } from './china-calendar.js';

/** mulberry32: a tiny seeded PRNG, so every run checks the same cases and failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const china = new BusinessCalendar(chinaCalendarSpec());
const paris = new BusinessCalendar({
  timeZone: 'Europe/Paris',
  weeklyHours: { 0: [], 1: [[60, 240], [540, 1020]], 2: [[540, 1020]], 3: [[540, 1020]], 4: [[540, 1020]], 5: [[540, 1020]], 6: [[90, 200]] },
  holidays: ['2026-04-06'],
  makeupWorkdays: ['2026-03-29', '2026-10-25'],
  makeupHours: [[0, 30], [120, 180], [600, 660]],
});

type Case = { calendar: BusinessCalendar; name: string; start: number; span: number };
const CASES: Case[] = [
  // China: the whole of 2025–2026, holiday weeks and make-up days included.
  { calendar: china, name: 'China', start: Date.parse('2024-12-20T00:00+08:00'), span: 740 * 86_400_000 },
  // Paris: the weeks around both 2026 changes, with make-up days on the change days themselves.
  { calendar: paris, name: 'Paris spring', start: Date.parse('2026-03-20T00:00+01:00'), span: 20 * 86_400_000 },
  { calendar: paris, name: 'Paris autumn', start: Date.parse('2026-10-16T00:00+02:00'), span: 20 * 86_400_000 },
];

describe.each(CASES)('properties over $name', ({ calendar, start, span }) => {
  const rand = prng(0x12345 + span);
  const randomInstant = () => new Date(start + Math.floor(rand() * span));
  const randomMinutes = () => {
    const m = Math.floor(rand() * 12_000) - 6_000;
    // Every fourth case uses a millisecond-granular duration.
    return rand() < 0.25 ? m + Math.floor(rand() * 60_000) / 60_000 : m;
  };

  it('businessMinutesBetween(from, addBusinessMinutes(from, m)) === m', () => {
    for (let i = 0; i < 400; i += 1) {
      const from = randomInstant();
      const m = randomMinutes();
      const to = calendar.addBusinessMinutes(from, m);
      expect({ from: from.toISOString(), m, between: calendar.businessMinutesBetween(from, to) }).toEqual({
        from: from.toISOString(),
        m,
        between: m,
      });
    }
  });

  it('addBusinessMinutes is monotonic in the duration and lands in or at the edge of working time', () => {
    for (let i = 0; i < 200; i += 1) {
      const from = randomInstant();
      const [a, b] = [randomMinutes(), randomMinutes()].sort((x, y) => x - y);
      const ta = calendar.addBusinessMinutes(from, a);
      const tb = calendar.addBusinessMinutes(from, b);
      expect(ta.getTime()).toBeLessThanOrEqual(tb.getTime());
      if (a !== 0) {
        const justBefore = new Date(ta.getTime() - 1);
        const justAfter = new Date(ta.getTime());
        expect(calendar.isWorkingTime(justBefore) || calendar.isWorkingTime(justAfter)).toBe(true);
      }
    }
  });

  it('businessMinutesBetween is additive: [a, b) + [b, c) = [a, c)', () => {
    for (let i = 0; i < 200; i += 1) {
      const [a, b, c] = [randomInstant(), randomInstant(), randomInstant()];
      const ms = (x: Date, y: Date) => Math.round(calendar.businessMinutesBetween(x, y) * 60_000);
      expect(ms(a, b) + ms(b, c)).toBe(ms(a, c));
    }
  });

  it('walking forward then back returns to a start inside working time', () => {
    let checked = 0;
    for (let i = 0; i < 400; i += 1) {
      const from = randomInstant();
      if (!calendar.isWorkingTime(from)) continue;
      const m = Math.abs(randomMinutes()) + 1;
      expect(calendar.addBusinessMinutes(calendar.addBusinessMinutes(from, m), -m).toISOString()).toBe(from.toISOString());
      checked += 1;
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('wall clock properties', () => {
  it('every duration is real elapsed time, in any zone', () => {
    const rand = prng(7);
    for (const zone of ['Europe/Paris', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Shanghai']) {
      const wall = wallClockCalendar(zone);
      for (let i = 0; i < 100; i += 1) {
        const from = new Date(Date.parse('2026-01-01T00:00Z') + Math.floor(rand() * 365 * 86_400_000));
        const m = Math.floor(rand() * 40_000) - 20_000;
        expect(wall.addBusinessMinutes(from, m).getTime() - from.getTime()).toBe(m * 60_000);
      }
    }
  });
});
