import { describe, expect, it } from 'vitest';
import { previewAnswers, type PreviewQuestionnaire } from '../../src/domain/preview-answers.ts';
import type { ScorableQuestion } from '../../src/domain/question.ts';
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

// Small questionnaires, small enough to follow the search by hand: every expected answer below is what
// the documented search gives (lowest options first, raised one step at a time in question order until
// the score reaches its goal, then single changes, or pairs, that bring it nearer).

/** A scale question whose options are named by their score ('0' … '4'). */
const scale = (id: string, dimension: string, { weight = 1, scores = [0, 1, 2, 3, 4], dontKnow = false, notApplicable = false } = {}): ScorableQuestion => ({
  id, dimension, kind: 'scale', notApplicable, dontKnow, weight, options: scores.map((score) => ({ id: String(score), score })),
});
/** A checklist whose boxes are ticked in the order given, each worth its score. */
const checklist = (id: string, dimension: string, boxes: Record<string, number>): ScorableQuestion => ({
  id, dimension, kind: 'checklist', notApplicable: false, dontKnow: false, weight: 1, options: Object.entries(boxes).map(([box, score]) => ({ id: box, score })),
});
type Band = { id: string; min: number; max: number };
const THIRDS: Band[] = [{ id: 'low', min: 0, max: 40 }, { id: 'mid', min: 40, max: 70 }, { id: 'high', min: 70, max: 100 }];
/** The areas of the questions (or `areas`, in that order), weighted 1 unless `weights` says otherwise, with THIRDS for bands unless `bands` says otherwise (`null`: none). */
function small(questions: readonly ScorableQuestion[], options: { areas?: string[]; weights?: Record<string, number>; bands?: Record<string, Band[] | null>; overall?: Band[]; minKnownShare?: number } = {}): PreviewQuestionnaire {
  const areas = options.areas ?? [...new Set(questions.map((question) => question.dimension))];
  return {
    dimensions: areas.map((id) => ({ id, weight: options.weights?.[id] ?? 1 })),
    questions,
    bands: {
      overall: options.overall ?? THIRDS,
      dimensions: Object.fromEntries(areas.flatMap((id) => (options.bands?.[id] === null ? [] : [[id, options.bands?.[id] ?? THIRDS]]))),
      notAssessed: { minKnownShare: options.minKnownShare ?? 0.5 },
    },
  };
}
const smallScore = (questionnaire: PreviewQuestionnaire, answers: Answers) => scoreAnswers(questionnaire, answers, { minKnownShare: questionnaire.bands.notAssessed.minKnownShare });

