import { persistentAtom } from '@nanostores/persistent';
import type { ReportScores } from '../domain/change.ts';

// Its own module, shared by "take it again" (`retake.ts`, which sets it) and the results (`change.ts`,
// which reads it), so neither page loads the other's code.

/** The previous diagnostic a retake started from: its date and scores, what the results compare with. */
export interface RetakeBaseline {
  /** When the previous one was submitted (ISO 8601). */
  since: string;
  scores: ReportScores;
  /** Its permalink token, sent with the new submission (`retakeOf`) as proof the visitor holds it. */
  token?: string;
}

/** Kept like the answers, so the results (another page, or a later visit) still compare with it. */
export const $baseline = persistentAtom<RetakeBaseline | null>('revops:retake-baseline', null, {
  encode: JSON.stringify,
  decode(raw) {
    try {
      const value = JSON.parse(raw) as RetakeBaseline | null;
      return value && typeof value.since === 'string' && value.scores && Array.isArray(value.scores.dimensions) ? value : null;
    } catch {
      return null;
    }
  },
});

/** Forgets the baseline: the results stop comparing. */
export function clearBaseline(): void {
  $baseline.set(null);
}
