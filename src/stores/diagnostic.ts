import { atom, computed } from 'nanostores';
import { persistentAtom } from '@nanostores/persistent';
import type { Answers } from '../domain/scoring.ts';
import type { Locale } from '../domain/locale.ts';
import type { Segment } from '../domain/schemas/segment.ts';
import { computeMetrics, METRIC_INPUT_FIELDS, metricInputIssues, type MetricInputError, type MetricInputField, type MetricInputs, type MetricValues } from '../domain/metrics.ts';
import { parseLocaleNumber } from '../domain/format.ts';
import { clearStarted, markStarted } from './started.ts';
import { $locale } from './locale.ts';
import { track } from './funnel.ts';
import { displayMinutes, remainingSeconds, type StepDuration } from '../domain/duration.ts';

/** The diagnostic's steps: one per dimension with its question ids, then the metrics step. */
export interface DiagnosticPlan {
  steps: { dimension: string; questionIds: string[] }[];
  /** The time estimate of each dimension step (`estimateDuration`), for the minutes left. */
  duration?: readonly StepDuration[];
}

/** What the visitor typed in the metrics step, as typed. */
export interface MetricDraft {
  period: 'month' | 'year';
  values: Partial<Record<MetricInputField, string>>;
}

function json<T>(fallback: T) {
  return {
    encode: JSON.stringify,
    decode(raw: string): T {
      try {
        return JSON.parse(raw) as T;
      } catch {
        return fallback;
      }
    },
  };
}

// Kept in localStorage so a reload or a later visit resumes where the visitor left.
export const $answers = persistentAtom<Answers>('revops:answers', {}, json({}));
export const $step = persistentAtom<number>('revops:step', 0, {
  encode: String,
  decode: (raw) => (Number.isInteger(Number(raw)) ? Math.max(0, Number(raw)) : 0),
});
export const $metricDraft = persistentAtom<MetricDraft>('revops:metrics', { period: 'month', values: {} }, json({ period: 'month', values: {} }));
export const $segment = persistentAtom<Segment>('revops:segment', {}, json({}));
/** Whether the visitor's numbers go into the results (false after "skip"). */
export const $includeMetrics = persistentAtom<boolean>('revops:include-metrics', false, json(false));

export const $plan = atom<DiagnosticPlan>({ steps: [] });
export { $locale };
/** Question ids the visitor tried to leave unanswered on the current step. */
export const $missing = atom<string[]>([]);

/** Sets up the stores for the page's questionnaire and language. */
export function initDiagnostic(plan: DiagnosticPlan, locale: Locale): void {
  $plan.set(plan);
  $locale.set(locale);
  if ($step.get() > plan.steps.length) $step.set(plan.steps.length);
}

/** Index of the metrics step (after every dimension step). */
export const $metricsStep = computed($plan, (plan) => plan.steps.length);

export const $progress = computed([$plan, $answers, $step], (plan, answers, step) => {
  const ids = plan.steps.flatMap((s) => s.questionIds);
  const answered = ids.filter((id) => answers[id] !== undefined).length;
  const total = plan.steps.length + 1;
  const current = Math.min(step, plan.steps.length);
  return {
    /** 1-based step number and the number of steps (dimensions + metrics). */
    step: current + 1,
    total,
    answered,
    questions: ids.length,
    percent: ids.length === 0 ? 0 : Math.round((100 * answered) / ids.length),
    /** Minutes left for the questions (the optional numbers step is not counted): 0 once all are answered and passed. */
    remainingMinutes: displayMinutes(remainingSeconds(plan.duration ?? [], answers, current)),
  };
});

export function answer(questionId: string, value: string): void {
  if (markStarted()) track('started');
  $answers.set({ ...$answers.get(), [questionId]: value });
  if ($missing.get().includes(questionId)) $missing.set($missing.get().filter((id) => id !== questionId));
}

/** Moves to the next step, unless a question of this step is unanswered: then `$missing` lists them and it returns false. */
export function next(): boolean {
  const step = $step.get();
  const current = $plan.get().steps[step];
  if (current) {
    const answers = $answers.get();
    const missing = current.questionIds.filter((id) => answers[id] === undefined);
    $missing.set(missing);
    if (missing.length > 0) return false;
    track('step', { step: step + 1 });
  }
  $step.set(Math.min(step + 1, $metricsStep.get()));
  return true;
}

export function back(): void {
  $missing.set([]);
  $step.set(Math.max(0, $step.get() - 1));
}

/** Whether every question has an answer (results can be shown). */
export const $complete = computed([$plan, $answers], (plan, answers) =>
  plan.steps.length > 0 && plan.steps.every((s) => s.questionIds.every((id) => answers[id] !== undefined)),
);

/** Clears every answer and number and goes back to the first step. */
export function startOver(): void {
  $answers.set({});
  clearStarted();
  $metricDraft.set({ period: 'month', values: {} });
  $segment.set({});
  $includeMetrics.set(false);
  $missing.set([]);
  $step.set(0);
}

export function setMetricValue(field: MetricInputField, raw: string): void {
  const draft = $metricDraft.get();
  $metricDraft.set({ ...draft, values: { ...draft.values, [field]: raw } });
}

export function setPeriod(period: MetricDraft['period']): void {
  $metricDraft.set({ ...$metricDraft.get(), period });
}

export function setSegment(part: keyof Segment, id: string): void {
  const segment = { ...$segment.get() };
  if (id) segment[part] = id;
  else delete segment[part];
  $segment.set(segment);
}

/** The metrics step's outcome: include the numbers, or skip them. */
export function finishMetrics(include: boolean): void {
  $includeMetrics.set(include);
  track('completed');
}

export interface MetricResult {
  /** The valid inputs (fields with a problem left out). */
  inputs: MetricInputs;
  /** The schema's message id for each field with an impossible value. */
  errors: Partial<Record<MetricInputField, MetricInputError>>;
  values: MetricValues;
  /** Whether any number was typed. */
  any: boolean;
}

/** Checks the draft with the schema's rules; a field with a problem is reported and left out, the rest still computes. */
export function parseMetricDraft(draft: MetricDraft, locale: Locale): MetricResult {
  const candidate: Record<string, unknown> = { period: draft.period };
  for (const field of METRIC_INPUT_FIELDS) {
    const value = parseLocaleNumber(draft.values[field] ?? '', locale);
    if (value !== undefined) candidate[field] = value;
  }
  const errors: MetricResult['errors'] = {};
  for (const issue of metricInputIssues(candidate)) {
    errors[issue.path[0] as MetricInputField] = issue.message;
    delete candidate[issue.path[0]];
  }
  const inputs = candidate as MetricInputs;
  return { inputs, errors, values: computeMetrics(inputs), any: Object.keys(errors).length + Object.keys(candidate).length > 1 };
}

export const $metricResult = computed([$metricDraft, $locale], parseMetricDraft);
