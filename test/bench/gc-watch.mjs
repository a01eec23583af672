// A preload for a benchmarked process: `BENCH_SERVER_NODE_ARGS="--import ./test/bench/gc-watch.mjs"`.
// Appends to GC_WATCH_LOG (default /tmp/gc-watch.log), one line each, epoch ms and pid first:
// garbage collections of 5 ms or more (kind, duration), event-loop stalls of 20 ms or more, and the
// heap every second. Match its times to a bench's `tail` windows to see whether a stall was a GC.
import fs from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';

const out = fs.createWriteStream(process.env.GC_WATCH_LOG || '/tmp/gc-watch.log', { flags: 'a' });
const line = (text) => out.write(`${Date.now()} ${process.pid} ${text}\n`);
const KINDS = { 1: 'scavenge', 2: 'minor-mark-sweep', 4: 'mark-compact', 8: 'incremental-marking', 16: 'weak-callbacks' };

new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (e.duration >= 5) line(`gc ${KINDS[e.detail?.kind] ?? e.detail?.kind} ${e.duration.toFixed(1)} ms`);
}).observe({ entryTypes: ['gc'] });

const TICK_MS = 5;
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  if (now - last >= 20 + TICK_MS) line(`stall ${(now - last - TICK_MS).toFixed(1)} ms`);
  last = now;
}, TICK_MS).unref();

setInterval(() => {
  const m = process.memoryUsage();
  line(`heap used ${(m.heapUsed / 1e6).toFixed(1)} MB, total ${(m.heapTotal / 1e6).toFixed(1)} MB, rss ${(m.rss / 1e6).toFixed(1)} MB`);
}, 1_000).unref();
