import type { Logger } from 'pino';

/**
 * Ctrl-C / SIGTERM: stop taking work, close Nest (HTTP, workers, pools), then stop the embedded
 * PostgreSQL cleanly. A second signal while stopping forces the exit.
 */
export function onShutdown(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) {
        logger.warn({ signal }, 'forced exit');
        process.exit(1);
      }
      stopping = true;
      logger.info({ signal }, 'shutting down');
      stop().then(
        () => process.exit(0),
        (err) => {
          logger.error({ err }, 'error while shutting down');
          process.exit(1);
        },
      );
    });
  }
}
