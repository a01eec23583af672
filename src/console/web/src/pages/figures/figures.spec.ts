import { total, type FigureRow } from './figures';

const row = (over: Partial<FigureRow>): FigureRow => ({
  key: 'x', registered: 0, received: 0, responded: 0, respondedOnTime: 0, accepted: 0, returns: 0, resolved: 0, resolvedOnTime: 0,
  ratings: 0, satisfied: 0, extensions: 0, reopenings: 0, repeatCalls: 0, responseRate: null, onTimeRate: null, satisfactionRate: null, ...over,
});

describe('the all-departments total', () => {
  it('recomputes each rate from the summed counts, not by averaging the rates', () => {
    const t = total([row({ responded: 1, respondedOnTime: 1, responseRate: 1 }), row({ responded: 3, respondedOnTime: 0, responseRate: 0, resolved: 2, resolvedOnTime: 1 })]);
    expect(t).toMatchObject({ responded: 4, respondedOnTime: 1, responseRate: 0.25, resolved: 2, onTimeRate: 0.5, satisfactionRate: null });
  });
});
