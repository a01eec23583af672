import { bucketsBetween } from './reports.service.js';

describe('bucketsBetween', () => {
  it("lists every local day of the range, in the deployment's zone", () => {
    // 2026-11-20T16:00Z is already the 21st in Shanghai; the end is exclusive
    expect(bucketsBetween(new Date('2026-11-20T16:00:00Z'), new Date('2026-11-23T16:00:00Z'), 'day', 'Asia/Shanghai')).toEqual(['2026-11-21', '2026-11-22', '2026-11-23']);
    expect(bucketsBetween(new Date('2026-11-20T16:00:00Z'), new Date('2026-11-23T16:00:00Z'), 'day', 'UTC')).toEqual(['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']);
  });

  it('starts weeks on Monday and months on the 1st, as PostgreSQL date_trunc does', () => {
    // Sunday 22 Nov 2026 belongs to the week of Monday 16 Nov
    expect(bucketsBetween(new Date('2026-11-22T02:00:00Z'), new Date('2026-12-01T02:00:00Z'), 'week', 'Asia/Shanghai')).toEqual(['2026-11-16', '2026-11-23', '2026-11-30']);
    expect(bucketsBetween(new Date('2026-01-31T00:00:00Z'), new Date('2026-04-01T00:00:00Z'), 'month', 'UTC')).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
  });
});
