/** Writes a group of items in one statement; resolves to one result per item, in order. */
export type RunGroup<I, O> = (items: I[]) => Promise<O[]>;

export interface StatementBatcherOptions<I> {
  /** Groups running at once; an item that arrives while all are busy joins the next group. */
  inFlight: number;
  /** The most items one group takes. */
  maxGroup: number;
  /**
   * Items with the same key never share a group (one statement cannot upsert one row twice); the
   * later one waits for a group of its own. Undefined: no such constraint.
   */
  key?: (item: I) => string | null | undefined;
  /**
   * While another group is running, a free slot waits up to this long (ms, from the oldest waiting
   * item's arrival) for more items before it starts a group that is not full: fewer, bigger groups
   * at moderate load. Idle (no group running), an item still goes at once. Default 0: no wait.
   */
  gatherMs?: number;
  /**
   * With no group running, a free slot also waits up to this long (ms) for company, but only when
   * items are coming thick and fast: when the oldest waiting item arrived within this long of the
   * one before it. A statement's start-up and commit are then shared at a steady rate that keeps
   * the database only partly busy, where gatherMs never applies; a call after a quiet spell still
   * goes at once. Default 0: no wait.
   */
  crowdGatherMs?: number;
}

interface Waiting<I, O> {
  item: I;
  at: number;
  /** Arrived within crowdGatherMs of the item before it. */
  crowded: boolean;
  resolve: (o: O) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for a hot write path: while `inFlight` groups are running, the items that arrive
 * wait and then go together, as one statement and one commit. An item after a quiet spell goes at
 * once and alone, so batching adds no wait to a lone call; under load, groups grow with it and each
 * item costs the database a fraction of a statement start-up and of a commit (gatherMs and
 * crowdGatherMs trade a few ms of wait for bigger groups before the database is busy).
 *
 * A group that fails is run again item by item, so one bad item (a category deleted meanwhile, a
 * value over a column's length) fails alone, with its own error, and the others are written.
 */
export class StatementBatcher<I, O> {
  private readonly waiting: Waiting<I, O>[] = [];
  private running = 0;
  private gathering?: ReturnType<typeof setTimeout>;
  private gatheringUntil = 0;
  private lastArrival = -Infinity;

  constructor(
    private readonly run: RunGroup<I, O>,
    private readonly options: StatementBatcherOptions<I>,
  ) {
    if (!(options.inFlight >= 1) || !(options.maxGroup >= 1)) throw new Error('StatementBatcher: inFlight and maxGroup must be at least 1');
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      const at = performance.now();
      this.waiting.push({ item, at, crowded: at - this.lastArrival < (this.options.crowdGatherMs ?? 0), resolve, reject });
      this.lastArrival = at;
      this.pump();
    });
  }

  /** Items waiting for a group (not counting the running ones). */
  get backlog(): number {
    return this.waiting.length;
  }

  private pump(): void {
    const { inFlight, maxGroup, gatherMs = 0, crowdGatherMs = 0 } = this.options;
    while (this.running < inFlight && this.waiting.length > 0) {
      const first = this.waiting[0];
      const wait = Math.max(this.running > 0 ? gatherMs : 0, first.crowded ? crowdGatherMs : 0);
      if (wait > 0 && this.waiting.length < maxGroup) {
        const until = first.at + wait;
        const left = until - performance.now();
        if (left > 0) {
          if (this.gathering === undefined || until < this.gatheringUntil) {
            this.stopGathering();
            this.gatheringUntil = until;
            // whole ms, rounded up: Node would round down, wake early and have to wait again
            this.gathering = setTimeout(() => {
              this.gathering = undefined;
              this.pump();
            }, Math.ceil(left));
          }
          return;
        }
      }
      const group = this.take();
      if (this.waiting.length === 0) this.stopGathering();
      this.running++;
      void this.runGroup(group).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private stopGathering(): void {
    clearTimeout(this.gathering);
    this.gathering = undefined;
  }

  /** The next group: the oldest items, up to maxGroup, leaving for later any whose key is taken. */
  private take(): Waiting<I, O>[] {
    const { key, maxGroup } = this.options;
    if (!key) return this.waiting.splice(0, maxGroup);
    const group: Waiting<I, O>[] = [];
    const keys = new Set<string>();
    for (let i = 0; i < this.waiting.length && group.length < maxGroup; ) {
      const k = key(this.waiting[i].item);
      if (k != null && keys.has(k)) {
        i++;
        continue;
      }
      if (k != null) keys.add(k);
      group.push(...this.waiting.splice(i, 1));
    }
    return group;
  }

  private async runGroup(group: Waiting<I, O>[]): Promise<void> {
    try {
      const results = await this.run(group.map((w) => w.item));
      if (results.length !== group.length) throw new Error(`StatementBatcher: ${group.length} items gave ${results.length} results`);
      group.forEach((w, i) => w.resolve(results[i]));
    } catch (err) {
      if (group.length === 1) {
        group[0].reject(err);
        return;
      }
      for (const w of group) {
        await this.run([w.item]).then(
          ([o]) => w.resolve(o),
          (e: unknown) => w.reject(e),
        );
      }
    }
  }
}
