import { atom, computed } from 'nanostores';
import { buildReport, type ReportQuestionnaire } from '../domain/report.ts';
import { $answers, $complete, $includeMetrics, $locale, $metricResult, $segment } from './diagnostic.ts';

/** The questionnaire of the results page, in its language. */
export const $questionnaire = atom<ReportQuestionnaire | null>(null);

export function initResults(questionnaire: ReportQuestionnaire): void {
  $questionnaire.set(questionnaire);
}

/** The numbers that go into the Report and the submission: `null` when skipped or none was typed. */
export const $metricInputs = computed([$metricResult, $includeMetrics], (metrics, includeMetrics) =>
  includeMetrics && metrics.any ? metrics.inputs : null,
);

/** The visitor's Report, rebuilt whenever an answer or number changes; `null` until the diagnostic is complete. */
export const $report = computed(
  [$questionnaire, $complete, $answers, $segment, $metricInputs, $locale],
  (questionnaire, complete, answers, segment, metricInputs, locale) => {
    if (!questionnaire || !complete) return null;
    return buildReport(questionnaire, { answers, segment, metricInputs }, locale);
  },
);
