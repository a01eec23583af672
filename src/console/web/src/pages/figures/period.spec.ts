import { defaultPeriod, periodQuery, startOfDay, todayIn } from './period';

describe('the report period', () => {
  it("turns whole local days into the API's instants in the deployment's zone, end exclusive", () => {
    expect(periodQuery({ from: '2026-11-21', to: '2026-11-23' }, 'Asia/Shanghai')).toEqual({ from: '2026-11-20T16:00:00.000Z', to: '2026-11-23T16:00:00.000Z' });
    expect(periodQuery({ from: '2026-11-21', to: '2026-11-21' }, 'UTC')).toEqual({ from: '2026-11-21T00:00:00.000Z', to: '2026-11-22T00:00:00.000Z' });
  });

  it('finds midnight on either side of a DST change', () => {
    // London: GMT until 29 March 2026, BST (UTC+1) after
    expect(startOfDay('2026-03-29', 'Europe/London').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(startOfDay('2026-03-30', 'Europe/London').toISOString()).toBe('2026-03-29T23:00:00.000Z');
  });

  it("knows today by the deployment's calendar, not UTC's", () => {
    const lateEvening = new Date('2026-12-05T17:30:00Z'); // already the 6th in Shanghai
    expect(todayIn('Asia/Shanghai', lateEvening)).toBe('2026-12-06');
    expect(defaultPeriod('Asia/Shanghai', lateEvening)).toEqual({ from: '2026-11-07', to: '2026-12-06' });
  });
});
