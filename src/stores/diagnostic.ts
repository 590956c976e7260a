import { atom, computed } from 'nanostores';
import { persistentAtom } from '@nanostores/persistent';
import type { Answer, Answers } from '../domain/scoring.ts';
import { metricsStepFields, trackedMetrics, type TrackingQuestion } from '../domain/tracked-metrics.ts';
import type { Locale } from '../domain/locale.ts';
import type { Segment } from '../domain/schemas/segment.ts';
import {
  computeMetrics, CURRENCIES, METRIC_IDS, METRIC_INPUT_FIELDS, METRIC_INPUT_KINDS, METRIC_REQUIRES, metricInputIssues,
  type Currency, type MetricId, type MetricInputError, type MetricInputField, type MetricInputs, type MetricValues,
} from '../domain/metrics.ts';
import { readNumberInput } from '../domain/number-input.ts';
import { formatMoney, formatNumber } from '../domain/format.ts';
import { clearStarted, markStarted } from './started.ts';
import { $locale } from './locale.ts';
import { track } from './funnel.ts';
import { displayMinutes, remainingSeconds, type StepDuration } from '../domain/duration.ts';

/** The diagnostic's steps: one per dimension with its question ids, then the metrics step. */
export interface DiagnosticPlan {
  steps: { dimension: string; questionIds: string[] }[];
  /** The time estimate of each dimension step (`estimateDuration`), for the minutes left. */
  duration?: readonly StepDuration[];
  /** The checklists whose options name metrics: their answer picks the figures the numbers step asks first. */
  tracking?: readonly TrackingQuestion[];
}

