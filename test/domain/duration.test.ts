import { describe, expect, it } from 'vitest';
import { countWords, displayMinutes, estimateDuration, remainingSeconds } from '../../src/domain/duration.ts';
import { LOCALES } from '../../src/domain/locale.ts';
import { assembleQuestionnaire } from '../../src/domain/questionnaire.ts';
import { realQuestionnaire, realSources } from '../helpers/content.ts';

const text = (es: string, pt = es, en = es) => ({ es, pt, en });

/** Two steps, three questions; 60 words a minute so each word is one second. */
const fixture = {
  duration: { wordsPerMinute: 60, secondsPerAnswer: 4, secondsPerCheck: 2 },
  ui: { answers: { yes: text('Sí'), partly: text('En parte'), no: text('No'), 'not-applicable': text('No aplica'), 'dont-know': text('No lo sé', 'Não sei', "I don't know"), none: text('Ninguna de estas') } },
  dimensions: [
    { id: 'data', weight: 1, order: 1, name: text('Datos'), description: text('Qué tan limpios están.') },
    { id: 'tools', weight: 1, order: 2, name: text('Herramientas'), description: text('Cuáles usas.', 'Quais você usa.', 'Which ones you use.') },
  ],
  questions: [
    // 3 words + help 2 + Sí, En parte, No (4) + No lo sé (3) = 12 words, + 4 s
    { id: 'q1', dimension: 'data', kind: 'yes-no' as const, order: 1, weight: 1, notApplicable: false, dontKnow: true, text: text('¿Hay un CRM?'), help: text('Uno solo.') },
    // 2 words + options 1 + 1 = 4 words, no "I don't know", + 4 s
    { id: 'q2', dimension: 'data', kind: 'single' as const, order: 2, weight: 1, notApplicable: false, dontKnow: false, text: text('¿Cada semana?'),
      options: [{ id: 'a', score: 0, label: text('Nunca') }, { id: 'b', score: 4, label: text('Siempre') }] },
    // 1 word + Sí, En parte, No (4) + No aplica (2) + No lo sé (3) = 10 words, + 4 s
    { id: 'q3', dimension: 'tools', kind: 'yes-no' as const, order: 1, weight: 1, notApplicable: true, dontKnow: true, text: text('¿Integradas?') },
  ],
};

describe('countWords', () => {
  it('counts runs of letters and digits, not punctuation or symbols', () => {
    expect(countWords('¿Cuántas métricas —ingresos, retención— revisa la dirección?')).toBe(7);
    expect(countWords('B2B, 30 % y trial-to-paid')).toBe(4);
    expect(countWords("I don't know")).toBe(3);
    expect(countWords(undefined)).toBe(0);
  });

  it('counts no words in text made only of punctuation, symbols or spaces', () => {
    expect(countWords('— % ¿?')).toBe(0);
    expect(countWords('')).toBe(0);
  });
});

describe('estimateDuration', () => {
  it('reads titles, intros, questions, help and every offered answer, plus the seconds of each answer', () => {
    const { steps, totalSeconds } = estimateDuration(fixture, 'es');
    expect(steps).toEqual([
      { dimension: 'data', introSeconds: 1 + 4, questionSeconds: { q1: 12 + 4, q2: 4 + 4 } },
      { dimension: 'tools', introSeconds: 1 + 2, questionSeconds: { q3: 10 + 4 } },
    ]);
    expect(totalSeconds).toBe(5 + 16 + 8 + 3 + 14);
  });

  it('reads the words of the chosen language', () => {
    // "Which ones you use." has 4 words; "I don't know" 3 in both languages.
    expect(estimateDuration(fixture, 'en').steps[1]!.introSeconds).toBe(1 + 4);
  });

  it('scales with the reading speed and the seconds per answer', () => {
    const slow = estimateDuration({ ...fixture, duration: { wordsPerMinute: 30, secondsPerAnswer: 0, secondsPerCheck: 0 } }, 'es');
    expect(slow.totalSeconds).toBe(2 * (5 + 12 + 4 + 3 + 10));
  });
});

