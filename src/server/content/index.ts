/** The content in `content/`: read, validated and assembled into the questionnaire. */
export { loadQuestionnaire, loadQuestionnaireOrThrow } from './load.ts';
export { currentQuestionnaire } from './questionnaire.ts';
export { applyContentEdit, type ContentEdit, type ContentEditResult } from './edit.ts';