/** What the visitor typed in the metrics step, as typed. */
export interface MetricDraft {
  period: 'month' | 'year';
  /** The currency of every money amount; unset or '' when not stated. */
  currency?: Currency | '';
  values: Partial<Record<MetricInputField, string>>;
  /** The reading the visitor confirmed for an ambiguous field, valid while the field still holds `raw`. */
  chosen?: Partial<Record<MetricInputField, { raw: string; value: number }>>;
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
/** Whether the visitor asked for results while a figure was unreadable or unconfirmed. */
export const $metricsBlocked = atom(false);

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

/** Records an answer: an option id, `dont-know`, `not-applicable`, or a checklist's ticks (`[]`: "None of these"). */
export function answer(questionId: string, value: Answer): void {
  if (markStarted()) track('started');
  $answers.set({ ...$answers.get(), [questionId]: value });
  if ($missing.get().includes(questionId)) $missing.set($missing.get().filter((id) => id !== questionId));
}

/**
 * Ticks or unticks one option of a checklist. Ticking replaces "None of these" or
 * "I don't know"; unticking the last option leaves the question unanswered, so
 * "None of these" is always said, never assumed.
 */
export function toggleOption(questionId: string, optionId: string, ticked: boolean): void {
  const current = $answers.get()[questionId];
  const list = Array.isArray(current) ? current.filter((id) => id !== optionId) : [];
  if (ticked) answer(questionId, [...list, optionId]);
  else if (list.length > 0) answer(questionId, list);
  else clearAnswer(questionId);
}

/** Leaves a question unanswered again. */
export function clearAnswer(questionId: string): void {
  const { [questionId]: _, ...rest } = $answers.get();
  $answers.set(rest);
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
  $metricsBlocked.set(false);
  $missing.set([]);
  $step.set(0);
}

export function setMetricValue(field: MetricInputField, raw: string): void {
  const draft = $metricDraft.get();
  $metricDraft.set({ ...draft, values: { ...draft.values, [field]: raw } });
}

/** Confirms which of an ambiguous field's two readings the visitor meant. */
export function chooseReading(field: MetricInputField, value: number): void {
  const draft = $metricDraft.get();
  $metricDraft.set({ ...draft, chosen: { ...draft.chosen, [field]: { raw: draft.values[field] ?? '', value } } });
}

export function setCurrency(currency: string): void {
  $metricDraft.set({ ...$metricDraft.get(), currency: (CURRENCIES as readonly string[]).includes(currency) ? (currency as Currency) : '' });
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

/**
 * The metrics step's outcome: include the numbers, or skip them. Including them
 * is refused (false, and `$metricsBlocked`) while a figure is unreadable or its
 * reading unconfirmed: a number is never dropped or guessed silently.
 */
export function finishMetrics(include: boolean): boolean {
  const blocked = include && $metricResult.get().problems.length > 0;
  $metricsBlocked.set(blocked);
  if (blocked) return false;
  $includeMetrics.set(include);
  track('completed');
  return true;
}

/** How the metrics step shows one typed field. */
export interface MetricFieldView {
  /** The number as understood, in the page's language ("90.000 €"); absent while unreadable or unconfirmed. */
  understood?: string;
  /** Why the field cannot be used: unreadable (`not-a-number`, `not-whole`, …) or impossible (`over-100`, …). */
  error?: MetricInputError;
  /** Two possible readings, formatted, and the one the visitor confirmed (null until then). */
  choice?: { raw: string; values: [number, number]; labels: [string, string]; chosen: number | null };
}

export interface MetricResult {
  /** The usable inputs: fields with a problem or an unconfirmed reading left out. */
  inputs: MetricInputs;
  /** The message id for each field that cannot be used. */
  errors: Partial<Record<MetricInputField, MetricInputError>>;
  /** What to show under each typed field. */
  fields: Partial<Record<MetricInputField, MetricFieldView>>;
  /** Fields that stop the results, in form order: with an error or an unconfirmed reading. */
  problems: MetricInputField[];
  /** For each metric: inputs never typed, and typed inputs that need fixing or confirming. */
  needs: Record<MetricId, { missing: MetricInputField[]; check: MetricInputField[] }>;
  values: MetricValues;
  /** Whether any number was typed. */
  any: boolean;
}

/**
 * Reads each typed field by what it holds (see `readNumberInput`), then checks
 * the result with the schema's rules; a field with a problem is reported and
 * left out, the rest still computes.
 */
export function parseMetricDraft(draft: MetricDraft, locale: Locale): MetricResult {
  const currency = draft.currency || undefined;
  const candidate: Record<string, unknown> = { period: draft.period, ...(currency ? { currency } : {}) };
  const fields: MetricResult['fields'] = {};
  const errors: MetricResult['errors'] = {};
  const pending: MetricInputField[] = [];
  const show = (field: MetricInputField, value: number) => {
    const kind = METRIC_INPUT_KINDS[field];
    return kind === 'money' ? formatMoney(value, locale, currency, 4) : `${formatNumber(value, locale, 4)}${kind === 'percent' ? ' %' : ''}`;
  };
  let any = false;
  for (const field of METRIC_INPUT_FIELDS) {
    // Drafts saved before "customers won" and "new customers" became one field.
    const raw = draft.values[field] ?? (field === 'newCustomers' ? (draft.values as Record<string, string>).customersWon : undefined) ?? '';
    const kind = METRIC_INPUT_KINDS[field];
    const reading = readNumberInput(raw, kind === 'count' || kind === 'percent' ? kind : 'amount');
    if (reading.status === 'empty') continue;
    any = true;
    if (reading.status === 'invalid') {
      errors[field] = reading.reason;
      fields[field] = { error: reading.reason };
    } else if (reading.status === 'ambiguous') {
      const chosen = draft.chosen?.[field];
      const picked = chosen && chosen.raw === raw && reading.candidates.includes(chosen.value) ? chosen.value : null;
      fields[field] = { choice: { raw: raw.trim(), values: reading.candidates, labels: [show(field, reading.candidates[0]), show(field, reading.candidates[1])], chosen: picked } };
      if (picked === null) pending.push(field);
      else candidate[field] = picked;
    } else {
      candidate[field] = reading.value;
    }
  }
  for (const issue of metricInputIssues(candidate)) {
    const field = issue.path[0] as MetricInputField;
    errors[field] = issue.message;
    fields[field] = { ...fields[field], error: issue.message };
    delete candidate[field];
  }
  for (const field of METRIC_INPUT_FIELDS) {
    const value = candidate[field];
    if (typeof value === 'number') fields[field] = { ...fields[field], understood: show(field, value) };
  }
  const problems = METRIC_INPUT_FIELDS.filter((f) => errors[f] || pending.includes(f));
  const inputs = candidate as MetricInputs;
  const needs = Object.fromEntries(
    METRIC_IDS.map((id) => {
      const absent = METRIC_REQUIRES[id].filter((f) => inputs[f] === undefined);
      return [id, { missing: absent.filter((f) => !problems.includes(f)), check: absent.filter((f) => problems.includes(f)) }];
    }),
  ) as MetricResult['needs'];
  return { inputs, errors, fields, problems, needs, values: computeMetrics(inputs), any };
}

export const $metricResult = computed([$metricDraft, $locale], parseMetricDraft);

/** The numbers step's fields: those of the metrics the visitor tracks first, the others behind "I also know…". */
export const $metricsFields = computed([$plan, $answers], (plan, answers) => metricsStepFields(trackedMetrics(plan.tracking ?? [], answers)));

/** The index of the furthest step the visitor may open: the first with an unanswered question, else the numbers step. */
function furthestStep(): number {
  const answers = $answers.get();
  const steps = $plan.get().steps;
  const open = steps.findIndex((s) => s.questionIds.some((id) => answers[id] === undefined));
  return open === -1 ? steps.length : open;
}

/** The step the address asks for (`?step=N`, 1-based), kept within the steps the visitor may open; `null` when it names none. */
function stepInUrl(search: string): number | null {
  const n = Number(new URLSearchParams(search).get('step'));
  return Number.isInteger(n) && n >= 1 ? Math.min(n - 1, furthestStep()) : null;
}

/**
 * Opens the step the address names (a link from the results to an area, or a reloaded step), once
 * the plan is set. A step past the first unanswered one opens that one: answers are never skipped.
 */
export function openStepFromUrl(search: string): void {
  const step = stepInUrl(search);
  if (step === null) return;
  $missing.set([]);
  $step.set(step);
}

/**
 * Keeps the step in the address as `?step=N`: each move adds a history entry, so the browser's Back
 * and Forward go between steps instead of leaving the diagnostic. Returns the function that stops it.
 */
export function followStepInUrl(target: Pick<Window, 'location' | 'history' | 'addEventListener' | 'removeEventListener'> = window): () => void {
  let popping = false;
  const write = (step: number, push: boolean) => {
    const url = new URL(target.location.href);
    url.searchParams.set('step', String(step + 1));
    if (url.href === target.location.href) return;
    if (push) target.history.pushState(null, '', url);
    else target.history.replaceState(null, '', url);
  };
  write($step.get(), false);
  const stop = $step.listen((step) => {
    if (!popping) write(step, true);
  });
  const onPop = () => {
    popping = true;
    openStepFromUrl(target.location.search);
    popping = false;
    // A step the visitor may not open yet (answers cleared elsewhere) is corrected in place.
    write($step.get(), false);
  };
  target.addEventListener('popstate', onPop);
  return () => {
    stop();
    target.removeEventListener('popstate', onPop);
  };
}
