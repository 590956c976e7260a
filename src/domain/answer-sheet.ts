import { DONT_KNOW, MAX_OPTION_SCORE, NOT_APPLICABLE, YES_NO_OPTIONS } from './question.ts';
import { localize, type Locale } from './locale.ts';
import type { Questionnaire } from './schemas/questionnaire.ts';
import { answerValue, checklistTicks, type Answers } from './scoring.ts';

/** One answered question in the words the visitor read. */
export interface AnswerSheetRow {
  questionId: string;
  dimension: string;
  question: string;
  /**
   * The label of the chosen option, "Not applicable", "I don't know", or null when unanswered;
   * for a checklist, the labels of the ticked options joined by "; " (or "None of these").
   */
  answer: string | null;
  /** The option's score, 0–4; for a checklist its share of points ticked on the same 0–4 scale (one decimal). */
  score: number | null;
}

/**
 * The questions with the visitor's answers, worded as in the questionnaire they
 * answered; stored with the submission so later content edits do not change it.
 */
export function answerSheet(questionnaire: Questionnaire, answers: Answers, locale: Locale): AnswerSheetRow[] {
  // Only the questions and the answers' words: the rest of the questionnaire's texts are not read here.
  const q = localize({ questions: questionnaire.questions, ui: { answers: questionnaire.ui.answers } }, locale);
  return questionnaire.questions.map((scorable, index) => {
    const question = q.questions[index]!;
    const value = answers[question.id];
    const row = { questionId: question.id, dimension: question.dimension, question: question.text };
    const ticks = question.kind === 'checklist' ? checklistTicks(scorable, value) : null;
    if (ticks) {
      const ticked = (question.options ?? []).filter((o) => ticks.includes(o.id)).map((o) => o.label);
      const share = answerValue(scorable, value) ?? 0;
      return { ...row, answer: ticked.length > 0 ? ticked.join('; ') : q.ui.answers.none, score: Math.round(10 * MAX_OPTION_SCORE * share) / 10 };
    }
    // A checklist's lone option id was read as a tick above: what reaches here is "I don't know", "Not applicable" or no answer.
    const options =
      question.kind === 'yes-no'
        ? YES_NO_OPTIONS.map((o) => ({ id: o.id, score: o.score, label: q.ui.answers[o.id] }))
        : (question.options ?? []);
    const option = options.find((o) => o.id === value);
    const answer =
      value === NOT_APPLICABLE ? q.ui.answers['not-applicable'] : value === DONT_KNOW ? q.ui.answers['dont-know'] : (option?.label ?? null);
    return { ...row, answer, score: option?.score ?? (value === DONT_KNOW ? 0 : null) };
  });
}
