/** The kinds of question (see `QuestionSchema`): validated there, used here without zod. */
export const QUESTION_KINDS = ['single', 'scale', 'yes-no', 'checklist'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** The answer value stored when the visitor says the question does not apply to them. */
export const NOT_APPLICABLE = 'not-applicable';
/** The answer value stored when the visitor does not know the answer. */
export const DONT_KNOW = 'dont-know';
/** The form value of a checklist's "None of these" box; its stored answer is the empty list `[]`. */
export const NONE_OF_THESE = 'none';
/** Options of every `yes-no` question, with their scores; labels come from `content/ui.yaml`. */
export const YES_NO_OPTIONS = [
  { id: 'yes', score: 4 },
  { id: 'partly', score: 2 },
  { id: 'no', score: 0 },
] as const;

/** The highest score an option can give. */
export const MAX_OPTION_SCORE = 4;

/** What scoring needs of a question, whatever the language of its texts. */
export interface ScorableQuestion {
  id: string;
  dimension: string;
  kind: QuestionKind;
  notApplicable: boolean;
  dontKnow: boolean;
  weight: number;
  options?: readonly { id: string; score: number }[] | undefined;
}

/** The options a visitor can pick for a question, with scores; labels of yes-no options are UI texts. */
export function scoredOptions(question: {
  kind: QuestionKind;
  options?: readonly { id: string; score: number }[] | undefined;
}): readonly { id: string; score: number }[] {
  return question.kind === 'yes-no' ? YES_NO_OPTIONS : (question.options ?? []);
}
