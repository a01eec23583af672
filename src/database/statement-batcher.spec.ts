import { StatementBatcher, type StatementBatcherOptions } from './statement-batcher.js';

interface Item {
  id: string;
  phone?: string;
  bad?: boolean;
}

/** A statement whose runs the test ends by hand; a run with a bad item fails, as a constraint would. */
function handRuns(options: Partial<StatementBatcherOptions<Item>> = {}) {
  const runs: { items: Item[]; end: () => void }[] = [];
  const run = (items: Item[]) =>
    new Promise<string[]>((resolve, reject) => {
      runs.push({
        items,
        end: () => (items.some((i) => i.bad) ? reject(Object.assign(new Error('violates fk_ticket_category_id'), { code: '23503' })) : resolve(items.map((i) => `ok ${i.id}`))),
      });
    });
  const batcher = new StatementBatcher<Item, string>(run, { inFlight: 1, maxGroup: 10, key: (i) => i.phone, ...options });
  const ids = (k: number) => runs[k].items.map((i) => i.id);
  return { runs, batcher, ids };
}

const tick = () => new Promise((r) => setImmediate(r));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('StatementBatcher', () => {
  it('sends an item at once and alone while a group slot is free', async () => {
    const { runs, batcher, ids } = handRuns({ inFlight: 2 });
    const a = batcher.submit({ id: 'a' });
    const b = batcher.submit({ id: 'b' });
    expect(runs).toHaveLength(2);
    expect([ids(0), ids(1)]).toEqual([['a'], ['b']]);
    runs[1].end();
    runs[0].end();
    await expect(a).resolves.toBe('ok a');
    await expect(b).resolves.toBe('ok b');
  });

  it('sends the items that arrived while every slot was busy as one group when a slot frees, each getting its own result', async () => {
    const { runs, batcher, ids } = handRuns({ inFlight: 1 });
    const first = batcher.submit({ id: 'first' });
    const later = ['x', 'y', 'z'].map((id) => batcher.submit({ id }));
    expect(runs).toHaveLength(1);
    expect(batcher.backlog).toBe(3);
    runs[0].end();
    await first;
    await tick();
    expect(runs).toHaveLength(2);
    expect(ids(1)).toEqual(['x', 'y', 'z']);
    runs[1].end();
    await expect(Promise.all(later)).resolves.toEqual(['ok x', 'ok y', 'ok z']);
    expect(batcher.backlog).toBe(0);
  });

  it('takes at most maxGroup items into one group, oldest first', async () => {
    const { runs, batcher, ids } = handRuns({ inFlight: 1, maxGroup: 2 });
    const all = ['a', 'b', 'c', 'd', 'e'].map((id) => batcher.submit({ id }));
    for (let k = 0; k < 3; k++) {
      runs[k].end();
      await tick();
    }
    await Promise.all(all);
    expect(runs.map((_, k) => ids(k))).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });

  it('never puts two items with the same key in one group: the later waits for the next group, the others go on', async () => {
    const { runs, batcher, ids } = handRuns({ inFlight: 1 });
    const all = [batcher.submit({ id: 'busy' }), batcher.submit({ id: 'p1', phone: '+8613800000001' }), batcher.submit({ id: 'p1-again', phone: '+8613800000001' }), batcher.submit({ id: 'p2', phone: '+8613800000002' }), batcher.submit({ id: 'nophone' }), batcher.submit({ id: 'nophone2' })];
    runs[0].end();
    await tick();
    expect(ids(1)).toEqual(['p1', 'p2', 'nophone', 'nophone2']);
    runs[1].end();
    await tick();
    expect(ids(2)).toEqual(['p1-again']);
    runs[2].end();
    await expect(Promise.all(all)).resolves.toHaveLength(6);
  });

  it('retries a failed group item by item, so only the bad item fails, with its own error', async () => {
    const { runs, batcher, ids } = handRuns({ inFlight: 1 });
    const busy = batcher.submit({ id: 'busy' });
    const good1 = batcher.submit({ id: 'good1' });
    const bad = batcher.submit({ id: 'bad', bad: true }).catch((err: unknown) => err);
    const good2 = batcher.submit({ id: 'good2' });
    runs[0].end();
    await busy;
    await tick();
    runs[1].end(); // the group of three fails
    for (let k = 2; k < 5; k++) {
      await tick();
      expect(ids(k)).toHaveLength(1);
      runs[k].end();
    }
    expect([ids(2), ids(3), ids(4)]).toEqual([['good1'], ['bad'], ['good2']]);
    await expect(good1).resolves.toBe('ok good1');
    await expect(good2).resolves.toBe('ok good2');
    await expect(bad).resolves.toMatchObject({ code: '23503', message: 'violates fk_ticket_category_id' });
  });

  it('fails an item that ran alone with its error, without running it again', async () => {
    const { runs, batcher } = handRuns({ inFlight: 1 });
    const bad = batcher.submit({ id: 'bad', bad: true });
    runs[0].end();
    await expect(bad).rejects.toMatchObject({ code: '23503' });
    await tick();
    expect(runs).toHaveLength(1);
  });

  it('with gatherMs, lets a free slot wait for more items while another group runs, but never when idle or once a group is full', async () => {
    const { runs, batcher, ids } = handRuns({ inFlight: 2, maxGroup: 3, gatherMs: 200 });
    const first = batcher.submit({ id: 'idle' }); // idle: at once
    expect(ids(0)).toEqual(['idle']);
    const a = batcher.submit({ id: 'a' });
    await sleep(10);
    const b = batcher.submit({ id: 'b' });
    expect(runs).toHaveLength(1); // a free slot, but a group runs: a waits for company
    await sleep(250);
    expect(runs).toHaveLength(2);
    expect(ids(1)).toEqual(['a', 'b']); // gathered within a's 200 ms
    const full = ['c', 'd', 'e'].map((id) => batcher.submit({ id }));
    runs[1].end();
    await b;
    await tick();
    expect(ids(2)).toEqual(['c', 'd', 'e']); // a full group does not wait
    runs[0].end();
    runs[2].end();
    await Promise.all([first, a, ...full]);
    const alone = batcher.submit({ id: 'alone' });
    expect(ids(3)).toEqual(['alone']); // idle again: at once
    runs[3].end();
    await alone;
  });

  it('with crowdGatherMs, gathers items coming thick and fast though no group runs, but sends one after a quiet spell at once', async () => {
    const { runs, batcher, ids } = handRuns({ inFlight: 2, maxGroup: 3, crowdGatherMs: 100 });
    const lone = batcher.submit({ id: 'lone' }); // nothing before it: at once
    expect(ids(0)).toEqual(['lone']);
    runs[0].end();
    await lone;
    await tick();
    const a = batcher.submit({ id: 'a' }); // right after 'lone': waits for company, though no group runs
    await sleep(20);
    const b = batcher.submit({ id: 'b' });
    expect(runs).toHaveLength(1);
    await sleep(150);
    expect(ids(1)).toEqual(['a', 'b']); // gone within a's 100 ms, together
    runs[1].end();
    await Promise.all([a, b]);
    await sleep(150);
    const quiet = batcher.submit({ id: 'after a quiet spell' });
    expect(ids(2)).toEqual(['after a quiet spell']); // at once
    const full = ['c', 'd', 'e'].map((id) => batcher.submit({ id }));
    expect(ids(3)).toEqual(['c', 'd', 'e']); // crowded, but a full group does not wait
    runs[2].end();
    runs[3].end();
    await Promise.all([quiet, ...full]);
  });

  it('sends a waiting group at the earlier of its waits when a running group ends', async () => {
    const { runs, batcher, ids } = handRuns({ inFlight: 2, maxGroup: 10, gatherMs: 1_000, crowdGatherMs: 100 });
    const busy = batcher.submit({ id: 'busy' });
    const a = batcher.submit({ id: 'a' }); // a group runs: a may wait 1,000 ms for company
    await sleep(20);
    runs[0].end();
    await busy;
    await sleep(150); // no group runs now, and a came in a crowd: its 100 ms apply
    expect(runs).toHaveLength(2);
    expect(ids(1)).toEqual(['a']);
    runs[1].end();
    await a;
  });

  it('refuses a statement that answers a group with the wrong number of results', async () => {
    const batcher = new StatementBatcher<Item, string>(async () => [], { inFlight: 1, maxGroup: 10 });
    await expect(batcher.submit({ id: 'a' })).rejects.toThrow('1 items gave 0 results');
  });

  it('refuses settings that could never run a group', () => {
    expect(() => new StatementBatcher<Item, string>(async () => [], { inFlight: 0, maxGroup: 10 })).toThrow('at least 1');
    expect(() => new StatementBatcher<Item, string>(async () => [], { inFlight: 1, maxGroup: 0 })).toThrow('at least 1');
  });
});
