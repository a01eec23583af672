import { SharedBatches, type FiredBatch } from './shared-batches.js';

const FULL = 500;
const STALL_MS = 20;

/** A batch function whose batches the test ends by hand. */
function handBatches() {
  const started: { took: (n: number) => void; end: (r: FiredBatch) => void; at: number }[] = [];
  const run = (took: (n: number) => void) =>
    new Promise<FiredBatch>((end) => {
      started.push({ took, end, at: Date.now() });
    });
  return { started, batches: new SharedBatches(run, FULL, STALL_MS) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const done = (fired: string[] = [], more = false): FiredBatch => ({ fired, more });

describe('SharedBatches', () => {
  it('gives the wake-ups that come during a batch one shared next batch, started when it ends', async () => {
    const { started, batches } = handBatches();
    const first = batches.next();
    started[0].took(FULL);
    const [a, b, c] = [batches.next(), batches.next(), batches.next()];
    expect(a).toBe(b);
    expect(b).toBe(c);
    await sleep(STALL_MS * 3);
    expect(started).toHaveLength(1); // a full batch is waited for, however long it runs
    started[0].end(done(['r1'], true));
    await expect(first).resolves.toEqual(done(['r1'], true));
    await sleep(0);
    expect(started).toHaveLength(2);
    started[1].took(1);
    started[1].end(done(['r2']));
    await expect(a).resolves.toEqual(done(['r2']));
  });

  it('starts a batch beside a short one that is stuck, once it has run the stall time', async () => {
    const { started, batches } = handBatches();
    const stuck = batches.next();
    started[0].took(1);
    const beside = batches.next();
    await sleep(STALL_MS / 4);
    expect(started).toHaveLength(1); // not yet stuck
    await sleep(STALL_MS * 2);
    expect(started).toHaveLength(2);
    expect(started[1].at - started[0].at).toBeGreaterThanOrEqual(STALL_MS - 1);
    started[1].took(1);
    started[1].end(done(['late']));
    await expect(beside).resolves.toEqual(done(['late']));
    let stuckEnded = false;
    void stuck.then(() => (stuckEnded = true));
    await sleep(0);
    expect(stuckEnded).toBe(false);
    started[0].end(done(['slow']));
    await expect(stuck).resolves.toEqual(done(['slow']));
  });

  it('waits past the stall time for a batch that has not locked anything yet, then decides by what it took', async () => {
    const { started, batches } = handBatches();
    void batches.next();
    const next = batches.next();
    await sleep(STALL_MS * 2);
    expect(started).toHaveLength(1);
    started[0].took(FULL);
    await sleep(STALL_MS);
    expect(started).toHaveLength(1); // it took a full batch: the next waits for its end
    started[0].end(done([], true));
    await sleep(0);
    expect(started).toHaveLength(2);
    started[1].end(done());
    await expect(next).resolves.toEqual(done());
  });

  it('settles once every batch in flight has ended, failed ones included', async () => {
    const { started, batches } = handBatches();
    const failing = new SharedBatches(() => Promise.reject(new Error('connection lost')), FULL, STALL_MS);
    await expect(failing.next()).rejects.toThrow('connection lost');
    await expect(failing.settled()).resolves.toBeUndefined();

    void batches.next();
    started[0].took(1);
    void batches.next();
    await sleep(STALL_MS * 2);
    expect(started).toHaveLength(2);
    let settled = false;
    void batches.settled().then(() => (settled = true));
    started[1].end(done());
    await sleep(0);
    expect(settled).toBe(false);
    started[0].end(done());
    await sleep(0);
    expect(settled).toBe(true);
  });

  it('starts the next batch at once after a batch that failed before locking', async () => {
    let calls = 0;
    const batches = new SharedBatches(() => (++calls === 1 ? Promise.reject(new Error('deadlock')) : Promise.resolve(done(['x']))), FULL, STALL_MS);
    const first = batches.next();
    const second = batches.next();
    await expect(first).rejects.toThrow('deadlock');
    await expect(second).resolves.toEqual(done(['x']));
    expect(calls).toBe(2);
  });
});
