import { persistentAtom } from '@nanostores/persistent';

// Its own module so the diagnostic page can stamp the start without loading the lead form's code.

/** When the visitor first answered a question (ISO 8601), sent with the submission; `undefined` before that. */
export const $startedAt = persistentAtom<string | undefined>('revops:started-at', undefined);

/**
 * The server's signed record of the start (`POST /api/events` answers it to the `started`
 * event), sent with the submission: the server measures the fill time from it, not from
 * `$startedAt`. Kept with the progress so a reload or a later visit still has it.
 */
export const $startToken = persistentAtom<string | undefined>('revops:start-token', undefined);

/** Records the start of the diagnostic, once; true when this call recorded it. */
export function markStarted(): boolean {
  if ($startedAt.get()) return false;
  $startedAt.set(new Date().toISOString());
  return true;
}

/** Forgets the start, for a fresh diagnostic. */
export function clearStarted(): void {
  $startedAt.set(undefined);
  $startToken.set(undefined);
}
