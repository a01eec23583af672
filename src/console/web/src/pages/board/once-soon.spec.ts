import { jest } from '@jest/globals';
import { onceSoon } from './once-soon';

describe('onceSoon: one run for a burst of requests', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs once, the given time after the first request of a burst', () => {
    const run = jest.fn();
    const soon = onceSoon(run, 800);
    soon.request();
    jest.advanceTimersByTime(500);
    soon.request();
    soon.request();
    jest.advanceTimersByTime(299);
    expect(run).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('is not put off for ever by requests that keep coming: one run every 800 ms while they do', () => {
    const run = jest.fn();
    const soon = onceSoon(run, 800);
    for (let t = 0; t < 4_000; t += 300) {
      soon.request();
      jest.advanceTimersByTime(300);
    }
    expect(run.mock.calls.length).toBeGreaterThanOrEqual(4);
  });

  it('runs again for a request after a run, and not at all once cancelled', () => {
    const run = jest.fn();
    const soon = onceSoon(run, 800);
    soon.request();
    jest.advanceTimersByTime(800);
    soon.request();
    jest.advanceTimersByTime(800);
    expect(run).toHaveBeenCalledTimes(2);
    soon.request();
    soon.cancel();
    jest.advanceTimersByTime(2_000);
    expect(run).toHaveBeenCalledTimes(2);
  });
});
