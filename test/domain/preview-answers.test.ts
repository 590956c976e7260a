import { describe, expect, it } from 'vitest';
import { previewAnswers, type PreviewQuestionnaire } from '../../src/domain/preview-answers.ts';
import { answerIssues, scoreAnswers, type Answers } from '../../src/domain/scoring.ts';
import { bandFor, offeredAnswers } from '../../src/domain/band.ts';
import { realQuestionnaire } from '../helpers/content.ts';

const q = realQuestionnaire();
const minKnownShare = q.bands.notAssessed.minKnownShare;
/** The real scoring of a set of answers. */
const scored = (answers: Answers) => scoreAnswers(q, answers, { minKnownShare });
const dimensionScore = (answers: Answers, id: string) => scored(answers).dimensions.find((d) => d.dimension === id)!.score;
const inBand = (band: { min: number; max: number }, score: number | null) => score !== null && score >= band.min && (score < band.max || (band.max === 100 && score === 100));

describe('previewAnswers', () => {
  describe.each(q.dimensions.map((d) => d.id))('the %s dimension', (dimension) => {
    it.each(q.bands.dimensions[dimension]!.map((band) => band.id))('lands in its %s band, every question answered with one of its own options', (bandId) => {
      const band = q.bands.dimensions[dimension]!.find((b) => b.id === bandId)!;
      const { answers, landings, misses } = previewAnswers(q, { dimensions: { [dimension]: { band: bandId } } });
      expect(answerIssues(q.questions, answers, { requireAll: true })).toEqual([]);
      const score = dimensionScore(answers, dimension);
      expect(inBand(band, score), `${dimension} scored ${score}, outside ${band.min}–${band.max}`).toBe(true);
      expect(landings.find((l) => l.scope === dimension)).toMatchObject({ score, band: bandId, reached: true });
      expect(misses).toEqual([]);
    });

    it('can be left not assessed', () => {
      const { answers, misses } = previewAnswers(q, { dimensions: { [dimension]: { notAssessed: true } } });
      expect(dimensionScore(answers, dimension)).toBeNull();
      expect(misses).toEqual([]);
    });
  });

  it.each(q.bands.overall.map((band) => band.id))('lands the overall score in its %s band through the free dimensions', (bandId) => {
    const band = q.bands.overall.find((b) => b.id === bandId)!;
    const { answers, landings, misses } = previewAnswers(q, { overall: { band: bandId } });
    expect(inBand(band, scored(answers).overall)).toBe(true);
    expect(landings[0]).toMatchObject({ scope: 'overall', band: bandId, reached: true });
    expect(misses).toEqual([]);
  });

  it('lands both a chosen dimension band and the overall band, when they can hold together', () => {
    const { answers, misses } = previewAnswers(q, { overall: { band: 'defined' }, dimensions: { 'data-quality': { band: 'low' } } });
    expect(misses).toEqual([]);
    expect(dimensionScore(answers, 'data-quality')).toBeLessThan(40);
    expect(bandFor(q.bands.overall, scored(answers).overall!).id).toBe('defined');
  });

  it('reaches an exact score where the answers allow one', () => {
    const { answers, misses } = previewAnswers(q, { dimensions: { alignment: { score: 57 } } });
    expect(dimensionScore(answers, 'alignment')).toBe(57);
    expect(misses).toEqual([]);
  });

  it('reports an exact score no answers give, with the nearest the real scoring gives, instead of claiming it', () => {
    // Every answer to the reporting questions, tried: which scores can the dimension take at all?
    const questions = q.questions.filter((question) => question.dimension === 'reporting');
    const possible = new Set<number | null>();
    const walk = (index: number, answers: Answers) => {
      if (index === questions.length) return void possible.add(dimensionScore(answers, 'reporting'));
      for (const answer of offeredAnswers(questions[index]!)) walk(index + 1, { ...answers, [questions[index]!.id]: answer });
    };
    walk(0, {});
    const impossible = [...Array(101).keys()].find((score) => !possible.has(score))!;
    expect(impossible).toBeDefined();

    const { answers, landings, misses } = previewAnswers(q, { dimensions: { reporting: { score: impossible } } });
    const given = dimensionScore(answers, 'reporting');
    expect(given).not.toBe(impossible);
    expect(Math.abs(given! - impossible)).toBeLessThanOrEqual(7);
    expect(misses).toEqual([{ scope: 'reporting', target: { score: impossible }, score: given, band: bandFor(q.bands.dimensions.reporting!, given!).id, reached: false }]);
    expect(landings.find((l) => l.scope === 'reporting')).toBe(misses[0]);
  });

  it('reports an overall band the chosen dimension bands rule out, and keeps the dimensions where they were asked', () => {
    const everyAreaLow = Object.fromEntries(q.dimensions.map((d) => [d.id, { band: 'low' }]));
    const { answers, misses } = previewAnswers(q, { overall: { band: 'optimized' }, dimensions: everyAreaLow });
    const overall = scored(answers).overall!;
    expect(overall).toBeLessThan(40);
    expect(misses).toEqual([{ scope: 'overall', target: { band: 'optimized' }, score: overall, band: bandFor(q.bands.overall, overall).id, reached: false }]);
    for (const d of q.dimensions) expect(dimensionScore(answers, d.id)).toBeLessThan(40);
  });

  it('reports a band no answers reach, and an unknown band, as missed', () => {
    // One yes-no question scores 0, 50 or 100: nothing lands in 55–60.
    const tiny: PreviewQuestionnaire = {
      dimensions: [{ id: 'only', weight: 1 }],
      questions: [{ id: 'only-q', dimension: 'only', kind: 'yes-no', notApplicable: false, dontKnow: false, weight: 1 }],
      bands: {
        overall: [{ id: 'all', min: 0, max: 100 }],
        dimensions: { only: [{ id: 'lower', min: 0, max: 55 }, { id: 'narrow', min: 55, max: 60 }, { id: 'upper', min: 60, max: 100 }] },
        notAssessed: { minKnownShare: 0.5 },
      },
    };
    const narrow = previewAnswers(tiny, { dimensions: { only: { band: 'narrow' } } });
    expect(narrow.misses.map((m) => [m.scope, m.reached])).toEqual([['only', false]]);
    expect([0, 50, 100]).toContain(narrow.misses[0]!.score);
    expect(previewAnswers(tiny, { dimensions: { only: { band: 'upper' } } }).misses).toEqual([]);
    expect(previewAnswers(tiny, { dimensions: { only: { band: 'missing' } } }).misses.map((m) => m.scope)).toEqual(['only']);
    // Not assessed needs an answer that is not known: this question offers none.
    expect(previewAnswers(tiny, { dimensions: { only: { notAssessed: true } } }).misses).toMatchObject([{ scope: 'only', score: 0, reached: false }]);
  });

  it('leaves the overall score not assessed when asked, and says so when the chosen dimensions make it impossible', () => {
    expect(scored(previewAnswers(q, { overall: { notAssessed: true } }).answers).overall).toBeNull();
    const allHigh = Object.fromEntries(q.dimensions.map((d) => [d.id, { band: 'high' }]));
    expect(previewAnswers(q, { overall: { notAssessed: true }, dimensions: allHigh }).misses.map((m) => m.scope)).toEqual(['overall']);
  });
});
