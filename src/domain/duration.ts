import { localize, type Locale, type Localized } from './locale.ts';
import { DONT_KNOW, NOT_APPLICABLE, YES_NO_OPTIONS } from './question.ts';
import type { Questionnaire } from './schemas/questionnaire.ts';
import type { Answers } from './scoring.ts';

/** What the estimate reads of the questionnaire, in one language or in all of them. */
type DurationSource = Pick<Questionnaire, 'dimensions' | 'questions' | 'duration'> & { ui: Pick<Questionnaire['ui'], 'answers'> };

/** The time one dimension step takes: reading its title and intro, then each question. */
export interface StepDuration {
  dimension: string;
  /** Seconds to read the step's title and intro (the dimension's name and description). */
  introSeconds: number;
  /** Seconds per question, by question id: reading its text, help and answers, plus choosing one. */
  questionSeconds: Record<string, number>;
}

export interface DurationEstimate {
  steps: StepDuration[];
  /** The whole diagnostic, the optional numbers step left out, in seconds (not rounded). */
  totalSeconds: number;
}

/** Words in a text: runs of letters or digits, so "B2B", "30 %" and "—" count as 1, 1 and 0. */
export function countWords(text: string | undefined): number {
  return text ? (text.match(/[\p{L}\p{N}]+(?:['’.,-][\p{L}\p{N}]+)*/gu) ?? []).length : 0;
}

/**
 * How long the diagnostic takes in one language: the words a visitor reads on
 * each dimension step (title, intro, every question's text, help and answer
 * labels, "Not applicable", "I don't know" and a checklist's "None of these" where
 * offered) at `duration.wordsPerMinute`, plus `duration.secondsPerAnswer` for each
 * question and, in a checklist, `duration.secondsPerCheck` for each of its options.
 * The optional numbers step is not counted: it is optional and its time depends
 * on whether the visitor has the figures at hand.
 * @example estimateDuration(questionnaire, 'es').totalSeconds // 560.3
 */
export function estimateDuration(questionnaire: DurationSource | Localized<DurationSource>, locale: Locale): DurationEstimate {
  const q = localize(questionnaire as DurationSource, locale);
  const { wordsPerMinute, secondsPerAnswer, secondsPerCheck } = q.duration;
  const readSeconds = (...texts: (string | undefined)[]) => (60 * texts.reduce((sum, text) => sum + countWords(text), 0)) / wordsPerMinute;
  const steps = q.dimensions.map((dimension): StepDuration => {
    const questionSeconds: Record<string, number> = {};
    for (const question of q.questions.filter((x) => x.dimension === dimension.id)) {
      const checklist = question.kind === 'checklist';
      const options = question.options ?? [];
      const labels = [
        ...(question.kind === 'yes-no' ? YES_NO_OPTIONS.map((o) => q.ui.answers[o.id]) : options.map((o) => o.label)),
        ...(checklist ? [q.ui.answers.none] : []),
        ...(question.notApplicable ? [q.ui.answers[NOT_APPLICABLE]] : []),
        ...(question.dontKnow ? [q.ui.answers[DONT_KNOW]] : []),
      ];
      // A checklist asks for a decision on every box, not one choice among them.
      const deciding = secondsPerAnswer + (checklist ? options.length * secondsPerCheck : 0);
      questionSeconds[question.id] = readSeconds(question.text, question.help, ...labels) + deciding;
    }
    return { dimension: dimension.id, introSeconds: readSeconds(dimension.name, dimension.description), questionSeconds };
  });
  return { steps, totalSeconds: remainingSeconds(steps, {}, 0) };
}

/**
 * Seconds left from dimension step `step` (0-based; the numbers step is
 * `steps.length`): the intros of this step and the ones after it, and every
 * question not answered yet. 0 once every question is answered and the visitor
 * is past the last dimension step.
 */
export function remainingSeconds(steps: readonly StepDuration[], answers: Answers, step: number): number {
  let seconds = 0;
  steps.forEach((s, index) => {
    if (index >= step) seconds += s.introSeconds;
    for (const [id, time] of Object.entries(s.questionSeconds)) if (answers[id] === undefined) seconds += time;
  });
  return seconds;
}

/** Seconds as the whole minutes a page shows: rounded to the nearest, never 0 while anything is left. */
export function displayMinutes(seconds: number): number {
  return seconds <= 0 ? 0 : Math.max(1, Math.round(seconds / 60));
}
