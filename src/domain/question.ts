import { YES_NO_OPTIONS, type Question } from './schemas/question.ts';

// The answer values and option constants live with the question's schema; re-exported here for scoring and the stores.
export { DONT_KNOW, MAX_OPTION_SCORE, NONE_OF_THESE, NOT_APPLICABLE, YES_NO_OPTIONS } from './schemas/question.ts';

/** What scoring needs of a question, whatever the language of its texts. */
export type ScorableQuestion = Pick<Question, 'id' | 'dimension' | 'kind' | 'notApplicable' | 'dontKnow' | 'weight'> & {
  options?: readonly { id: string; score: number }[] | undefined;
};

/** The options a visitor can pick for a question, with scores; labels of yes-no options are UI texts. */
export function scoredOptions(question: {
  kind: Question['kind'];
  options?: readonly { id: string; score: number }[] | undefined;
}): readonly { id: string; score: number }[] {
  return question.kind === 'yes-no' ? YES_NO_OPTIONS : (question.options ?? []);
}
