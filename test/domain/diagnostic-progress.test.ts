import { describe, expect, it } from 'vitest';
import { diagnosticProgress, furthestStep, type DiagnosticPlan } from '../../src/domain/diagnostic-progress.ts';

// Two dimension steps of two questions each, then the numbers step: three steps in all.
const plan: DiagnosticPlan = {
  steps: [
    { dimension: 'a', questionIds: ['a1', 'a2'] },
    { dimension: 'b', questionIds: ['b1', 'b2'] },
  ],
};
// Each step: 30 s to read its intro, 60 s per question.
const timed: DiagnosticPlan = {
  ...plan,
  duration: [
    { dimension: 'a', introSeconds: 30, questionSeconds: { a1: 60, a2: 60 } },
    { dimension: 'b', introSeconds: 30, questionSeconds: { b1: 60, b2: 60 } },
  ],
};

describe('diagnosticProgress', () => {
  it('numbers the first step 1 of the dimension steps plus the numbers step, with nothing answered', () => {
    expect(diagnosticProgress(plan, {}, 0)).toEqual({ step: 1, total: 3, answered: 0, questions: 4, percent: 0, remainingMinutes: 0 });
  });

  it('counts the answered questions of every step and their share, whatever the step shown', () => {
    const answers = { a1: 'x', a2: 'y', b1: 'z' };
    expect(diagnosticProgress(plan, answers, 1)).toMatchObject({ step: 2, answered: 3, questions: 4, percent: 75 });
    expect(diagnosticProgress(plan, answers, 0)).toMatchObject({ step: 1, answered: 3, percent: 75 });
  });

  it('rounds the percent to a whole number', () => {
    const thirds: DiagnosticPlan = { steps: [{ dimension: 'a', questionIds: ['a1', 'a2', 'a3'] }] };
    expect(diagnosticProgress(thirds, { a1: 'x' }, 0).percent).toBe(33);
    expect(diagnosticProgress(thirds, { a1: 'x', a2: 'y' }, 0).percent).toBe(67);
  });

  it('counts a checklist answered "None of these" (the empty list) as answered', () => {
    expect(diagnosticProgress(plan, { a1: [], a2: 'dont-know' }, 0)).toMatchObject({ answered: 2, percent: 50 });
  });

  it('ignores answers to questions the plan does not ask', () => {
    expect(diagnosticProgress(plan, { a1: 'x', other: 'y' }, 0)).toMatchObject({ answered: 1, percent: 25 });
  });

  it('shows the numbers step as the last step, and no step past it', () => {
    const all = { a1: 'x', a2: 'x', b1: 'x', b2: 'x' };
    expect(diagnosticProgress(plan, all, 2)).toMatchObject({ step: 3, total: 3, percent: 100 });
    expect(diagnosticProgress(plan, all, 9)).toMatchObject({ step: 3, total: 3 });
  });

  it('gives 0 percent for a plan without questions', () => {
    expect(diagnosticProgress({ steps: [] }, {}, 0)).toMatchObject({ step: 1, total: 1, questions: 0, percent: 0 });
  });

  it('estimates the minutes left from the unanswered questions and the intros of the steps not yet reached', () => {
    // 30 + 60 + 60 + 30 + 60 + 60 = 300 s.
    expect(diagnosticProgress(timed, {}, 0).remainingMinutes).toBe(5);
    // Step b's intro and its two questions: 150 s, 2.5 minutes shown as 3.
    expect(diagnosticProgress(timed, { a1: 'x', a2: 'x' }, 1).remainingMinutes).toBe(3);
    // Step b's intro, still on screen, and b2: 90 s, shown as 2 minutes.
    expect(diagnosticProgress(timed, { a1: 'x', a2: 'x', b1: 'x' }, 1).remainingMinutes).toBe(2);
    // Past every intro, with b2 left: 60 s.
    expect(diagnosticProgress(timed, { a1: 'x', a2: 'x', b1: 'x' }, 2).remainingMinutes).toBe(1);
    expect(diagnosticProgress(timed, { a1: 'x', a2: 'x', b1: 'x', b2: 'x' }, 2).remainingMinutes).toBe(0);
  });
});

describe('furthestStep', () => {
  it('is the first step while nothing is answered', () => {
    expect(furthestStep(plan, {})).toBe(0);
  });

  it('is the first step with an unanswered question', () => {
    expect(furthestStep(plan, { a1: 'x', a2: 'x' })).toBe(1);
    expect(furthestStep(plan, { a1: 'x', a2: 'x', b1: 'x' })).toBe(1);
  });

  it('goes back to an earlier step left incomplete, whatever is answered after it', () => {
    expect(furthestStep(plan, { a1: 'x', b1: 'x', b2: 'x' })).toBe(0);
  });

  it('is the numbers step (after the last dimension) once every question is answered, "None of these" included', () => {
    expect(furthestStep(plan, { a1: 'x', a2: [], b1: 'x', b2: 'x' })).toBe(2);
  });
});
