import { atom, computed } from 'nanostores';
import { buildReport, type LocalQuestionnaire } from '../domain/report.ts';
import { $answers, $complete, $includeMetrics, $locale, $metricResult, $segment } from './diagnostic.ts';

/** The questionnaire of the results page, in its language. */
export const $questionnaire = atom<LocalQuestionnaire | null>(null);

export function initResults(questionnaire: LocalQuestionnaire): void {
  $questionnaire.set(questionnaire);
}

/** The visitor's Report, rebuilt whenever an answer or number changes; `null` until the diagnostic is complete. */
export const $report = computed(
  [$questionnaire, $complete, $answers, $segment, $metricResult, $includeMetrics, $locale],
  (questionnaire, complete, answers, segment, metrics, includeMetrics, locale) => {
    if (!questionnaire || !complete) return null;
    const metricInputs = includeMetrics && metrics.any ? metrics.inputs : null;
    return buildReport(questionnaire, { answers, segment, metricInputs }, locale);
  },
);
