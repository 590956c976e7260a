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

  describe('a checklist', () => {
    const checklist = q.questions.find((x) => x.kind === 'checklist')!;
    const options = checklist.options!;
    const total = options.reduce((sum, o) => sum + o.score, 0);
    const row = (answer: string | string[], locale: 'es' | 'pt' | 'en' = 'es') =>
      answerSheet(q, { [checklist.id]: answer }, locale).find((r) => r.questionId === checklist.id)!;

    it('lists the ticked options in the order offered, with their share of the points on the 0–4 scale', () => {
      const sheet = row([options[2]!.id, options[0]!.id], 'en');
      expect(sheet.answer).toBe(`${options[0]!.label.en}; ${options[2]!.label.en}`);
      expect(sheet.score).toBe(Math.round((40 * (options[0]!.score + options[2]!.score)) / total) / 10);
    });

    it('says "None of these" for no ticks, scoring 0, in the visitor\'s language', () => {
      expect(row([], 'pt')).toMatchObject({ answer: q.ui.answers.none.pt, score: 0 });
    });

    it('scores every option ticked as 4, and "I don\'t know" as 0', () => {
      expect(row(options.map((o) => o.id)).score).toBe(4);
      expect(row(DONT_KNOW)).toMatchObject({ answer: q.ui.answers['dont-know'].es, score: 0 });
    });

    it('reads a lone option id as one tick, and an id it does not offer as no answer', () => {
      expect(row(options[1]!.id)).toMatchObject({ answer: options[1]!.label.es });
      expect(row('no-such-option')).toMatchObject({ answer: null, score: null });
    });
  });
});
