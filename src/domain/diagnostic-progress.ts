import type { Answers } from './scoring.ts';
import type { TrackingQuestion } from './tracked-metrics.ts';
import { displayMinutes, remainingSeconds, type StepDuration } from './duration.ts';

/** The diagnostic's steps: one per dimension with its question ids, then the metrics step. */
export interface DiagnosticPlan {
  steps: { dimension: string; questionIds: string[] }[];
  /** The time estimate of each dimension step (`estimateDuration`), for the minutes left. */
  duration?: readonly StepDuration[];
  /** The checklists whose options name metrics: their answer picks the figures the numbers step asks first. */
  tracking?: readonly TrackingQuestion[];
}

/** The diagnostic's steps: one per dimension with its questions, in order (then the numbers step). */
export function diagnosticPlan(questionnaire: { dimensions: readonly { id: string }[]; questions: readonly { id: string; dimension: string }[] }): DiagnosticPlan {
  return {
    steps: questionnaire.dimensions.map((d) => ({ dimension: d.id, questionIds: questionnaire.questions.filter((q) => q.dimension === d.id).map((q) => q.id) })),
  };
}

/**
 * Where the visitor is: the step (1-based) of the steps (dimensions + numbers), the questions
 * answered, and the minutes left. The same for the island and for the pages the server renders.
 */
export function diagnosticProgress(plan: DiagnosticPlan, answers: Answers, step: number) {
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
}

/** The index of the furthest step the visitor may open: the first with an unanswered question, else the numbers step. */
export function furthestStep(plan: DiagnosticPlan, answers: Answers): number {
  const open = plan.steps.findIndex((s) => s.questionIds.some((id) => answers[id] === undefined));
  return open === -1 ? plan.steps.length : open;
}