describe('previewAnswers, followed by hand', () => {
  const four = ['a', 'b', 'c', 'd'].map((id) => scale(id, 'area'));

  it('raises the answers evenly from their lowest options, the first questions first, and stops as soon as the score reaches its goal', () => {
    // 0–4 each, four questions: every step up is 6.25 points; 2, 2, 1, 1 is 37.5, rounded to 38.
    const exact = previewAnswers(small(four), { dimensions: { area: { score: 38 } } });
    expect(exact.answers).toStrictEqual({ a: '2', b: '2', c: '1', d: '1' });
    expect(exact.landings).toEqual([
      { scope: 'overall', target: null, score: 38, band: 'low', reached: true },
      { scope: 'area', target: { score: 38 }, score: 38, band: 'low', reached: true },
    ]);
    expect(exact.misses).toEqual([]);
    // A band is aimed at its middle (40), and left alone once the score is in it (44), not pushed on to the middle.
    const bands = [{ id: 'low', min: 0, max: 30 }, { id: 'mid', min: 30, max: 50 }, { id: 'high', min: 50, max: 100 }];
    const band = previewAnswers(small(four, { bands: { area: bands } }), { dimensions: { area: { band: 'mid' } } });
    expect(band.answers).toStrictEqual({ a: '2', b: '2', c: '2', d: '1' });
    expect(band.landings[1]).toEqual({ scope: 'area', target: { band: 'mid' }, score: 44, band: 'mid', reached: true });
    expect(previewAnswers(small(four, { bands: { area: bands } }), { dimensions: { area: { band: 'high' } } }).answers).toStrictEqual({ a: '3', b: '3', c: '3', d: '3' });
  });

  it('goes on raising the other questions once one is at its highest option', () => {
    const questions: ScorableQuestion[] = [{ id: 'yn', dimension: 'area', kind: 'yes-no', notApplicable: false, dontKnow: false, weight: 1 }, scale('sc', 'area')];
    // Yes (100) with 3 of 4 (75): 87.5, rounded to 88, in 70–100.
    const { answers, landings } = previewAnswers(small(questions), { dimensions: { area: { band: 'high' } } });
    expect(answers).toStrictEqual({ yn: 'yes', sc: '3' });
    expect(landings[1]).toMatchObject({ score: 88, band: 'high', reached: true });
    // Options listed in any order are climbed from the lowest score.
    const shuffled = scale('sc', 'area', { scores: [3, 0, 4, 1, 2] });
    expect(previewAnswers(small([questions[0]!, shuffled]), { dimensions: { area: { band: 'high' } } }).answers).toStrictEqual({ yn: 'yes', sc: '3' });
  });

  it('climbs a checklist one more box at a time, in the order of its boxes', () => {
    // None, then CRM (25 of the area's 100, with the scale at 0), the scale at 1 (38), then both boxes: 62.5, rounded to 63.
    const questions = [checklist('tools', 'area', { crm: 1, bi: 1 }), scale('sc', 'area')];
    const bands = [{ id: 'low', min: 0, max: 55 }, { id: 'mid', min: 55, max: 70 }, { id: 'high', min: 70, max: 100 }];
    const { answers, landings } = previewAnswers(small(questions, { bands: { area: bands } }), { dimensions: { area: { band: 'mid' } } });
    expect(answers).toStrictEqual({ tools: ['crm', 'bi'], sc: '1' });
    expect(landings[1]).toMatchObject({ score: 63, band: 'mid', reached: true });
    // Every box ticked is the checklist's highest answer.
    const all = previewAnswers(small(questions), { dimensions: { area: { score: 100 } } });
    expect(all.answers).toStrictEqual({ tools: ['crm', 'bi'], sc: '4' });
    // The first box alone is a quarter of this checklist's points.
    const alone = previewAnswers(small([checklist('tools', 'area', { crm: 1, bi: 1, warehouse: 2 })]), { dimensions: { area: { score: 25 } } });
    expect(alone.answers).toStrictEqual({ tools: ['crm'] });
  });

  it('then makes the single change that brings the score nearest its goal, one at a time', () => {
    // Weights 3 and 1, each 0–4: climbing evenly passes 31 (2 and 1 give 44); 1 and 1 (25) is the nearest single change, then 1 and 2 give 31.
    const questions = [scale('heavy', 'area', { weight: 3 }), scale('light', 'area')];
    const { answers, landings } = previewAnswers(small(questions), { dimensions: { area: { score: 31 } } });
    expect(answers).toStrictEqual({ heavy: '1', light: '2' });
    expect(landings[1]).toMatchObject({ score: 31, reached: true });
  });

  it('picks the nearest of the changes, and the first of those equally near', () => {
    // From 4 and 1 (63), aiming at 50: 0 and 1 (13), 1 and 1 (25), 4 and 0 (50) and 4 and 4 (100) are one change away.
    const questions = ['p', 'q'].map((id) => scale(id, 'area', { scores: [0, 1, 4] }));
    expect(previewAnswers(small(questions), { dimensions: { area: { score: 50 } } }).answers).toStrictEqual({ p: '4', q: '0' });
    // Three questions 0–4 climbed to 3, 3 and 2 (67) aiming at 60, which no answers give: lowering any of them by one
    // gives 58, equally near; the first is lowered, and 58 reported.
    const three = ['x', 'y', 'z'].map((id) => scale(id, 'area'));
    const tie = previewAnswers(small(three), { dimensions: { area: { score: 60 } } });
    expect(tie.answers).toStrictEqual({ x: '2', y: '3', z: '2' });
    expect(tie.misses).toEqual([{ scope: 'area', target: { score: 60 }, score: 58, band: 'mid', reached: false }]);
  });

  it('reports the nearest score the answers give to one they cannot, and stays there', () => {
    // CRM alone is 25, both 100, none 0: 42 is missed at 25.
    const crmOrWarehouse = small([checklist('tools', 'area', { crm: 1, warehouse: 3 })]);
    const missed = previewAnswers(crmOrWarehouse, { dimensions: { area: { score: 42 } } });
    expect(missed.answers).toStrictEqual({ tools: ['crm'] });
    expect(missed.misses).toEqual([{ scope: 'area', target: { score: 42 }, score: 25, band: 'low', reached: false }]);
    // Weights 2 and 1, each 0–4: climbing passes 29 (2 and 1 give 42), 1 and 1 give 25; 1 and 2 (33) are as near, not nearer: it stays at 25.
    const weighted = small([scale('p', 'area', { weight: 2 }), scale('q', 'area')]);
    const stays = previewAnswers(weighted, { dimensions: { area: { score: 29 } } });
    expect(stays.answers).toStrictEqual({ p: '1', q: '1' });
    expect(stays.misses).toEqual([{ scope: 'area', target: { score: 29 }, score: 25, band: 'low', reached: false }]);
  });

  it('unticks a box when that brings a checklist nearer', () => {
    // Climbing gives CRM (25), CRM and BI (50), all three (100); 70–80 is reached by leaving CRM out.
    const bands = [{ id: 'low', min: 0, max: 70 }, { id: 'high', min: 70, max: 80 }, { id: 'top', min: 80, max: 100 }];
    const q1 = small([checklist('tools', 'area', { crm: 1, bi: 1, warehouse: 2 })], { bands: { area: bands } });
    expect(previewAnswers(q1, { dimensions: { area: { band: 'high' } } }).answers).toStrictEqual({ tools: ['bi', 'warehouse'] });
    // The nearest, not the first that helps: from all three (100), aiming at 45, leaving CRM out gives 71, the warehouse 43.
    const q2 = small([checklist('tools', 'area', { crm: 2, bi: 1, warehouse: 4 })], { bands: { area: [{ id: 'low', min: 0, max: 40 }, { id: 'mid', min: 40, max: 50 }, { id: 'high', min: 50, max: 100 }] } });
    expect(previewAnswers(q2, { dimensions: { area: { band: 'mid' } } }).answers).toStrictEqual({ tools: ['crm', 'bi'] });
  });

  it('tries a pair of changes only when no single change helps', () => {
    // CRM alone (33) is above 0–20; unticking it (0) helps, so BI for CRM (17, nearer the middle) is not tried.
    const tiny = small([checklist('tools', 'area', { crm: 2, bi: 1, warehouse: 3 })], { bands: { area: [{ id: 'low', min: 0, max: 20 }, { id: 'high', min: 20, max: 100 }] } });
    expect(previewAnswers(tiny, { dimensions: { area: { band: 'low' } } }).answers).toStrictEqual({ tools: [] });
  });

  it("lands on a band's bottom edge when the score stops on its top edge, the next band's, as far from its middle", () => {
    // One question, 0–4: 0, 25, 50, 75 or 100. Climbing to the middle of 25–50 (37.5) stops on 50, in the band above; 25 is as near.
    const bands = [{ id: 'low', min: 0, max: 25 }, { id: 'mid', min: 25, max: 50 }, { id: 'high', min: 50, max: 100 }];
    const one = small([scale('q', 'area')], { bands: { area: bands }, overall: bands });
    const area = previewAnswers(one, { dimensions: { area: { band: 'mid' } } });
    expect(area.answers).toStrictEqual({ q: '1' });
    expect(area.misses).toEqual([]);
    const overall = previewAnswers(one, { overall: { band: 'mid' } });
    expect(overall.landings[0]).toEqual({ scope: 'overall', target: { band: 'mid' }, score: 25, band: 'mid', reached: true });
    expect(overall.misses).toEqual([]);
    // CRM and BI (50) stop on the edge too; leaving either out gives 25: the first box is left out.
    const boxes = small([checklist('tools', 'area', { crm: 1, bi: 1, warehouse: 2 })], { bands: { area: bands } });
    expect(previewAnswers(boxes, { dimensions: { area: { band: 'mid' } } }).answers).toStrictEqual({ tools: ['bi'] });
  });

  it('ticks one box for another when no single change helps', () => {
    // The warehouse alone is 50, none is 0, and any second box 75: 25 is one box swapped for another.
    const tiny = small([checklist('tools', 'area', { warehouse: 2, crm: 1, bi: 1 })]);
    const { answers, misses } = previewAnswers(tiny, { dimensions: { area: { score: 25 } } });
    expect(answers).toStrictEqual({ tools: ['crm'] });
    expect(misses).toEqual([]);
  });

  it('answers an area whose band is unknown mid-scale, and reports it missed', () => {
    const questions = ['p', 'q'].map((id) => scale(id, 'area', { scores: [0, 1, 4] }));
    const { answers, landings, misses } = previewAnswers(small(questions), { dimensions: { area: { band: 'nope' } } });
    expect(answers).toStrictEqual({ p: '4', q: '0' });
    expect(landings[1]).toEqual({ scope: 'area', target: { band: 'nope' }, score: 50, band: 'mid', reached: false });
    expect(misses).toEqual([landings[1]]);
  });

  it('answers a free area mid-scale when the overall score has no target, whatever the other areas score', () => {
    const questionnaire = small([scale('a1', 'fixed'), scale('a2', 'fixed'), ...['p', 'q'].map((id) => scale(id, 'free', { scores: [0, 1, 4] }))]);
    const { answers, landings } = previewAnswers(questionnaire, { dimensions: { fixed: { band: 'high' } } });
    // The fixed area climbs to 4 and 3 (88); the free one to 4 and 1 (63), then back to 4 and 0: 50.
    expect(answers).toStrictEqual({ a1: '4', a2: '3', p: '4', q: '0' });
    expect(landings.map((l) => [l.scope, l.score, l.reached])).toEqual([['overall', 69, true], ['fixed', 88, true], ['free', 50, true]]);
  });

  it('gives the free areas the score the overall target needs of them, given the areas with a target of their own', () => {
    // The fixed area scores 88 (4 and 3); an overall 63 needs 38 of the free one (weights 1 and 1): 2 and 1, climbed evenly.
    const questionnaire = small([scale('a1', 'fixed'), scale('a2', 'fixed'), scale('f1', 'free'), scale('f2', 'free')]);
    const { answers, landings, misses } = previewAnswers(questionnaire, { overall: { score: 63 }, dimensions: { fixed: { band: 'high' } } });
    expect(answers).toStrictEqual({ a1: '4', a2: '3', f1: '2', f2: '1' });
    expect(landings.map((l) => [l.scope, l.score])).toEqual([['overall', 63], ['fixed', 88], ['free', 38]]);
    expect(misses).toEqual([]);
    // Weighted: the fixed area counts 3 times, so an overall 76 needs (4 × 76 − 3 × 88) ÷ 1 = 40 of the free one; it climbs
    // to 2 and 2 (50), and the nearest to 40 is 1 and 2 (38): (3 × 88 + 38) ÷ 4 = 75.5 rounds to 76.
    const weighted = previewAnswers(small(questionnaire.questions, { weights: { fixed: 3 } }), { overall: { score: 76 }, dimensions: { fixed: { band: 'high' } } });
    expect(weighted.answers).toStrictEqual({ a1: '4', a2: '3', f1: '1', f2: '2' });
    expect(weighted.landings[0]).toMatchObject({ score: 76, reached: true });
    // The free area counting twice: an overall 46 needs (3 × 46 − 88) ÷ 2 = 25 of it: 1 and 1.
    const heavyFree = previewAnswers(small(questionnaire.questions, { weights: { free: 2 } }), { overall: { score: 46 }, dimensions: { fixed: { band: 'high' } } });
    expect(heavyFree.answers).toStrictEqual({ a1: '4', a2: '3', f1: '1', f2: '1' });
    expect(heavyFree.landings[0]).toMatchObject({ score: 46, reached: true });
    // More than a free area can give: it answers its highest; less than it can: its lowest.
    expect(previewAnswers(questionnaire, { overall: { score: 94 }, dimensions: { fixed: { band: 'high' } } }).answers).toMatchObject({ f1: '4', f2: '4' });
    expect(previewAnswers(questionnaire, { overall: { score: 44 }, dimensions: { fixed: { band: 'high' } } }).answers).toMatchObject({ f1: '0', f2: '0' });
  });

  it('moves the free areas on until the overall score reaches its target, and no further once it is in its band', () => {
    // Two free areas, 0–4 twice each: aiming at 44, each climbs to 2 and 2 (50; 1 and 2 give 38, no nearer); the overall 50 then
    // comes to 44 with one answer lowered.
    const two = small([scale('a1', 'a'), scale('a2', 'a'), scale('b1', 'b'), scale('b2', 'b')]);
    const exact = previewAnswers(two, { overall: { score: 44 } });
    expect(exact.answers).toStrictEqual({ a1: '1', a2: '2', b1: '2', b2: '2' });
    expect(exact.landings.map((l) => l.score)).toEqual([44, 38, 50]);
    // Two Yes/No areas aiming at 70, the middle of 40–100: Partly (50) is the nearest each gives, and the overall 50 is in the band,
    // so neither moves to Yes, though one Yes (75) would be nearer 70.
    const yesNo = (id: string): ScorableQuestion => ({ id, dimension: id, kind: 'yes-no', notApplicable: false, dontKnow: false, weight: 1 });
    const halves = [{ id: 'low', min: 0, max: 40 }, { id: 'high', min: 40, max: 100 }];
    const inBand = previewAnswers(small([yesNo('a'), yesNo('b')], { overall: halves }), { overall: { band: 'high' } });
    expect(inBand.answers).toStrictEqual({ a: 'partly', b: 'partly' });
    expect(inBand.landings[0]).toMatchObject({ score: 50, band: 'high', reached: true });
  });

  it('counts an area left not assessed for nothing in what the free areas need, even with some known answers', () => {
    // One known answer (its lowest, as no "I don't know" is offered) of three: below the half needed, so the area has no score.
    const unknown = [scale('n1', 'unassessed'), scale('n2', 'unassessed', { dontKnow: true }), scale('n3', 'unassessed', { dontKnow: true })];
    const questionnaire = small([...unknown, ...['f1', 'f2', 'f3', 'f4'].map((id) => scale(id, 'free'))]);
    const { answers, landings, misses } = previewAnswers(questionnaire, { overall: { score: 50 }, dimensions: { unassessed: { notAssessed: true } } });
    expect(answers).toStrictEqual({ n1: '0', n2: 'dont-know', n3: 'dont-know', f1: '2', f2: '2', f3: '2', f4: '2' });
    expect(landings).toEqual([
      { scope: 'overall', target: { score: 50 }, score: 50, band: 'mid', reached: true },
      { scope: 'unassessed', target: { notAssessed: true }, score: null, band: null, reached: true },
      { scope: 'free', target: null, score: 50, band: 'mid', reached: true },
    ]);
    expect(misses).toEqual([]);
  });

  it('moves the areas with a band of their own, within it, when the free areas cannot bring the overall score into its band', () => {
    // Both areas low (under 60): each aims at 30 and climbs to 2 and 1 (38), overall 38; the overall band 40–60 is reached by one more step, still under 60.
    const bands = [{ id: 'low', min: 0, max: 60 }, { id: 'high', min: 60, max: 100 }];
    const overall = [{ id: 'low', min: 0, max: 40 }, { id: 'mid', min: 40, max: 60 }, { id: 'high', min: 60, max: 100 }];
    // A third area, left not assessed, takes no part.
    const questionnaire = small([scale('a1', 'a'), scale('a2', 'a'), scale('b1', 'b'), scale('b2', 'b'), scale('c1', 'c', { dontKnow: true })], { bands: { a: bands, b: bands }, overall });
    const { answers, landings, misses } = previewAnswers(questionnaire, { overall: { band: 'mid' }, dimensions: { a: { band: 'low' }, b: { band: 'low' }, c: { notAssessed: true } } });
    expect(answers).toStrictEqual({ a1: '3', a2: '1', b1: '2', b2: '1', c1: 'dont-know' });
    expect(landings.map((l) => [l.scope, l.score, l.band])).toEqual([['overall', 44, 'mid'], ['a', 50, 'low'], ['b', 38, 'low'], ['c', null, null]]);
    expect(misses).toEqual([]);
  });

  it('answers every question when the overall score is to be not assessed, as few of them known as the questions allow', () => {
    const questionnaire = small([
      scale('dk', 'first', { dontKnow: true, notApplicable: true }),
      scale('na', 'first', { notApplicable: true, scores: [1, 0, 2] }),
      scale('only', 'second', { scores: [3, 1, 2] }),
      checklist('tools', 'second', { crm: 1, bi: 1 }),
    ], { minKnownShare: 0.75 });
    const { answers, landings, misses } = previewAnswers(questionnaire, { overall: { notAssessed: true } });
    expect(answers).toStrictEqual({ dk: 'dont-know', na: 'not-applicable', only: '1', tools: [] });
    expect(smallScore(questionnaire, answers).overall).toBeNull();
    expect(landings[0]).toEqual({ scope: 'overall', target: { notAssessed: true }, score: null, band: null, reached: true });
    expect(landings[1]).toEqual({ scope: 'first', target: null, score: null, band: null, reached: true });
    expect(misses).toEqual([]);
  });

  it('reports a band or score asked of an area no question scores as missed, and the overall score too when nothing is assessed', () => {
    const questionnaire = small([scale('q1', 'area', { dontKnow: true })], { areas: ['empty', 'area'] });
    const { landings, misses } = previewAnswers(questionnaire, { overall: { band: 'low' }, dimensions: { empty: { band: 'low' }, area: { notAssessed: true } } });
    expect(landings).toEqual([
      { scope: 'overall', target: { band: 'low' }, score: null, band: null, reached: false },
      { scope: 'empty', target: { band: 'low' }, score: null, band: null, reached: false },
      { scope: 'area', target: { notAssessed: true }, score: null, band: null, reached: true },
    ]);
    expect(misses.map((m) => m.scope)).toEqual(['overall', 'empty']);
    expect(previewAnswers(questionnaire, { dimensions: { empty: { score: 0 } } }).misses.map((m) => m.scope)).toEqual(['empty']);
  });

  it('lands an area without bands of its own on a score, with no band to name', () => {
    const questionnaire = small([scale('a', 'unbanded'), scale('b', 'unbanded')], { bands: { unbanded: null } });
    const exact = previewAnswers(questionnaire, { dimensions: { unbanded: { score: 25 } } });
    expect(exact.answers).toStrictEqual({ a: '1', b: '1' });
    expect(exact.landings[1]).toEqual({ scope: 'unbanded', target: { score: 25 }, score: 25, band: null, reached: true });
    // No band of its own to be in: a band asked of it is missed, the area answered mid-scale.
    const band = previewAnswers(questionnaire, { dimensions: { unbanded: { band: 'low' } } });
    expect(band.landings[1]).toEqual({ scope: 'unbanded', target: { band: 'low' }, score: 50, band: null, reached: false });
  });
});
