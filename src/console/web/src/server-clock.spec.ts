import { narrowOffset, offsetOf } from './server-clock';

describe('the server clock estimate', () => {
  const serverAt = (ms: number) => new Date(ms).toUTCString();
  const server0 = Date.UTC(2026, 11, 7, 1, 0, 0);
  // the browser runs 3 h 12.4 s fast; each answer takes 80 ms, the server stamps it mid-way
  const skew = 3 * 3600_000 + 12_400;

  it('learns the server time to within a second from one answer, whatever the browser clock says', () => {
    const sent = server0 + 250 + skew;
    const b = narrowOffset(null, serverAt(server0 + 290), sent, sent + 80);
    expect(Math.abs(offsetOf(b) + skew)).toBeLessThan(1000);
  });

  it('narrows below half a second as answers arrive at different points of the server’s second', () => {
    let b: ReturnType<typeof narrowOffset> = null;
    for (const [k, phase] of [100, 330, 570, 810, 990].entries()) {
      const stamped = server0 + k * 60_000 + phase; // the header says only the whole second
      b = narrowOffset(b, serverAt(stamped), stamped - 40 + skew, stamped + 40 + skew);
    }
    expect(b!.hi - b!.lo).toBeLessThan(500);
    expect(Math.abs(offsetOf(b) + skew)).toBeLessThan(250);
  });

  it('starts afresh when the browser clock is set meanwhile, and ignores answers without a date', () => {
    const first = narrowOffset(null, serverAt(server0), server0 + skew, server0 + skew + 50);
    expect(narrowOffset(first, null, 0, 0)).toBe(first);
    // the PC's clock is corrected: offsets that no longer overlap the old bounds
    const after = narrowOffset(first, serverAt(server0 + 5000), server0 + 5000, server0 + 5050);
    expect(Math.abs(offsetOf(after))).toBeLessThan(1000);
  });
});