describe('estimateDuration of a checklist', () => {
  const checklist = {
    ...fixture,
    questions: [
      // 2 words + Churn, CAC, NPS (3) + Ninguna de estas (3) + No lo sé (3) = 11 words, + 4 s + 3 boxes × 2 s
      { id: 'c1', dimension: 'data', kind: 'checklist' as const, order: 1, weight: 1, notApplicable: false, dontKnow: true, text: text('¿Qué mides?'),
        options: [{ id: 'churn', score: 4, label: text('Churn') }, { id: 'cac', score: 2, label: text('CAC') }, { id: 'nps', score: 1, label: text('NPS') }] },
    ],
  };

  it('reads every option and "None of these", and adds the seconds of a decision per box', () => {
    expect(estimateDuration(checklist, 'es').steps[0]!.questionSeconds).toEqual({ c1: 11 + 4 + 3 * 2 });
  });

  it('scales with the seconds per box, and only for checklists', () => {
    const slower = estimateDuration({ ...checklist, duration: { ...checklist.duration, secondsPerCheck: 5 } }, 'es');
    expect(slower.steps[0]!.questionSeconds.c1).toBe(11 + 4 + 3 * 5);
    const plain = estimateDuration({ ...fixture, duration: { ...fixture.duration, secondsPerCheck: 5 } }, 'es');
    expect(plain.totalSeconds).toBe(estimateDuration(fixture, 'es').totalSeconds);
  });
});

describe('remainingSeconds', () => {
  const { steps, totalSeconds } = estimateDuration(fixture, 'es');

  it('is the whole estimate on the first step before any answer', () => {
    expect(remainingSeconds(steps, {}, 0)).toBe(totalSeconds);
  });

  it('drops each answered question and each intro left behind', () => {
    expect(remainingSeconds(steps, { q1: 'yes' }, 0)).toBe(totalSeconds - 16);
    expect(remainingSeconds(steps, { q1: 'yes', q2: 'a' }, 1)).toBe(3 + 14);
  });

  it('drops a checklist once it has an answer, "None of these" (an empty list) included', () => {
    expect(remainingSeconds(steps, { q1: [] }, 0)).toBe(totalSeconds - 16);
  });

  it('is 0 on the numbers step once every question is answered', () => {
    expect(remainingSeconds(steps, { q1: 'yes', q2: 'a', q3: 'dont-know' }, 2)).toBe(0);
    expect(displayMinutes(0)).toBe(0);
  });
});

describe('displayMinutes', () => {
  it('rounds to the nearest minute and shows at least 1 while anything is left', () => {
    expect(displayMinutes(1)).toBe(1);
    expect(displayMinutes(89)).toBe(1);
    expect(displayMinutes(90)).toBe(2);
    expect(displayMinutes(600)).toBe(10);
  });
});

describe('the real content', () => {
  const q = realQuestionnaire();

  it('keeps 200 words a minute, 4 seconds an answer and 2 seconds a checklist box', () => {
    expect(q.duration).toEqual({ wordsPerMinute: 200, secondsPerAnswer: 4, secondsPerCheck: 2 });
  });

  for (const locale of LOCALES) {
    it(`takes 10 ± 2 minutes without the numbers step (${locale})`, () => {
      const { steps, totalSeconds } = estimateDuration(q, locale);
      expect(steps.map((s) => s.dimension)).toEqual(q.dimensions.map((d) => d.id));
      expect(steps.flatMap((s) => Object.keys(s.questionSeconds))).toEqual(q.questions.map((x) => x.id));
      expect(totalSeconds / 60).toBeGreaterThanOrEqual(8);
      expect(totalSeconds / 60).toBeLessThanOrEqual(12);
    });

    it(`counts down step by step to 0 with every answer (${locale})`, () => {
      const { steps, totalSeconds } = estimateDuration(q, locale);
      const answers: Record<string, string> = {};
      let previous = remainingSeconds(steps, answers, 0);
      expect(previous).toBe(totalSeconds);
      steps.forEach((step, index) => {
        for (const id of Object.keys(step.questionSeconds)) answers[id] = 'dont-know';
        const now = remainingSeconds(steps, answers, index + 1);
        expect(now).toBeLessThan(previous);
        previous = now;
      });
      expect(previous).toBe(0);
    });
  }

  it('grows when a question gets longer', () => {
    const sources = realSources();
    const before = estimateDuration(q, 'es').totalSeconds;
    const file = sources.questions[0]!.data as { text: { es: string } }[];
    file[0]!.text.es += ' una dos tres cuatro cinco seis siete ocho nueve diez';
    const result = assembleQuestionnaire(sources, 'v');
    if (!result.ok) throw new Error('invalid');
    expect(estimateDuration(result.questionnaire, 'es').totalSeconds).toBeCloseTo(before + 3, 6);
  });

  it('refuses a reading speed that is not a whole number of words a minute', () => {
    const sources = realSources();
    (sources.duration.data as { wordsPerMinute: unknown }).wordsPerMinute = 'fast';
    const result = assembleQuestionnaire(sources, 'v');
    expect(result.ok ? [] : result.issues.map((i) => `${i.file}: ${i.path}`)).toEqual(['content/duration.yaml: wordsPerMinute']);
  });
});
