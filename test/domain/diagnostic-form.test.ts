import { describe, expect, it } from 'vitest';
import {
  DIAGNOSTIC_COOKIE, encodeDiagnosticState, MAX_DIAGNOSTIC_COOKIE_BYTES, readStepAnswers, type DiagnosticState,
} from '../../src/domain/diagnostic-form.ts';
import { readDiagnosticState } from '../../src/domain/schemas/diagnostic-state.ts';
import { DONT_KNOW, NONE_OF_THESE, NOT_APPLICABLE, scoredOptions } from '../../src/domain/question.ts';
import { METRIC_INPUT_FIELDS, METRIC_INPUT_KINDS } from '../../src/domain/metrics.ts';
import type { MetricDraft } from '../../src/domain/metric-draft.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { signStartToken } from '../../src/server/lib/start-token.ts';

const q = realQuestionnaire();
const question = (id: string) => {
  const found = q.questions.find((x) => x.id === id);
  if (!found) throw new Error(`no question ${id} in the real content`);
  return found;
};
// The real content's only checklist (it allows "I don't know"); a single-choice question; a yes-no question;
// the one question without "I don't know"; a question that may not apply.
const checklist = question('alignment-metrics-tracked');
const single = question('alignment-shared-definitions');
const yesNo = question('alignment-revenue-breakdown');
const noDontKnow = question('reporting-self-service');
const mayNotApply = question('tooling-marketing-automation');
const alignment = q.questions.filter((x) => x.dimension === 'alignment');

/** `readStepAnswers` over `questions` with `posted` as the form's values (an absent field posts nothing). */
const read = (questions: typeof q.questions, posted: Record<string, string[]>) => readStepAnswers(questions, (id) => posted[id] ?? []);

