import { describe, expect, it } from 'vitest';
import { answerSheet } from '../../src/domain/answer-sheet.ts';
import { DONT_KNOW, NOT_APPLICABLE } from '../../src/domain/question.ts';
import { realQuestionnaire } from '../helpers/content.ts';

const q = realQuestionnaire();

describe('answerSheet', () => {
  it('words each question and answer in the visitor language', () => {
    const yesNo = q.questions.find((x) => x.kind === 'yes-no')!;
    const single = q.questions.find((x) => x.kind === 'single')!;
    const withNa = q.questions.find((x) => x.notApplicable)!;
    const sheet = answerSheet(q, { [yesNo.id]: 'partly', [single.id]: single.options![0]!.id, [withNa.id]: NOT_APPLICABLE, [q.questions[0]!.id]: DONT_KNOW }, 'pt');
    expect(sheet).toHaveLength(q.questions.length);
    const row = (id: string) => sheet.find((r) => r.questionId === id)!;
    expect(row(yesNo.id)).toMatchObject({ question: yesNo.text.pt, answer: q.ui.answers.partly.pt, score: 2 });
    expect(row(single.id)).toMatchObject({ question: single.text.pt, answer: single.options![0]!.label.pt });
    expect(row(withNa.id).answer).toBe(q.ui.answers['not-applicable'].pt);
    expect(row(q.questions[0]!.id)).toMatchObject({ answer: q.ui.answers['dont-know'].pt, score: 0 });
  });

  it('leaves unanswered questions without an answer', () => {
    expect(answerSheet(q, {}, 'es').every((r) => r.answer === null && r.score === null)).toBe(true);
  });

  it('reads the stored values "not-applicable" and "dont-know" as their labels', () => {
    const withNa = q.questions.find((x) => x.notApplicable)!;
    const other = q.questions.find((x) => x.id !== withNa.id && x.dontKnow)!;
    const sheet = answerSheet(q, { [withNa.id]: 'not-applicable', [other.id]: 'dont-know' }, 'en');
    expect(sheet.find((r) => r.questionId === withNa.id)).toMatchObject({ answer: q.ui.answers['not-applicable'].en, score: null });
    expect(sheet.find((r) => r.questionId === other.id)).toMatchObject({ answer: q.ui.answers['dont-know'].en, score: 0 });
  });
});
