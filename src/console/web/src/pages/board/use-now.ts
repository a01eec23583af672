import { useEffect, useState } from 'react';

/** The server's time now, re-read every `everyMs`: countdowns follow the server, not this PC's clock. */
export function useServerNow(offsetMs: number, everyMs = 5_000): number {
  const [now, setNow] = useState(() => Date.now() + offsetMs);
  useEffect(() => {
    setNow(Date.now() + offsetMs);
    const timer = setInterval(() => setNow(Date.now() + offsetMs), everyMs);
    return () => clearInterval(timer);
  }, [offsetMs, everyMs]);
  return now;
}
