import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/domain/report.ts';
import { lowestAnswers, pointsLost, rankRecommendations, recommendationHolds, triggeredByAnswer } from '../../src/domain/recommendation.ts';
import { scoredOptions } from '../../src/domain/question.ts';
import { LOCALES } from '../../src/domain/locale.ts';
import type { Answers } from '../../src/domain/scoring.ts';
import { realQuestionnaire, realSources, contentProblems } from '../helpers/content.ts';

const q = realQuestionnaire();
const question = (id: string) => q.questions.find((x) => x.id === id)!;
// A checklist's best answer ticks every option, its worst none.
const best = (id: string): Answers[string] =>
  question(id).kind === 'checklist' ? scoredOptions(question(id)).map((o) => o.id) : [...scoredOptions(question(id))].sort((a, b) => b.score - a.score)[0]!.id;
const worst = (id: string): Answers[string] =>
  question(id).kind === 'checklist' ? [] : [...scoredOptions(question(id))].sort((a, b) => a.score - b.score)[0]!.id;
const allBest = (): Answers => Object.fromEntries(q.questions.map((x) => [x.id, best(x.id)]));
const withAnswers = (changes: Answers): Answers => ({ ...allBest(), ...changes });
/** Points (0–100) of its area a question is worth: its weight over the area's. */
const share = (id: string) => (100 * question(id).weight) / q.questions.filter((x) => x.dimension === question(id).dimension).reduce((sum, x) => sum + x.weight, 0);
const recommendationIds = (answers: Answers) => buildReport(q, { answers }, 'en').recommendations.map((r) => r.id);

const problems = contentProblems;
const list = (data: unknown) => data as Record<string, any>[];

