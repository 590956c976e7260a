import { waitUntil } from '@vercel/functions';

const pending = new Set<Promise<void>>();

/**
 * Runs `task` after the current response, without delaying it: on Vercel through
 * `waitUntil` (the function stays alive until the task ends), under `npm start` as a
 * background promise of the long-lived process. A failure is logged, never thrown.
 */
export function after(label: string, task: () => Promise<unknown>): void {
  const run: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
    .then(task)
    .then(
      () => undefined,
      (error: unknown) => console.error(`[after] ${label} failed:`, error instanceof Error ? error.message : error),
    )
    .finally(() => pending.delete(run));
  pending.add(run);
  waitUntil(run);
}

/** Resolves once every task started with `after` (and any they started) has ended: for tests and graceful shutdown. */
export async function settled(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}
