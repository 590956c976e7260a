import { describe, expect, it } from 'vitest';
import { whenQuiet } from '../../../src/server/lib/quiet.ts';

/** Keeps the event loop busy for `ms`, in slices of `slice` ms, as a process answering requests does. */
async function busyFor(ms: number, slice = 20): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const until = Date.now() + slice;
    while (Date.now() < until) {
      // busy
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('whenQuiet', () => {
  it('resolves at once (one interval) when the process is idle', async () => {
    await whenQuiet();
    const started = Date.now();
    await whenQuiet();
    expect(Date.now() - started).toBeLessThan(200);
  });

  it("does not count the caller's own work done just before (a PDF rendered, then the next one)", async () => {
    const until = Date.now() + 100;
    while (Date.now() < until) {
      // the caller's own rendering
    }
    const started = Date.now();
    await whenQuiet();
    expect(Date.now() - started).toBeLessThan(80);
  });

  it('waits while the event loop is busy, and resolves once it is not', async () => {
    await whenQuiet();
    const load = busyFor(600);
    const started = Date.now();
    await whenQuiet();
    const waited = Date.now() - started;
    await load;
    expect(waited).toBeGreaterThanOrEqual(500);
  });

  it('gives up waiting after maxWaitMs under a load that does not end', async () => {
    const load = busyFor(1500);
    const started = Date.now();
    await whenQuiet(300);
    const waited = Date.now() - started;
    await load;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(1200);
  });
});
