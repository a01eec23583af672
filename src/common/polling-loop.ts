import type { Logger } from 'pino';

/**
 * Runs `work` again `intervalMs` after each run ends (never overlapping itself), logging
 * failures instead of dying; `stop()` waits for the run in progress. The workers' outbox
 * pollers (deadline arming, alert delivery) are built on it.
 */
export class PollingLoop {
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private running?: Promise<unknown>;

  constructor(
    private readonly name: string,
    private readonly work: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  /** Runs `work` now, or (`later`) first after one interval: the caller has just run it itself. */
  start(first: 'now' | 'later' = 'now'): void {
    this.stopped = false;
    if (first === 'now') this.tick();
    else this.timer = setTimeout(() => this.tick(), this.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private tick(): void {
    if (this.stopped) return;
    this.running = this.work()
      .catch((err) => this.logger.warn({ err: (err as Error).message }, `${this.name} failed; retrying`))
      .finally(() => {
        if (!this.stopped) this.timer = setTimeout(() => this.tick(), this.intervalMs);
      });
  }
}
