import { runs } from '../helpers/runs.ts';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/domain/report.ts';
import type { ContentSources } from '../../src/domain/questionnaire.ts';
import { canLeaveUnassessed, claimContradictions, claimHolds, highestDimensionScore, highestOverallScore, lowestDimensionScoreBound, offeredAnswers } from '../../src/domain/band.ts';
import { DONT_KNOW, NOT_APPLICABLE, scoredOptions } from '../../src/domain/question.ts';
import { LOCALES } from '../../src/domain/locale.ts';
import type { Answers } from '../../src/domain/scoring.ts';
import { realQuestionnaire, contentProblems } from '../helpers/content.ts';

const q = realQuestionnaire();
const reach = { dimensions: q.dimensions, questions: q.questions, minKnownShare: q.bands.notAssessed.minKnownShare };
const question = (id: string) => q.questions.find((x) => x.id === id)!;
const ranked = (id: string) => [...scoredOptions(question(id))].sort((a, b) => b.score - a.score);
// A checklist's best answer ticks every option, its worst none.
const best = (id: string) => (question(id).kind === 'checklist' ? ranked(id).map((o) => o.id) : ranked(id)[0]!.id);
const worst = (id: string) => (question(id).kind === 'checklist' ? [] : ranked(id).at(-1)!.id);
const allWith = (pick: (id: string) => Answers[string], fixed: Answers): Answers => ({ ...Object.fromEntries(q.questions.map((x) => [x.id, pick(x.id)])), ...fixed });

const problems = contentProblems;
const bandsOf = (s: ContentSources) => s.bands.data as { overall: Record<string, any>[]; dimensions: Record<string, Record<string, any>[]> };

