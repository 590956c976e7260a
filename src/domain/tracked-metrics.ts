import { METRIC_INPUT_GROUPS, METRIC_REQUIRES, type MetricId, type MetricInputField } from './metrics.ts';
import type { Answers } from './scoring.ts';

/** What the numbers step reads of a question: a checklist whose options name metrics. */
export interface TrackingQuestion {
  id: string;
  kind: string;
  options?: readonly { id: string; metrics?: readonly MetricId[] | undefined }[] | undefined;
}

/** A group of the numbers form (`METRIC_INPUT_GROUPS`) with the fields shown in it, in form order. */
export interface FieldGroup {
  group: keyof typeof METRIC_INPUT_GROUPS;
  fields: MetricInputField[];
}

/** The numbers form split in two: the fields asked first, and the others behind "I also know…". */
export interface MetricsStepFields {
  /** Whether the split comes from the visitor's answer (false: every field is asked, as without one). */
  fromAnswer: boolean;
  first: FieldGroup[];
  more: FieldGroup[];
}

/**
 * The metrics the visitor says they track: the metrics named by the options ticked
 * in every checklist whose options name metrics. `null` when no such checklist was
 * answered with a list of ticks (unanswered, "I don't know", "Not applicable"), so
 * nothing is known; `[]` when they tick none of the options that name metrics.
 * @example trackedMetrics([{ id: 'q', kind: 'checklist', options: [{ id: 'cac', metrics: ['cac'] }] }], { q: ['cac'] }) // ['cac']
 */
export function trackedMetrics(questions: readonly TrackingQuestion[], answers: Answers): MetricId[] | null {
  let tracked: Set<MetricId> | null = null;
  for (const question of questions) {
    const answer = answers[question.id];
    const options = question.options ?? [];
    if (question.kind !== 'checklist' || !Array.isArray(answer) || !options.some((o) => o.metrics?.length)) continue;
    tracked ??= new Set();
    for (const option of options) if (answer.includes(option.id)) for (const metric of option.metrics ?? []) tracked.add(metric);
  }
  return tracked && [...tracked];
}

/**
 * Which fields the numbers step asks first: the inputs of the metrics tracked
 * (`METRIC_REQUIRES`), each group of the form keeping its order; every other field
 * goes to `more`. With nothing known (`null`) every field is asked first, as before.
 * @example metricsStepFields(['cac']).first // [{ group: 'acquisition', fields: ['salesAndMarketingSpend', 'newCustomers'] }]
 */
export function metricsStepFields(tracked: readonly MetricId[] | null): MetricsStepFields {
  const wanted = new Set<MetricInputField>(tracked?.flatMap((metric) => METRIC_REQUIRES[metric]));
  const first: FieldGroup[] = [];
  const more: FieldGroup[] = [];
  for (const [group, fields] of Object.entries(METRIC_INPUT_GROUPS) as [FieldGroup['group'], readonly MetricInputField[]][]) {
    const asked = tracked === null ? [...fields] : fields.filter((field) => wanted.has(field));
    const rest = fields.filter((field) => !asked.includes(field));
    if (asked.length > 0) first.push({ group, fields: asked });
    if (rest.length > 0) more.push({ group, fields: rest });
  }
  return { fromAnswer: tracked !== null, first, more };
}
