import { percent, periodLabel } from './format-figures';

describe('figures formatting', () => {
  it('shows a rate as a percentage with at most one decimal, and nothing to count as null', () => {
    expect(percent(0.667, 'en')).toBe('66.7%');
    expect(percent(0.5, 'zh-CN')).toBe('50%');
    expect(percent(1, 'en')).toBe('100%');
    expect(percent(null, 'en')).toBeNull();
  });

  it('labels a period by its own date, not shifted by the reader’s zone', () => {
    // the API's keys are already local dates in the deployment's zone
    expect(periodLabel('2026-12-01', 'day', 'en')).toBe('1 Dec');
    expect(periodLabel('2026-12-01', 'day', 'zh-CN')).toBe('12月1日');
    expect(periodLabel('2026-12-01', 'month', 'en')).toBe('Dec 2026');
  });
});