describe('answer-triggered recommendations', () => {
  for (const locale of LOCALES) {
    it(`recommends moving every opportunity into the CRM when sales log deals in spreadsheets (${locale})`, () => {
      const source = q.recommendations.find((r) => r.id === 'crm-single-source')!;
      const report = buildReport(q, { answers: withAnswers({ 'tooling-crm-single-source': 'spreadsheets' }) }, locale);
      expect(report.recommendations).toEqual([
        expect.objectContaining({ id: 'crm-single-source', dimension: 'tooling', title: source.title[locale], body: source.body[locale], questions: ['tooling-crm-single-source'] }),
      ]);
      const inCrm = buildReport(q, { answers: withAnswers({ 'tooling-crm-single-source': 'crm' }) }, locale);
      expect(inCrm.recommendations).toEqual([]);
    });

    it(`recommends logging why customers leave when nothing happens to that information (${locale})`, () => {
      const source = q.recommendations.find((r) => r.id === 'learn-from-churn')!;
      const report = buildReport(q, { answers: withAnswers({ 'decisions-churn-reasons': 'nothing' }) }, locale);
      expect(report.recommendations.map((r) => r.title)).toEqual([source.title[locale]]);
      expect(report.recommendations[0]!.dimensionName).toBe(q.dimensions.find((d) => d.id === 'decisions')!.name[locale]);
    });
  }

  it('lets several questions share one action: either missing owner calls for "name-metric-owners"', () => {
    expect(recommendationIds(withAnswers({ 'alignment-metric-owners': 'no' }))).toEqual(['name-metric-owners']);
    expect(recommendationIds(withAnswers({ 'decisions-drift-owner': 'no' }))).toEqual(['name-metric-owners']);
    const both = buildReport(q, { answers: withAnswers({ 'alignment-metric-owners': 'no', 'decisions-drift-owner': 'no' }) }, 'en');
    expect(both.recommendations).toHaveLength(1);
    expect(both.recommendations[0]!.questions).toEqual(['alignment-metric-owners', 'decisions-drift-owner']);
    // Both gaps add up: each question's share of its area's weight, × the area's weight.
    const weight = (id: string) => q.dimensions.find((d) => d.id === id)!.weight;
    expect(share('alignment-metric-owners')).toBeCloseTo(100 / 6, 6);
    expect(both.recommendations[0]!.impact).toBeCloseTo(share('alignment-metric-owners') * weight('alignment') + share('decisions-drift-owner') * weight('decisions'), 2);
  });

  it('ranks by dimension weight × points lost on the triggering answers', () => {
    const report = buildReport(q, { answers: withAnswers({ 'tooling-crm-single-source': 'mixed', 'alignment-revenue-breakdown': 'no' }) }, 'en');
    // "mixed" loses half of one of five tooling questions (10 points), "no" all of its alignment question (100 × 1 of the area's 6 weights).
    const round = (n: number) => Math.round(n * 100) / 100;
    expect(report.recommendations.map((r) => [r.id, r.impact])).toEqual([['split-revenue-by-type', round(share('alignment-revenue-breakdown'))], ['crm-single-source', 10]]);
  });

  it('falls back on the band’s default action for gaps no specific action addresses', () => {
    // "partly" triggers nothing specific: the tooling band's default covers the 10 points it loses.
    const report = buildReport(q, { answers: withAnswers({ 'tooling-admin-owner': 'partly' }) }, 'en');
    expect(report.recommendations).toEqual([expect.objectContaining({ id: 'tooling-high', dimension: 'tooling', band: 'high', impact: 10, questions: [] })]);
  });

  it('shows at most one per dimension and prefers the largest gap in it', () => {
    const report = buildReport(q, { answers: withAnswers({ 'tooling-crm-single-source': 'spreadsheets', 'tooling-admin-owner': 'no', 'tooling-bi-consolidation': 'spreadsheet' }) }, 'en');
    expect(report.recommendations.map((r) => r.dimension)).toEqual(['tooling']);
    expect(report.recommendations[0]!.id).toBe('crm-single-source');
  });

  it('never shows two recommendations of one theme, and lets content allow two of one dimension', () => {
    const ranked = rankRecommendations({
      dimensions: [{ id: 'tooling', weight: 1, score: 50, band: 'medium' }, { id: 'reporting', weight: 1, score: 50, band: 'medium' }],
      questions: q.questions.filter((x) => x.dimension === 'tooling' || x.dimension === 'reporting'),
      recommendations: [
        { id: 'a', dimension: 'tooling', when: [{ question: 'tooling-admin-owner', answer: ['no'] }], theme: 'same' },
        { id: 'b', dimension: 'reporting', when: [{ question: 'reporting-trends', answer: ['no'] }], theme: 'same' },
        { id: 'c', dimension: 'tooling', when: [{ question: 'tooling-crm-single-source', answer: ['spreadsheets'] }], shareDimension: true },
      ],
      context: { overall: 50, dimensions: { tooling: 50, reporting: 50 }, dontKnowShare: 0, answers: withAnswers({ 'tooling-admin-owner': 'no', 'reporting-trends': 'no', 'tooling-crm-single-source': 'spreadsheets' }) },
    });
    expect(ranked.map((r) => r.recommendation.id)).toEqual(['b', 'c']);
  });

  it('recommends nothing for an area without a score', () => {
    const answers = withAnswers(Object.fromEntries(q.questions.filter((x) => x.dimension === 'tooling').map((x) => [x.id, 'dont-know'])));
    expect(recommendationIds(answers)).toEqual([]);
  });

  it('counts the points a question loses within the answers that count', () => {
    const answers = withAnswers({ 'tooling-marketing-automation': 'not-applicable', 'tooling-crm-marketing-sync': 'not-applicable', 'tooling-admin-owner': 'no' });
    expect(pointsLost(q.questions, answers, 'tooling-admin-owner')).toBeCloseTo(100 / 3);
    expect(pointsLost(q.questions, answers, 'tooling-marketing-automation')).toBe(0);
    expect(pointsLost(q.questions, answers, 'unknown')).toBe(0);
    expect(pointsLost(q.questions, { ...answers, 'tooling-admin-owner': 'partly' }, 'tooling-admin-owner')).toBeCloseTo(50 / 3);
  });

  it('holds a recommendation only when every "when" and one "whenAny" condition hold', () => {
    const context = { overall: 50, dimensions: { tooling: 30 }, dontKnowShare: 0, answers: { x: 'a' } };
    expect(recommendationHolds({ id: 'r', dimension: 'tooling' }, context)).toBe(false);
    expect(recommendationHolds({ id: 'r', dimension: 'tooling', when: [{ question: 'x', answer: ['a'] }] }, context)).toBe(true);
    expect(recommendationHolds({ id: 'r', dimension: 'tooling', when: [{ question: 'x', answer: ['a'] }, { dimension: 'tooling', atLeast: 40 }] }, context)).toBe(false);
    expect(recommendationHolds({ id: 'r', dimension: 'tooling', whenAny: [{ question: 'x', answer: ['b'] }, { dimension: 'tooling', below: 40 }] }, context)).toBe(true);
    expect(recommendationHolds({ id: 'r', dimension: 'tooling', when: [{ question: 'x', answer: ['a'] }], whenAny: [{ question: 'x', answer: ['b'] }] }, context)).toBe(false);
  });

  it('knows when an answer alone is enough to trigger an item', () => {
    expect(triggeredByAnswer({ when: [{ question: 'x', answer: ['a', 'b'] }] }, 'x', 'a')).toBe(true);
    expect(triggeredByAnswer({ when: [{ question: 'x', answer: ['b'] }] }, 'x', 'a')).toBe(false);
    expect(triggeredByAnswer({ when: [{ question: 'y', answer: ['a'] }] }, 'x', 'a')).toBe(false);
    expect(triggeredByAnswer({ when: [{ question: 'x', answer: ['a'] }, { dimension: 'tooling', below: 40 }] }, 'x', 'a')).toBe(false);
    expect(triggeredByAnswer({ whenAny: [{ question: 'y', answer: ['a'] }, { question: 'x', answer: ['a'] }] }, 'x', 'a')).toBe(true);
    expect(triggeredByAnswer({ whenAny: [{ question: 'y', answer: ['a'] }] }, 'x', 'a')).toBe(false);
    expect(triggeredByAnswer({}, 'x', 'a')).toBe(false);
  });

  it('finds every lowest-scoring option, ties included', () => {
    expect(lowestAnswers([{ id: 'a', score: 1 }, { id: 'b', score: 0 }, { id: 'c', score: 0 }, { id: 'd', score: 4 }])).toEqual(['b', 'c']);
  });
});

