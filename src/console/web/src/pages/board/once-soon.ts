/**
 * Runs `run` once, `ms` after the first of a burst of requests: the later requests of the burst
 * share that run rather than put it off. (A debounce, where each request restarts the wait, never
 * runs while requests keep coming: the board re-reads its lists after alerts, and a busy city's
 * steady trickle of alerts would have left them stale until the minute's re-read.)
 */
export function onceSoon(run: () => void, ms: number): { request(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    request() {
      timer ??= setTimeout(() => {
        timer = undefined;
        run();
      }, ms);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
