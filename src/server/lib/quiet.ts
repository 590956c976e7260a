import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** Above this share of its time spent running code, the process is serving requests: background work waits. */
const BUSY = 0.5;
/** How often the load is looked at while waiting. */
const INTERVAL_MS = 50;

let last: EventLoopUtilization | undefined;

/**
 * Resolves once the event loop was less than half busy over the last interval, or after `maxWaitMs`
 * (so background work is late under a long load, never starved): work done after the responses, such
 * as rendering a report's PDF (tens of milliseconds of CPU in one go), gives way to the requests
 * themselves. The first call only starts measuring and waits one interval.
 */
export async function whenQuiet(maxWaitMs = 30_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (!last) {
      last = performance.eventLoopUtilization();
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    }
    const now = performance.eventLoopUtilization();
    const recent = performance.eventLoopUtilization(now, last);
    last = now;
    // Measured over at least an interval: a few busy milliseconds right before are not a load.
    if ((recent.idle + recent.active >= INTERVAL_MS && recent.utilization < BUSY) || Date.now() - started >= maxWaitMs) return;
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
}