describe('20 personas with different weak spots', () => {
  const personas: Record<string, Answers> = {
    'sales in spreadsheets': { 'tooling-crm-single-source': 'spreadsheets', 'data-quality-closed-deal-lag': 'over-a-week' },
    'gut-feel forecast': { 'decisions-forecast-method': 'rep-estimates', 'smart-goals-how-set': 'gut' },
    'no churn learning': { 'decisions-churn-reasons': 'nothing', 'cross-team-customer-feedback': 'it-doesnt' },
    'vague goals': { 'smart-goals-written-targets': 'none', 'smart-goals-review-cadence': 'rarely' },
    'goals only for sales': { 'smart-goals-team-targets': 'sales-only', 'cross-team-shared-revenue-goal': 'no' },
    'dirty CRM': { 'data-quality-duplicates': 'nothing', 'data-quality-complete-fields': 'under-25' },
    'unknown lead source': { 'data-quality-source-recorded': 'no', 'decisions-channel-budget': 'habit' },
    'numbers never match': { 'data-quality-numbers-match': 'never', 'alignment-shared-definitions': 'each-team-own' },
    'vanity metrics': { 'alignment-metrics-tied-to-goals': 'none', 'decisions-backed-by-analysis': 'few' },
    'no metric owners': { 'alignment-metric-owners': 'no', 'decisions-drift-owner': 'no', 'tooling-admin-owner': 'no' },
    'manual marketing handover': { 'tooling-crm-marketing-sync': 'manual', 'tooling-marketing-automation': 'none', 'cross-team-handoff-sla': 'no' },
    'late month-end': { 'reporting-month-close-lag': 'over-two-weeks', 'reporting-self-service': 'ask-someone' },
    'no funnel view': { 'reporting-full-funnel': 'no', 'reporting-trends': 'no', 'cross-team-pipeline-review': 'never' },
    'silos': { 'cross-team-pipeline-review': 'yearly', 'cross-team-qualified-lead': 'each-own', 'cross-team-customer-feedback': 'informally' },
    'spreadsheet BI': { 'tooling-bi-consolidation': 'spreadsheet', 'reporting-self-service': 'spreadsheets', 'alignment-revenue-breakdown': 'no' },
    'revenue not split': { 'alignment-revenue-breakdown': 'no', 'smart-goals-how-set': 'gut', 'decisions-churn-reasons': 'loss-logged' },
    'no forecast at all': { 'decisions-forecast-method': 'no-forecast', 'reporting-trends': 'no', 'data-quality-closed-deal-lag': 'sometimes-never' },
    'budget by habit': { 'decisions-channel-budget': 'habit', 'decisions-backed-by-analysis': 'none', 'data-quality-source-recorded': 'partly' },
    'half-way everywhere': Object.fromEntries(q.questions.map((x, i) => [x.id, i % 3 === 0 ? worst(x.id) : best(x.id)])),
    'weak everywhere': Object.fromEntries(q.questions.map((x) => [x.id, worst(x.id)])),
  };

  it('has 20 personas, each with a different set of answers', () => {
    expect(Object.keys(personas)).toHaveLength(20);
    expect(new Set(Object.values(personas).map((p) => JSON.stringify(p))).size).toBe(20);
  });

  it('gives at least 10 distinct top-3 sets, each following the persona’s own gaps', () => {
    const sets = new Set<string>();
    for (const [name, weak] of Object.entries(personas)) {
      const answers = withAnswers(weak);
      const report = buildReport(q, { answers }, 'es');
      expect(report.recommendations.length, name).toBeGreaterThan(0);
      expect(report.recommendations.length, name).toBeLessThanOrEqual(3);
      for (const rec of report.recommendations) {
        // Every action addresses an answer the persona gave below the best, or a gap in its dimension.
        for (const id of rec.questions ?? []) expect(answers[id], `${name}: ${rec.id}`).not.toBe(best(id));
        if ((rec.questions ?? []).length === 0) expect(report.dimensions.find((d) => d.id === rec.dimension)!.score, name).toBeLessThan(100);
      }
      expect(new Set(report.recommendations.map((r) => r.dimension)).size, name).toBe(report.recommendations.length);
      const impacts = report.recommendations.map((r) => r.impact);
      expect([...impacts].sort((a, b) => b - a), name).toEqual(impacts);
      sets.add(report.recommendations.map((r) => r.id).sort().join(' + '));
    }
    expect(sets.size).toBeGreaterThanOrEqual(10);
  });

  it('leads with an action at least as large as the persona’s largest single gap', () => {
    for (const [name, weak] of Object.entries(personas)) {
      const answers = withAnswers(weak);
      const report = buildReport(q, { answers }, 'en');
      const weight = (id: string) => q.dimensions.find((d) => d.id === question(id).dimension)!.weight;
      const largest = Math.max(...Object.keys(weak).map((id) => weight(id) * pointsLost(q.questions, answers, id)));
      expect(report.recommendations[0]!.impact, name).toBeGreaterThanOrEqual(Math.round(largest * 100) / 100);
    }
  });
});

