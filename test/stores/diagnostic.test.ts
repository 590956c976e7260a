import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanTestStorage, useTestStorageEngine } from '@nanostores/persistent';
import { $answers, $missing, $plan, $step, answer, clearAnswer, followStepInUrl, initDiagnostic, next, openStepFromUrl, startOver, toggleOption } from '../../src/stores/diagnostic.ts';
import { metricsStepFields, trackedMetrics } from '../../src/domain/tracked-metrics.ts';
import { diagnosticProgress } from '../../src/domain/diagnostic-progress.ts';
import { displayMinutes, estimateDuration } from '../../src/domain/duration.ts';
import { DONT_KNOW } from '../../src/domain/question.ts';
import { LOCALES } from '../../src/domain/locale.ts';
import { realQuestionnaire } from '../helpers/content.ts';

useTestStorageEngine();
const q = realQuestionnaire();

beforeEach(() => {
  vi.stubGlobal('navigator', { sendBeacon: () => true });
  vi.stubGlobal('fetch', async () => new Response('{}', { status: 200 }));
  startOver();
});

afterEach(() => {
  vi.unstubAllGlobals();
  cleanTestStorage();
});

/** The progress the diagnostic shows for the stores' plan, answers and step. */
const progress = () => diagnosticProgress($plan.get(), $answers.get(), $step.get());
/** The numbers step's fields for the stores' answers, as the diagnostic lays them out. */
const numbersFields = () => metricsStepFields(trackedMetrics($plan.get().tracking ?? [], $answers.get()));

describe('progress: minutes left', () => {
  for (const locale of LOCALES) {
    it(`starts at the landing's total and ends at 0 on the numbers step (${locale})`, () => {
      const { steps, totalSeconds } = estimateDuration(q, locale);
      initDiagnostic({ steps: steps.map((s) => ({ dimension: s.dimension, questionIds: Object.keys(s.questionSeconds) })), duration: steps }, locale);
      expect(progress().remainingMinutes).toBe(displayMinutes(totalSeconds));
      const seen = [progress().remainingMinutes];
      for (const step of steps) {
        for (const id of Object.keys(step.questionSeconds)) answer(id, DONT_KNOW);
        expect(next()).toBe(true);
        seen.push(progress().remainingMinutes);
      }
      expect(seen.at(-1)).toBe(0);
      expect([...seen].sort((a, b) => b - a)).toEqual(seen);
      expect(new Set(seen).size).toBeGreaterThan(steps.length / 2);
    });
  }
});

describe('a checklist in the stores', () => {
  const checklist = q.questions.find((x) => x.kind === 'checklist')!;
  const id = checklist.id;
  const plan = () => {
    const { steps } = estimateDuration(q, 'es');
    initDiagnostic({ steps: steps.map((s) => ({ dimension: s.dimension, questionIds: Object.keys(s.questionSeconds) })), duration: steps, tracking: [checklist] }, 'es');
  };

  it('collects ticks in a list and forgets the ones unticked', () => {
    toggleOption(id, 'churn', true);
    toggleOption(id, 'cac', true);
    expect($answers.get()[id]).toEqual(['churn', 'cac']);
    toggleOption(id, 'churn', false);
    expect($answers.get()[id]).toEqual(['cac']);
  });

  it('leaves the question unanswered when the last tick goes: "None of these" is said, never assumed', () => {
    toggleOption(id, 'cac', true);
    toggleOption(id, 'cac', false);
    expect(id in $answers.get()).toBe(false);
  });

  it('replaces "None of these" or "I don\'t know" with the first tick, and the other way round', () => {
    answer(id, []);
    toggleOption(id, 'nps', true);
    expect($answers.get()[id]).toEqual(['nps']);
    answer(id, DONT_KNOW);
    expect($answers.get()[id]).toBe(DONT_KNOW);
    toggleOption(id, 'cac', true);
    expect($answers.get()[id]).toEqual(['cac']);
    clearAnswer(id);
    expect(id in $answers.get()).toBe(false);
  });

  it('lets the step move on once the checklist has any answer, "None of these" included', () => {
    plan();
    const step = q.dimensions.findIndex((d) => d.id === checklist.dimension);
    for (const question of q.questions.filter((x) => x.dimension === checklist.dimension && x.id !== id)) answer(question.id, DONT_KNOW);
    for (let i = 0; i < step; i++) next();
    expect(next()).toBe(false);
    expect($missing.get()).toEqual([id]);
    answer(id, []);
    expect($missing.get()).toEqual([]);
    expect(next()).toBe(true);
  });

  it('picks the numbers step\'s fields from the ticks', () => {
    plan();
    expect(numbersFields()).toEqual(metricsStepFields(null));
    toggleOption(id, 'cac', true);
    expect(numbersFields()).toEqual(metricsStepFields(['cac']));
    answer(id, DONT_KNOW);
    expect(numbersFields().fromAnswer).toBe(false);
  });
});