describe('readStepAnswers', () => {
  it('fixes the content facts these tests rely on', () => {
    expect(checklist.kind).toBe('checklist');
    expect(checklist.dontKnow).toBe(true);
    expect(single.kind).toBe('single');
    expect(single.notApplicable).toBe(false);
    expect(yesNo.kind).toBe('yes-no');
    expect(noDontKnow.dontKnow).toBe(false);
    expect(mayNotApply.notApplicable).toBe(true);
  });

  it('reads a radio question as the option id posted', () => {
    expect(read([single], { [single.id]: ['verbal'] })).toEqual({ answers: { [single.id]: 'verbal' }, conflicts: [] });
  });

  it('reads a yes-no question by the shared yes/partly/no ids', () => {
    expect(read([yesNo], { [yesNo.id]: ['partly'] }).answers).toEqual({ [yesNo.id]: 'partly' });
  });

  it('leaves a radio question posted with two different values unanswered, without calling it a conflict', () => {
    expect(read([single], { [single.id]: ['verbal', 'all-written'] })).toEqual({ answers: {}, conflicts: [] });
  });

  it('reads a radio value posted twice as one answer', () => {
    expect(read([single], { [single.id]: ['verbal', 'verbal'] }).answers).toEqual({ [single.id]: 'verbal' });
  });

  it('reads a checklist as the list of its ticked options, in the order posted', () => {
    expect(read([checklist], { [checklist.id]: ['cac', 'churn', 'nps'] })).toEqual({ answers: { [checklist.id]: ['cac', 'churn', 'nps'] }, conflicts: [] });
  });

  it('reads a checklist with a single tick as a list of one, not as a lone id', () => {
    expect(read([checklist], { [checklist.id]: ['churn'] }).answers[checklist.id]).toEqual(['churn']);
  });

  it('reads "None of these" ticked alone as the empty list', () => {
    expect(read([checklist], { [checklist.id]: [NONE_OF_THESE] })).toEqual({ answers: { [checklist.id]: [] }, conflicts: [] });
  });

  it('reports "None of these" ticked with an option as a conflict and leaves the question unanswered', () => {
    expect(read([checklist], { [checklist.id]: ['churn', NONE_OF_THESE] })).toEqual({ answers: {}, conflicts: [checklist.id] });
  });

  it('reports "I don\'t know" ticked with an option, or with "None of these", as a conflict', () => {
    expect(read([checklist], { [checklist.id]: [DONT_KNOW, 'cac'] })).toEqual({ answers: {}, conflicts: [checklist.id] });
    expect(read([checklist], { [checklist.id]: [DONT_KNOW, NONE_OF_THESE] })).toEqual({ answers: {}, conflicts: [checklist.id] });
  });

  it('reads "I don\'t know" ticked alone on a checklist that allows it as the lone value, not a list', () => {
    expect(read([checklist], { [checklist.id]: [DONT_KNOW] }).answers).toEqual({ [checklist.id]: DONT_KNOW });
  });

  it('reads "I don\'t know" on a radio question that allows it', () => {
    expect(read([single], { [single.id]: [DONT_KNOW] }).answers).toEqual({ [single.id]: DONT_KNOW });
  });

  it('drops "I don\'t know" on the question that does not offer it', () => {
    expect(read([noDontKnow], { [noDontKnow.id]: [DONT_KNOW] })).toEqual({ answers: {}, conflicts: [] });
  });

  it('reads "Does not apply" only on a question that may not apply', () => {
    expect(read([mayNotApply], { [mayNotApply.id]: [NOT_APPLICABLE] }).answers).toEqual({ [mayNotApply.id]: NOT_APPLICABLE });
    expect(read([single], { [single.id]: [NOT_APPLICABLE] }).answers).toEqual({});
  });

  it('leaves a question unanswered when its value is not one of its options', () => {
    expect(read([single], { [single.id]: ['made-up'] })).toEqual({ answers: {}, conflicts: [] });
    expect(read([yesNo], { [yesNo.id]: ['maybe'] })).toEqual({ answers: {}, conflicts: [] });
  });

  it('leaves a checklist unanswered when one of its ticks is not one of its options', () => {
    expect(read([checklist], { [checklist.id]: ['churn', 'made-up'] })).toEqual({ answers: {}, conflicts: [] });
  });

  it('does not take a checklist option id as a radio answer of another question', () => {
    expect(read([single], { [single.id]: ['churn'] }).answers).toEqual({});
  });

  it('leaves a question with nothing posted unanswered', () => {
    expect(read(alignment, {})).toEqual({ answers: {}, conflicts: [] });
  });

  it('reads only the questions it is given, ignoring values posted for others', () => {
    const other = question('smart-goals-how-set');
    const asked: string[] = [];
    const result = readStepAnswers([single], (id) => {
      asked.push(id);
      return id === single.id ? ['verbal'] : id === other.id ? ['model'] : [];
    });
    expect(result.answers).toEqual({ [single.id]: 'verbal' });
    expect(asked).toEqual([single.id]);
  });

  it('reads a whole step: each question by its kind, the conflicts apart', () => {
    const posted = Object.fromEntries(
      alignment.map((x) => [x.id, x.kind === 'checklist' ? ['churn', NONE_OF_THESE] : [scoredOptions(x)[0]!.id]]),
    );
    const result = read(alignment, posted);
    expect(result.conflicts).toEqual([checklist.id]);
    expect(Object.keys(result.answers).sort()).toEqual(alignment.filter((x) => x.kind !== 'checklist').map((x) => x.id).sort());
    for (const x of alignment.filter((y) => y.kind !== 'checklist')) expect(result.answers[x.id]).toBe(scoredOptions(x)[0]!.id);
  });
});

/** Every question answered with its longest possible answer (a checklist with every box ticked). */
function longestAnswers(): DiagnosticState['answers'] {
  return Object.fromEntries(
    q.questions.map((x) => {
      if (x.kind === 'checklist') return [x.id, scoredOptions(x).map((o) => o.id)];
      const ids = [...scoredOptions(x).map((o) => o.id), ...(x.notApplicable ? [NOT_APPLICABLE] : []), ...(x.dontKnow ? [DONT_KNOW] : [])];
      return [x.id, ids.reduce((a, b) => (b.length > a.length ? b : a))];
    }),
  );
}

/**
 * Every figure of the numbers step typed as long as a person types it (thousands separators, decimals, a currency code),
 * and the two percent fields typed ambiguously ("1.234": 1.234 % or 1234 %) with their reading confirmed: only a
 * percent can be ambiguous (see `readNumberInput`), so only those carry a confirmed reading.
 */
