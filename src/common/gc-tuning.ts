import v8 from 'node:v8';

/**
 * Imported first by the API and worker entry points (main.ts, worker.ts). V8 "pretenures" an
 * allocation site whose objects survived young-generation collections: from then on it allocates
 * them straight into the old generation. In bench:sms the SMS renderer's sites were pretenured, so
 * each status reply's short-lived strings became old garbage: 8 MB/s of it at 500 texts/s, a full
 * mark-compact every 4–5 s, each stalling the event loop 40–80 ms, and these stalls were the whole
 * p99 (33–108 ms). Without pretenuring the old generation grew 1.2 MB/s and p99 was 8.4 ms
 * (measured with test/bench/gc-watch.mjs). Node takes the flag on its command line but not in
 * NODE_OPTIONS, so the process sets it itself, before it allocates much.
 */
v8.setFlagsFromString('--no-allocation-site-pretenuring');