describe('the step in the address', () => {
  /** A browser tab's address and history, enough for `followStepInUrl`: entries, Back and Forward. */
  function fakeTab(start: string) {
    const entries = [new URL(start)];
    let at = 0;
    const listeners = new Set<() => void>();
    const tab = {
      location: {
        get href() { return entries[at]!.href; },
        get search() { return entries[at]!.search; },
      } as Location,
      history: {
        pushState: (_: unknown, __: string, url: URL) => { entries.splice(at + 1, Infinity, new URL(url)); at = entries.length - 1; },
        replaceState: (_: unknown, __: string, url: URL) => { entries[at] = new URL(url); },
      } as unknown as History,
      addEventListener: (_: string, listener: () => void) => listeners.add(listener),
      removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
      go(delta: number) { at += delta; for (const l of listeners) l(); },
      get entries() { return entries.map((u) => u.search); },
      listeners,
    };
    return tab;
  }
  const plan = () => ({ steps: q.dimensions.map((d) => ({ dimension: d.id, questionIds: q.questions.filter((x) => x.dimension === d.id).map((x) => x.id) })) });
  const answerStep = (index: number) => {
    for (const id of plan().steps[index]!.questionIds) answer(id, DONT_KNOW);
  };

  it('adds a history entry per step, so Back and Forward move between steps', () => {
    initDiagnostic(plan(), 'es');
    const tab = fakeTab('https://example.test/diagnostico/');
    const stop = followStepInUrl(tab as unknown as Window);
    expect(tab.entries).toEqual(['?step=1']);
    answerStep(0);
    expect(next()).toBe(true);
    answerStep(1);
    expect(next()).toBe(true);
    expect(tab.entries).toEqual(['?step=1', '?step=2', '?step=3']);
    tab.go(-1);
    expect($step.get()).toBe(1);
    tab.go(-1);
    expect($step.get()).toBe(0);
    tab.go(+2);
    expect($step.get()).toBe(2);
    // Moving by the history adds no entry of its own.
    expect(tab.entries).toHaveLength(3);
    stop();
    expect(tab.listeners.size).toBe(0);
  });

  it('opens the area a link names, but never past the first step with an unanswered question', () => {
    initDiagnostic(plan(), 'es');
    answerStep(0);
    answerStep(1);
    openStepFromUrl('?step=2');
    expect($step.get()).toBe(1);
    openStepFromUrl(`?step=${q.dimensions.length}`);
    expect($step.get(), 'step 3 is the first with unanswered questions').toBe(2);
    for (let i = 2; i < q.dimensions.length; i++) answerStep(i);
    openStepFromUrl('?step=1');
    expect($step.get()).toBe(0);
    openStepFromUrl('?step=99');
    expect($step.get(), 'every answer given: up to the numbers step').toBe(q.dimensions.length);
    for (const junk of ['?step=0', '?step=-1', '?step=two', '?step=1.5', '']) {
      openStepFromUrl(junk);
      expect($step.get(), junk).toBe(q.dimensions.length);
    }
  });
});