function fullDraft(): MetricDraft {
  const typed = { count: '1.234.567', money: 'US$ 1.234.567,89', percent: '1.234', days: '1.234' } as const;
  const values = Object.fromEntries(METRIC_INPUT_FIELDS.map((field) => [field, typed[METRIC_INPUT_KINDS[field]]]));
  const chosen = Object.fromEntries(METRIC_INPUT_FIELDS.filter((field) => METRIC_INPUT_KINDS[field] === 'percent').map((field) => [field, { raw: '1.234', value: 1.234 }]));
  return { period: 'year', currency: 'USD', values, chosen };
}

function fullState(): DiagnosticState {
  const started = new Date('2025-03-10T12:00:00.000Z');
  return {
    answers: longestAnswers(),
    segment: { businessModel: 'b2c-subscription', dealSize: 'acv-100k-250k' },
    draft: fullDraft(),
    include: true,
    startToken: signStartToken('test-salt-0123456789', started),
    startedAt: started.toISOString(),
  };
}

const asCookie = (value: string) => `${DIAGNOSTIC_COOKIE}=${value}`;

describe('encodeDiagnosticState', () => {
  it('names the cookie revops-diagnostic', () => {
    expect(DIAGNOSTIC_COOKIE).toBe('revops-diagnostic');
  });

  it('round-trips a full state through readDiagnosticState', () => {
    const state = fullState();
    const encoded = encodeDiagnosticState(state);
    expect(encoded).not.toBeNull();
    expect(readDiagnosticState(asCookie(encoded!))).toEqual(state);
  });

  it('writes a value a Cookie header can carry: no separators, spaces or quotes', () => {
    const encoded = encodeDiagnosticState({ answers: { a: 'x; y=z "q"' }, segment: {} })!;
    expect(encoded).toMatch(/^[A-Za-z0-9%\-_.!~*'()]+$/);
    expect(readDiagnosticState(`theme=dark; ${asCookie(encoded)}`).answers).toEqual({ a: 'x; y=z "q"' });
  });

  it('fits the whole real diagnostic, with its longest answers and every figure typed, in one cookie', () => {
    expect(Object.keys(fullState().answers)).toHaveLength(33);
    expect(Object.keys(fullState().draft!.values)).toHaveLength(METRIC_INPUT_FIELDS.length);
    expect(Object.keys(fullState().draft!.chosen!)).toHaveLength(2);
    const encoded = encodeDiagnosticState(fullState());
    expect(encoded).not.toBeNull();
    expect(encoded!.length).toBeLessThan(3_800);
  });

  it('keeps the cookie under 4,096 bytes with its name and attributes', () => {
    expect(MAX_DIAGNOSTIC_COOKIE_BYTES).toBeLessThanOrEqual(3_800);
    const longest = `${DIAGNOSTIC_COOKIE}=${'x'.repeat(MAX_DIAGNOSTIC_COOKIE_BYTES)}; Path=/; SameSite=Lax; Max-Age=2592000; Secure`;
    expect(longest.length).toBeLessThan(4_096);
  });

  it('returns null for a state that would not fit in a cookie', () => {
    const answers = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`question-${i}`, 'an-answer-of-some-length-'.repeat(3)]));
    expect(encodeDiagnosticState({ answers, segment: {} })).toBeNull();
  });

  it('takes a value of exactly the maximum and refuses one byte more', () => {
    const base = encodeURIComponent(JSON.stringify({ answers: { a: '' }, segment: {} })).length;
    const at = (length: number) => encodeDiagnosticState({ answers: { a: 'x'.repeat(length - base) }, segment: {} });
    expect(at(MAX_DIAGNOSTIC_COOKIE_BYTES)).toHaveLength(MAX_DIAGNOSTIC_COOKIE_BYTES);
    expect(at(MAX_DIAGNOSTIC_COOKIE_BYTES + 1)).toBeNull();
  });

  it('counts the encoded length, not the characters: accented text takes more room', () => {
    const base = encodeURIComponent(JSON.stringify({ answers: { a: '' }, segment: {} })).length;
    // "é" is 6 bytes encoded (%C3%A9): a string that fits in plain letters does not fit in accented ones.
    const length = Math.floor((MAX_DIAGNOSTIC_COOKIE_BYTES - base) / 2);
    expect(encodeDiagnosticState({ answers: { a: 'e'.repeat(length) }, segment: {} })).not.toBeNull();
    expect(encodeDiagnosticState({ answers: { a: 'é'.repeat(length) }, segment: {} })).toBeNull();
  });
});
