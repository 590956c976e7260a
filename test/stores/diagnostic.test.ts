import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanTestStorage, useTestStorageEngine } from '@nanostores/persistent';
import { $answers, $metricsFields, $missing, $progress, answer, clearAnswer, initDiagnostic, next, startOver, toggleOption } from '../../src/stores/diagnostic.ts';
import { metricsStepFields } from '../../src/domain/tracked-metrics.ts';
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

describe('$progress minutes left', () => {
  for (const locale of LOCALES) {
    it(`starts at the landing's total and ends at 0 on the numbers step (${locale})`, () => {
      const { steps, totalSeconds } = estimateDuration(q, locale);
      initDiagnostic({ steps: steps.map((s) => ({ dimension: s.dimension, questionIds: Object.keys(s.questionSeconds) })), duration: steps }, locale);
      expect($progress.get().remainingMinutes).toBe(displayMinutes(totalSeconds));
      const seen = [$progress.get().remainingMinutes];
      for (const step of steps) {
        for (const id of Object.keys(step.questionSeconds)) answer(id, DONT_KNOW);
        expect(next()).toBe(true);
        seen.push($progress.get().remainingMinutes);
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
    expect($metricsFields.get()).toEqual(metricsStepFields(null));
    toggleOption(id, 'cac', true);
    expect($metricsFields.get()).toEqual(metricsStepFields(['cac']));
    answer(id, DONT_KNOW);
    expect($metricsFields.get().fromAnswer).toBe(false);
  });
});