describe('content checks on recommendations', () => {
  it('names the question file and question whose lowest answer triggers nothing', () => {
    const found = problems((s) => {
      s.recommendations.data = list(s.recommendations.data).filter((r) => r.id !== 'name-crm-admin');
    });
    const index = list(realSources().questions.find((f) => f.path.endsWith('tooling.yaml'))!.data).findIndex((x) => x.id === 'tooling-admin-owner');
    expect(found).toEqual([
      `content/questions/tooling.yaml: questions[${index}]: question "tooling-admin-owner": its lowest answer "no" triggers no recommendation (content/recommendations.yaml) or finding (content/rules.yaml); add one with when: [{question: tooling-admin-owner, answer: [no]}]`,
    ]);
  });

  it('counts a finding whose only condition is that answer', () => {
    expect(problems((s) => {
      s.recommendations.data = list(s.recommendations.data).filter((r) => r.id !== 'name-crm-admin');
      const rules = list(s.rules.data);
      rules.push({ ...rules[0], id: 'no-crm-admin', when: [{ question: 'tooling-admin-owner', answer: ['no'] }] });
    })).toEqual([]);
  });

  it('does not count an action that needs more than that answer', () => {
    const found = problems((s) => {
      const rec = list(s.recommendations.data).find((r) => r.id === 'name-crm-admin')!;
      rec.when = [{ question: 'tooling-admin-owner', answer: ['no'] }, { dimension: 'tooling', below: 40 }];
    });
    expect(found).toContainEqual(expect.stringMatching(/^content\/questions\/tooling\.yaml: questions\[\d+\]: question "tooling-admin-owner": its lowest answer "no" triggers no recommendation/));
  });

  it('refuses a recommendation with both a band and conditions, or neither', () => {
    expect(problems((s) => void (list(s.recommendations.data).find((r) => r.id === 'name-crm-admin')!.band = 'low'))).toContainEqual(
      expect.stringMatching(/^content\/recommendations\.yaml: recommendations\[\d+\]\.band: give either "band"/),
    );
    expect(problems((s) => void delete list(s.recommendations.data).find((r) => r.id === 'tooling-low')!.band)).toContainEqual(
      expect.stringMatching(/^content\/recommendations\.yaml: recommendations\[\d+\]: give "band" .* or "when"\/"whenAny"/),
    );
  });

  it('refuses duplicate ids, unknown questions, options and dimensions in conditions', () => {
    const found = problems((s) => {
      const recs = list(s.recommendations.data);
      const rec = recs.find((r) => r.id === 'crm-single-source')!;
      rec.when = [{ question: 'tooling-crm-single-source', answer: ['spreadsheets', 'excel'] }, { dimension: 'pricing', below: 40 }];
      recs.push({ ...recs[0], id: 'crm-single-source', when: [{ question: 'nope', answer: ['x'] }], band: undefined });
      delete recs.at(-1)!.band;
    });
    const index = list(realSources().recommendations.data).findIndex((r) => r.id === 'crm-single-source');
    const last = list(realSources().recommendations.data).length;
    expect(found).toEqual(expect.arrayContaining([
      `content/recommendations.yaml: recommendations[${last}].id: duplicate recommendation id "crm-single-source"`,
      `content/recommendations.yaml: recommendations[${index}].when[0].answer[1]: "excel" is not an answer of question "tooling-crm-single-source" (its answers: spreadsheets, mixed, crm, dont-know)`,
      expect.stringMatching(new RegExp(`^content/recommendations\\.yaml: recommendations\\[${index}\\]\\.when\\[1\\]\\.dimension: unknown dimension "pricing"`)),
      `content/recommendations.yaml: recommendations[${last}].when[0].question: unknown question "nope"`,
    ]));
  });

  it('still requires a default recommendation for every dimension and band', () => {
    expect(problems((s) => void (s.recommendations.data = list(s.recommendations.data).filter((r) => r.id !== 'reporting-medium')))).toEqual([
      'content/recommendations.yaml: recommendations: missing a recommendation for dimension "reporting", band "medium"',
    ]);
  });
});
