import { DONT_KNOW, NOT_APPLICABLE, YES_NO_OPTIONS } from './question.ts';
import { localize, type Locale } from './locale.ts';
import type { Questionnaire } from './schemas/questionnaire.ts';
import type { Answers } from './scoring.ts';

/** One answered question in the words the visitor read. */
export interface AnswerSheetRow {
  questionId: string;
  dimension: string;
  question: string;
  /** The label of the chosen option, "Not applicable", "I don't know", or null when unanswered. */
  answer: string | null;
  score: number | null;
}

/**
 * The questions with the visitor's answers, worded as in the questionnaire they
 * answered; stored with the submission so later content edits do not change it.
 */
export function answerSheet(questionnaire: Questionnaire, answers: Answers, locale: Locale): AnswerSheetRow[] {
  const q = localize(questionnaire, locale);
  return q.questions.map((question) => {
    const value = answers[question.id];
    const options =
      question.kind === 'yes-no'
        ? YES_NO_OPTIONS.map((o) => ({ id: o.id, score: o.score, label: q.ui.answers[o.id] }))
        : (question.options ?? []);
    const option = options.find((o) => o.id === value);
    const answer =
      value === NOT_APPLICABLE ? q.ui.answers['not-applicable'] : value === DONT_KNOW ? q.ui.answers['dont-know'] : (option?.label ?? null);
    return { questionId: question.id, dimension: question.dimension, question: question.text, answer, score: option?.score ?? (value === DONT_KNOW ? 0 : null) };
  });
}