describe('band texts against the answers that can reach them (real content)', () => {
  it('computes the highest reachable score exactly as scoring does, for every answer of every question', () => {
    for (const x of q.questions) {
      for (const answer of offeredAnswers(x)) {
        const report = buildReport(q, { answers: allWith(best, { [x.id]: answer }) }, 'en');
        const dimension = report.dimensions.find((d) => d.id === x.dimension)!;
        expect(highestDimensionScore(reach, x, answer), `${x.id}=${answer}`).toBe(dimension.score);
        const lowest = buildReport(q, { answers: allWith(worst, { [x.id]: answer }) }, 'en').dimensions.find((d) => d.id === x.dimension)!.score;
        if (lowest !== null) expect(lowestDimensionScoreBound(reach, x, answer), `${x.id}=${answer}`).toBeLessThanOrEqual(lowest);
      }
    }
  });

  it('declares only claims that every answer able to reach the band satisfies', () => {
    let checked = 0;
    for (const [dimension, bands] of Object.entries(q.bands.dimensions)) {
      for (const band of bands) {
        for (const x of q.questions.filter((y) => y.dimension === dimension)) {
          for (const answer of offeredAnswers(x)) {
            // The band is reachable with this answer when the dimension's score, other answers free, can fall in it.
            const high = buildReport(q, { answers: allWith(best, { [x.id]: answer }) }, 'en').dimensions.find((d) => d.id === dimension)!.score;
            const low = buildReport(q, { answers: allWith(worst, { [x.id]: answer }) }, 'en').dimensions.find((d) => d.id === dimension)!.score;
            if (high === null || high < band.min || (low ?? 0) >= (band.max === 100 ? Infinity : band.max)) continue;
            checked++;
            for (const claim of band.claims ?? []) {
              if (claim.question === x.id) expect(claimHolds(claim, x, answer), `${dimension}/${band.id} claims ${x.id}; ${answer} reaches it`).toBe(true);
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(q.questions.length * 3);
  });

  for (const locale of LOCALES) {
    it(`no longer tells a team logging deals in spreadsheets that data flows without manual work (${locale})`, () => {
      const report = buildReport(q, { answers: allWith(best, { 'tooling-crm-single-source': 'spreadsheets' }) }, locale);
      const tooling = report.dimensions.find((d) => d.id === 'tooling')!;
      expect(tooling.band?.id).toBe('high');
      expect(tooling.band?.summary).not.toMatch(/sin intervención manual|sem intervenção manual|without manual work/);
      expect(tooling.band?.summary).toBe(q.bands.dimensions.tooling!.at(-1)!.summary[locale]);
    });
  }

  it('keeps the high bands’ one claim true: most of the area’s practices are at least partly in place', () => {
    // Deterministic pseudo-random answers, every offered answer possible.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let seen = 0;
    const total = runs(3000);
    for (let run = 0; run < total; run++) {
      const bias = next();
      const answers: Answers = Object.fromEntries(q.questions.map((x) => {
        const offered = offeredAnswers(x);
        return [x.id, next() < bias ? best(x.id) : offered[Math.floor(next() * offered.length)]!];
      }));
      const report = buildReport(q, { answers }, 'en');
      for (const d of report.dimensions) {
        if (d.band?.id !== 'high') continue;
        seen++;
        const questions = q.questions.filter((x) => x.dimension === d.id);
        const inPlace = questions.filter((x) => scoredOptions(x).some((o) => o.id === answers[x.id] && o.score > 0)).length;
        expect(inPlace, `${d.id} ${JSON.stringify(answers)}`).toBeGreaterThan(questions.length / 2);
      }
      if (report.overall.band?.id === 'optimized') {
        const known = q.questions.filter((x) => answers[x.id] !== DONT_KNOW && answers[x.id] !== NOT_APPLICABLE);
        const inPlace = known.filter((x) => scoredOptions(x).some((o) => o.id === answers[x.id] && o.score > 0)).length;
        expect(inPlace, 'overall: most practices described are in place').toBeGreaterThan(known.length / 2);
      }
    }
    // A high band shows in about one answer set in ten.
    expect(seen).toBeGreaterThan(total / 30);
  });
});

describe('band claims in content', () => {
  const tooling = (s: ContentSources) => bandsOf(s).dimensions.tooling!;

  it('refuses a tooling high band claiming every opportunity is in the CRM, naming file, field and the answers that reach it', () => {
    const found = problems((s) => void (tooling(s)[2]!.claims = [{ question: 'tooling-crm-single-source', atLeast: 4 }]));
    expect(found).toEqual([
      'content/bands.yaml: dimensions.tooling[2].claims[0]: answer "spreadsheets" of question "tooling-crm-single-source" contradicts this claim, yet the "tooling" score can reach 80 with it, and band "high" starts at 70: rewrite the summary about the level as a whole, or drop the claim',
      'content/bands.yaml: dimensions.tooling[2].claims[0]: answer "mixed" of question "tooling-crm-single-source" contradicts this claim, yet the "tooling" score can reach 90 with it, and band "high" starts at 70: rewrite the summary about the level as a whole, or drop the claim',
      'content/bands.yaml: dimensions.tooling[2].claims[0]: answer "dont-know" of question "tooling-crm-single-source" contradicts this claim, yet the "tooling" score can reach 80 with it, and band "high" starts at 70: rewrite the summary about the level as a whole, or drop the claim',
    ]);
  });

  it('accepts a claim no contradicting answer can reach', () => {
    // With the high band from 85, "spreadsheets" (at most 80) and "I don't know" (80) cannot reach it.
    expect(problems((s) => {
      tooling(s)[1]!.max = 85;
      tooling(s)[2]!.min = 85;
      tooling(s)[2]!.claims = [{ question: 'tooling-crm-single-source', atLeast: 2 }];
    })).toEqual([]);
  });

  it('refuses a low band claiming an answer no better than a score when a better one can reach it', () => {
    const found = problems((s) => void (tooling(s)[0]!.claims = [{ question: 'tooling-crm-single-source', atMost: 2 }]));
    expect(found).toEqual([
      'content/bands.yaml: dimensions.tooling[0].claims[0]: answer "crm" of question "tooling-crm-single-source" contradicts this claim, yet the "tooling" score can be as low as 0 with it, and band "low" ends at 40: rewrite the summary about the level as a whole, or drop the claim',
      'content/bands.yaml: dimensions.tooling[0].claims[0]: answer "dont-know" of question "tooling-crm-single-source" contradicts this claim, yet the "tooling" score can reach 80 with it, and band "low" starts at 0: rewrite the summary about the level as a whole, or drop the claim',
    ]);
  });

  it('refuses an overall claim: an answer can leave its area unassessed and the rest at the top', () => {
    const found = problems((s) => void (bandsOf(s).overall.at(-1)!.claims = [{ question: 'tooling-crm-single-source', atLeast: 4 }]));
    expect(found).toContainEqual(expect.stringMatching(/^content\/bands\.yaml: overall\[3\]\.claims\[0\]: answer "spreadsheets" of question "tooling-crm-single-source" contradicts this claim, yet the overall score can reach 100 with it, and band "optimized" starts at 80/));
  });

  it('refuses claims about unknown questions or another area’s questions', () => {
    expect(problems((s) => void (tooling(s)[2]!.claims = [{ question: 'nope', atLeast: 4 }, { question: 'reporting-trends', atLeast: 4 }]))).toEqual([
      'content/bands.yaml: dimensions.tooling[2].claims[0].question: unknown question "nope"',
      'content/bands.yaml: dimensions.tooling[2].claims[1].question: question "reporting-trends" is in dimension "reporting": a "tooling" band cannot speak about it',
    ]);
    expect(problems((s) => void (tooling(s)[2]!.claims = [{ question: 'tooling-crm-single-source' }]))).toEqual([
      'content/bands.yaml: dimensions.tooling[2].claims[0]: give "atLeast", "atMost" or both',
    ]);
  });
});

describe('reach of an answer', () => {
  const crm = question('tooling-crm-single-source');
  const sync = question('tooling-crm-marketing-sync');

  it('holds a claim only for options within its bounds; "I don\'t know" and "Not applicable" contradict it', () => {
    expect(claimHolds({ question: crm.id, atLeast: 2 }, crm, 'mixed')).toBe(true);
    expect(claimHolds({ question: crm.id, atLeast: 2 }, crm, 'spreadsheets')).toBe(false);
    expect(claimHolds({ question: crm.id, atMost: 2 }, crm, 'crm')).toBe(false);
    expect(claimHolds({ question: crm.id, atLeast: 0, atMost: 4 }, crm, DONT_KNOW)).toBe(false);
    expect(claimHolds({ question: sync.id, atLeast: 0 }, sync, NOT_APPLICABLE)).toBe(false);
  });

  it('offers options, then "I don\'t know" and "Not applicable" where the question does', () => {
    expect(offeredAnswers(sync)).toEqual(['separate', 'manual', 'flaky', 'reliable', DONT_KNOW, NOT_APPLICABLE]);
    expect(offeredAnswers(crm)).toEqual(['spreadsheets', 'mixed', 'crm', DONT_KNOW]);
  });

  it('reaches 100 when a question does not apply, and nothing when it is the only question', () => {
    expect(highestDimensionScore(reach, sync, NOT_APPLICABLE)).toBe(100);
    const alone = { ...reach, questions: [sync] };
    expect(highestDimensionScore(alone, sync, NOT_APPLICABLE)).toBeNull();
    expect(highestDimensionScore(alone, sync, DONT_KNOW)).toBeNull();
    expect(highestDimensionScore(alone, sync, 'manual')).toBe(25);
  });

  it('knows an "I don\'t know" leaves the area unassessed when the known share cannot be met', () => {
    expect(highestDimensionScore({ ...reach, minKnownShare: 0.9 }, crm, DONT_KNOW)).toBeNull();
    expect(highestDimensionScore({ ...reach, minKnownShare: 0.8 }, crm, DONT_KNOW)).toBe(80);
  });

  it('knows when the other answers can leave an area unassessed', () => {
    expect(canLeaveUnassessed(reach, crm, 'spreadsheets')).toBe(true);
    const strict = { ...reach, questions: reach.questions.map((x) => (x.dimension === 'tooling' ? { ...x, dontKnow: false, notApplicable: false } : x)) };
    expect(canLeaveUnassessed(strict, crm, 'spreadsheets')).toBe(false);
    expect(canLeaveUnassessed({ ...strict, minKnownShare: 1 }, crm, DONT_KNOW)).toBe(true);
  });

  it('computes the highest overall score from the other areas at 100', () => {
    const strict = { ...reach, questions: reach.questions.map((x) => (x.dimension === 'tooling' ? { ...x, dontKnow: false, notApplicable: false } : x)) };
    const total = q.dimensions.reduce((sum, d) => sum + d.weight, 0);
    const weight = q.dimensions.find((d) => d.id === 'tooling')!.weight;
    expect(highestOverallScore(strict, crm, 'spreadsheets')).toBe(Math.round((100 * (total - weight) + weight * 80) / total));
    expect(highestOverallScore(reach, crm, 'spreadsheets')).toBe(100);
  });

  it('lists no contradiction for a band out of reach, and the score that shows one otherwise', () => {
    expect(claimContradictions(reach, 'tooling', { min: 85, max: 100 }, { question: crm.id, atLeast: 4 }, crm)).toEqual([{ answer: 'mixed', score: 90 }]);
    expect(claimContradictions(reach, 'tooling', { min: 0, max: 100 }, { question: crm.id, atLeast: 0 }, crm)).toEqual([{ answer: DONT_KNOW, score: 80 }]);
    expect(claimContradictions(reach, 'overall', { min: 0, max: 30 }, { question: crm.id, atMost: 0 }, crm).map((c) => c.answer)).toEqual(['mixed', 'crm', DONT_KNOW]);
  });
});
