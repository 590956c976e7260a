import { performance } from 'node:perf_hooks';

/** Above this share of its time spent running code, the process is serving requests: background work waits. */
const BUSY = 0.5;
/** How long the event loop is watched each time. */
const INTERVAL_MS = 10;

/**
 * Resolves once the event loop was less than half busy over a short interval starting now, or after
 * `maxWaitMs` (so background work is late under a long load, never starved): work done after the
 * responses, such as rendering a report's PDF (tens of milliseconds of CPU in one go), gives way to
 * the requests themselves. Measured from the call, so the caller's own work just before does not count.
 */
export async function whenQuiet(maxWaitMs = 30_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const before = performance.eventLoopUtilization();
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    const { utilization } = performance.eventLoopUtilization(performance.eventLoopUtilization(), before);
    if (utilization < BUSY || Date.now() - started >= maxWaitMs) return;
  }
}
