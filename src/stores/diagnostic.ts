import { atom, computed } from 'nanostores';
import { persistentAtom } from '@nanostores/persistent';
import type { Answer, Answers } from '../domain/scoring.ts';
import type { Locale } from '../domain/locale.ts';
import type { Segment } from '../domain/schemas/segment.ts';
import { CURRENCIES, type Currency, type MetricInputField } from '../domain/metrics.ts';
import { parseMetricDraft, type MetricDraft } from '../domain/metric-draft.ts';
import { furthestStep, type DiagnosticPlan } from '../domain/diagnostic-progress.ts';
import { $startedAt, $startToken, clearStarted, markStarted } from './started.ts';
import { DIAGNOSTIC_COOKIE, DIAGNOSTIC_COOKIE_SECONDS, encodeDiagnosticState } from '../domain/diagnostic-form.ts';
import { $locale } from './locale.ts';
import { track } from './funnel.ts';


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
export { parseMetricDraft, type DiagnosticPlan, type MetricDraft };
export type { MetricFieldView, MetricResult } from '../domain/metric-draft.ts';
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

/** What the diagnostic shows: the step, the answers, the numbers as typed, and what is missing. */
export const $view = computed([$step, $answers, $segment, $metricDraft, $missing, $metricsBlocked], (step, answers, segment, draft, missing, blocked) => ({
  step, answers, segment, draft, missing, blocked,
}));

/** Index of the metrics step (after every dimension step). */
export const $metricsStep = computed($plan, (plan) => plan.steps.length);


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

/**
 * Carries on from a step the server drew (a page posted without JavaScript, whose answers the
 * visitor's cookie held): its answers, numbers and step become the browser's.
 */
export function adoptStep(view: { step: number; answers: Answers; segment: Segment; draft: MetricDraft }): void {
  $answers.set(view.answers);
  $segment.set(view.segment);
  $metricDraft.set(view.draft);
  $step.set(view.step);
}

/**
 * Hands the finished diagnostic to the results page's server render, in the cookie the pages without
 * JavaScript use (`DiagnosticState`); `null` forgets it. Nothing leaves the browser but this cookie.
 */
function rememberForResults(include: boolean | null): void {
  if (typeof document === 'undefined') return;
  const value = include !== null && encodeDiagnosticState({
    answers: $answers.get(), segment: $segment.get(), draft: $metricDraft.get(), include, startToken: $startToken.get(), startedAt: $startedAt.get(),
  });
  document.cookie = `${DIAGNOSTIC_COOKIE}=${value || ''};path=/;samesite=lax;max-age=${value ? DIAGNOSTIC_COOKIE_SECONDS : 0}${location.protocol == 'https:' ? ';secure' : ''}`;
}

/** Clears every answer and number and goes back to the first step. */
export function startOver(): void {
  rememberForResults(null);
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
  rememberForResults(include);
  track('completed');
  return true;
}

export const $metricResult = computed([$metricDraft, $locale], parseMetricDraft);


/** The step the address asks for (`?step=N`, 1-based), kept within the steps the visitor may open; `null` when it names none. */
function stepInUrl(search: string): number | null {
  const n = Number(new URLSearchParams(search).get('step'));
  return Number.isInteger(n) && n >= 1 ? Math.min(n - 1, furthestStep($plan.get(), $answers.get())) : null;
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
