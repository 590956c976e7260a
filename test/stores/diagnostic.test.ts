import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanTestStorage, useTestStorageEngine } from '@nanostores/persistent';
import { $progress, answer, initDiagnostic, next, startOver } from '../../src/stores/diagnostic.ts';
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
