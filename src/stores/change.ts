import { computed } from 'nanostores';
import { reportChange, reportScores } from '../domain/change.ts';
import { $baseline } from './baseline.ts';
import { $report } from './results.ts';

export { $baseline, clearBaseline } from './baseline.ts';

/**
 * What changed since the diagnostic a retake started from (`retake.ts`), for the results page: `null`
 * without a retake, or before the Report exists. Render it with `ReportChange` and `ChangeBadge`.
 */
export const $change = computed([$baseline, $report], (baseline, report) =>
  baseline && report ? reportChange({ at: baseline.since, scores: baseline.scores }, reportScores(report)) : null,
);
