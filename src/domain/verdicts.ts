/**
 * Every verdict on a visitor's metric, named by what it compares with, and its tone. Plain
 * constants (no zod): the benchmark schema validates content against them, and the browser's
 * report uses them without loading the schema.
 */
/** Every verdict, named by what it compares with (see `VerdictSchema`). */
export const VERDICTS = [
  'top-quartile',
  'better-than-median',
  'at-median',
  'worse-than-median',
  'bottom-quartile',
  'better-than-average',
  'at-average',
  'worse-than-average',
  'meets-target',
  'misses-target',
  'better-than-target-range',
  'within-target-range',
  'worse-than-target-range',
  'better-than-range',
  'within-range',
  'worse-than-range',
] as const;

/** Whether a verdict is good news, neutral or bad news for the visitor: the colour of its badge. */
export type VerdictTone = 'better' | 'neutral' | 'worse';
export const VERDICT_TONE: Record<(typeof VERDICTS)[number], VerdictTone> = {
  'top-quartile': 'better',
  'better-than-median': 'better',
  'at-median': 'neutral',
  'worse-than-median': 'worse',
  'bottom-quartile': 'worse',
  'better-than-average': 'better',
  'at-average': 'neutral',
  'worse-than-average': 'worse',
  'meets-target': 'better',
  'misses-target': 'worse',
  // Reaching a target range meets the target: good news, like meeting a single target.
  'better-than-target-range': 'better',
  'within-target-range': 'better',
  'worse-than-target-range': 'worse',
  'better-than-range': 'better',
  'within-range': 'neutral',
  'worse-than-range': 'worse',
};
