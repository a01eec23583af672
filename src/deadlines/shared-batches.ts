/** What one firing batch did. */
export interface FiredBatch {
  fired: string[];
  /** The batch was full: more rows may be due. */
  more: boolean;
}

/** Runs one batch; calls `took` with how many tickets it locked, as soon as it has. */
export type RunBatch = (took: (n: number) => void) => Promise<FiredBatch>;

interface RunningBatch {
  done: Promise<FiredBatch>;
  startedAt: number;
  taken: Promise<number>;
}

const noop = () => undefined;

/** Resolves after `ms`, or as soon as `cancel` settles (so no timer outlives the batch). */
function sleep(ms: number, cancel: Promise<unknown>): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void cancel.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * The firing batches of one process, shared by the jobs that wake together. A job that wakes while
 * a batch runs waits for the next one, shared by all that wake meanwhile (the running batch took
 * only rows due before it began). A batch per job instead left all but one of the concurrent
 * batches empty, their tickets locked by the first, and cost each job a transaction.
 *
 * The next batch starts when the running one ends, or once the running one has run `stallMs`
 * holding less than `full` tickets: such a batch is stuck, usually in its commit (one COMMIT took
 * 0.8 s in bench:timers, its statements under 1 ms), and a batch beside it fires the rows that
 * fell due since without waiting. Beside a full batch (a burst) the next one would find the due
 * rows' tickets locked and fire nothing, so it waits.
 */
export class SharedBatches {
  private running?: RunningBatch;
  private queued?: Promise<FiredBatch>;
  private readonly inFlight = new Set<Promise<FiredBatch>>();

  constructor(
    private readonly run: RunBatch,
    private readonly full: number,
    private readonly stallMs: number,
  ) {}

  /** The batch this wake-up shares: the one starting now, or the next. */
  next(): Promise<FiredBatch> {
    if (!this.running) return this.start();
    this.queued ??= this.turnAfter(this.running).then(() => {
      this.queued = undefined;
      return this.start();
    });
    return this.queued;
  }

  /** Settles when every batch running now has ended (a row skipped beside a stuck batch may be in it). */
  async settled(): Promise<void> {
    await Promise.allSettled(this.inFlight);
  }

  private turnAfter(running: RunningBatch): Promise<void> {
    const ended = running.done.then(noop, noop);
    const stalled = sleep(running.startedAt + this.stallMs - Date.now(), ended)
      .then(() => running.taken)
      .then((taken) => (taken < this.full ? undefined : ended));
    return Promise.race([ended, stalled]);
  }

  private start(): Promise<FiredBatch> {
    let took: (n: number) => void = noop;
    const taken = new Promise<number>((resolve) => (took = resolve));
    const done = this.run((n) => took(n)).finally(() => {
      took(this.full); // failed before it locked anything: nothing to gain beside it
      this.inFlight.delete(done);
      if (this.running?.done === done) this.running = undefined;
    });
    this.running = { done, startedAt: Date.now(), taken };
    this.inFlight.add(done);
    return done;
  }
}
