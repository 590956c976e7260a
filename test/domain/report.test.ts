import { describe, expect, it } from 'vitest';
import { buildReport, reportQuestionnaire } from '../../src/domain/report.ts';
import { localize } from '../../src/domain/locale.ts';
import { DONT_KNOW, NOT_APPLICABLE, scoredOptions } from '../../src/domain/question.ts';
import { LOCALES } from '../../src/domain/locale.ts';
import { METRIC_IDS, METRIC_UNITS } from '../../src/domain/metrics.ts';
import type { Answer, Answers } from '../../src/domain/scoring.ts';
import { realQuestionnaire } from '../helpers/content.ts';

const q = realQuestionnaire();
const question = (id: string) => q.questions.find((x) => x.id === id)!;
// A checklist's best answer ticks every option, its worst none of them.
const best = (id: string): Answer =>
  question(id).kind === 'checklist' ? scoredOptions(question(id)).map((o) => o.id) : [...scoredOptions(question(id))].sort((a, b) => b.score - a.score)[0]!.id;
const worst = (id: string): Answer => (question(id).kind === 'checklist' ? [] : [...scoredOptions(question(id))].sort((a, b) => a.score - b.score)[0]!.id);
const allAnswers = (pick: (id: string, dimension: string) => Answer): Answers =>
  Object.fromEntries(q.questions.map((x) => [x.id, pick(x.id, x.dimension)]));

describe('buildReport', () => {
  it('records the questionnaire version and locale', () => {
    const report = buildReport(q, { answers: {} }, 'pt');
    expect(report.questionnaireVersion).toBe(q.version);
    expect(report.locale).toBe('pt');
    expect(report.overall.score).toBeNull();
  });

  it('gives 100 and the top band when every answer is the best', () => {
    const report = buildReport(q, { answers: allAnswers(best) }, 'es');
    expect(report.overall.score).toBe(100);
    expect(report.overall.band?.id).toBe(q.bands.overall.at(-1)!.id);
    expect(report.recommendations).toEqual([]);
  });

  it('writes the report in the requested language', () => {
    const es = buildReport(q, { answers: allAnswers(worst) }, 'es');
    const en = buildReport(q, { answers: allAnswers(worst) }, 'en');
    expect(es.dimensions[0]!.name).toBe(q.dimensions[0]!.name.es);
    expect(en.dimensions[0]!.name).toBe(q.dimensions[0]!.name.en);
    expect(en.overall.band?.label).toBe(q.bands.overall[0]!.label.en);
  });

  it('orders the top three recommendations by impact, one per dimension, each following an answer below the best', () => {
    const report = buildReport(q, { answers: allAnswers((id, dim) => (dim === 'tooling' ? best(id) : worst(id))) }, 'es');
    expect(report.recommendations).toHaveLength(3);
    const impacts = report.recommendations.map((r) => r.impact);
    expect([...impacts].sort((a, b) => b - a)).toEqual(impacts);
    expect(new Set(report.recommendations.map((r) => r.dimension)).size).toBe(3);
    expect(report.recommendations.map((r) => r.dimension)).not.toContain('tooling');
    for (const rec of report.recommendations) {
      const source = q.recommendations.find((r) => r.id === rec.id)!;
      expect(rec.title).toBe(source.title.es);
      expect(rec.questions!.length).toBeGreaterThan(0);
      for (const id of rec.questions!) expect(id).not.toMatch(/^tooling-/);
    }
  });

  it('finds "tool sprawl" when tooling is strong and data quality weak', () => {
    const answers = allAnswers((id, dim) => (dim === 'tooling' ? best(id) : dim === 'data-quality' ? worst(id) : best(id)));
    const report = buildReport(q, { answers }, 'en');
    expect(report.findings.map((f) => f.id)).toContain('tool-sprawl');
    const none = buildReport(q, { answers: allAnswers(best) }, 'en');
    expect(none.findings.map((f) => f.id)).not.toContain('tool-sprawl');
  });

  it('compares metrics with the benchmark of the visitor segment, with source and year', () => {
    const report = buildReport(
      q,
      {
        answers: {},
        segment: { businessModel: 'saas', dealSize: 'acv-under-12k' },
        metricInputs: { period: 'year', mrrAtStart: 100_000, churnedMrr: 5_000, contractionMrr: 0, expansionMrr: 0 },
      },
      'es',
    );
    const nrr = report.metrics.find((m) => m.id === 'nrr')!;
    expect(nrr.value).toBeCloseTo(0.95, 10);
    expect(nrr.benchmark).toMatchObject({ verdict: 'worse-than-median', tone: 'worse', quality: 'solid', source: { publisher: 'SaaS Capital', year: 2023 } });
    expect(nrr.working?.numbers).toContain('100.000');
  });

  it('says there is no sourced benchmark when the segment has none', () => {
    const report = buildReport(
      q,
      { answers: {}, segment: { businessModel: 'b2b-services' }, metricInputs: { period: 'month', mrrAtStart: 100, churnedMrr: 1, contractionMrr: 0, expansionMrr: 0 } },
      'es',
    );
    expect(report.metrics.find((m) => m.id === 'nrr')!.benchmark).toBeNull();
  });

  it('shows the working of a computed metric', () => {
    const report = buildReport(q, { answers: {}, metricInputs: { period: 'month', customersAtStart: 200, customersLost: 6 } }, 'en');
    const churn = report.metrics.find((m) => m.id === 'monthlyChurnRate')!;
    expect(churn.working?.numbers).toBe('6 ÷ 200 = 3%');
    expect(report.metrics.find((m) => m.id === 'clv')!.value).toBeNull();
  });
});

describe('reportQuestionnaire', () => {
  it('leaves out what a Report never reads, and builds the same Report', () => {
    const q = realQuestionnaire();
    const answers: Answers = Object.fromEntries(q.questions.map((question) => [question.id, scoredOptions(question)[0]!.id]));
    for (const locale of LOCALES) {
      const full = localize(q, locale);
      const sent = reportQuestionnaire(full);
      expect(Object.keys(sent).sort()).toEqual(Object.keys(full).filter((key) => !['emails', 'workspace', 'duration', 'consultancy'].includes(key)).sort());
      // The masterclass sessions' joining links go to registrants only.
      expect('sessions' in sent.offer).toBe(false);
      for (const session of full.offer.sessions) expect(JSON.stringify(sent)).not.toContain(session.joinUrl);
      expect(buildReport(sent, { answers }, locale)).toEqual(buildReport(q, { answers }, locale));
      // Varied answers too, so findings and recommendations that read answers are built alike.
      const varied: Answers = Object.fromEntries(q.questions.map((question, i) => { const options = scoredOptions(question); return [question.id, options[(i * 3) % options.length]!.id]; }));
      expect(buildReport(sent, { answers: varied }, locale)).toEqual(buildReport(q, { answers: varied }, locale));
      // The wording of the questions and other pages' texts stay on the server.
      expect(sent.questions.some((question) => 'text' in question || 'help' in question)).toBe(false);
      for (const page of ['metrics', 'errors', 'masterclass', 'not-found', 'erase', 'unsubscribe']) expect(Object.keys(sent.ui)).not.toContain(page);
      expect(JSON.stringify(sent)).not.toContain(full.questions[0]!.text);
    }
  });
});

describe('buildReport when the answers say too little', () => {
  /** "I don't know" wherever it is offered; elsewhere the worst option (a visitor must pick something). */
  const dontKnowOr = (pick: (id: string) => Answer) => (id: string) => (q.questions.find((x) => x.id === id)!.dontKnow ? DONT_KNOW : pick(id));
  const onlyDontKnow = q.dimensions.filter((d) => q.questions.filter((x) => x.dimension === d.id).every((x) => x.dontKnow)).map((d) => d.id);

  for (const locale of LOCALES) {
    it(`assesses nothing when every answer it can be is "I don't know" (${locale})`, () => {
      const report = buildReport(q, { answers: allAnswers(dontKnowOr(worst)) }, locale);
      expect(report.overall.score).toBeNull();
      expect(report.overall.band).toBeNull();
      expect(report.overall.notAssessed?.label).toBe(q.bands.notAssessed.overall.label[locale]);
      const known = q.questions.filter((x) => !x.dontKnow).length;
      expect(report.overall.notAssessed?.summary).toContain(String(known));
      expect(report.overall.notAssessed?.summary).toContain(String(q.questions.length));
      expect(report.overall.notAssessed?.summary).not.toMatch(/\{\w+\}/);
      expect(report.overall.notAssessed?.recommendation.title).toBe(q.bands.notAssessed.overall.recommendation.title[locale]);
      expect(onlyDontKnow.length).toBeGreaterThanOrEqual(6);
      // Every area, also one with a question that offers no "I don't know" (one known answer is too few).
      for (const dimension of report.dimensions) {
        expect(dimension, dimension.id).toMatchObject({ score: null, band: null, notAssessed: { label: q.bands.notAssessed.dimension.label[locale] } });
      }
      // No band text, finding or recommendation speaks of a level nobody described.
      expect(report.recommendations).toEqual([]);
      const dimensionRules = q.rules.filter((rule) => rule.when.every((c) => 'dimension' in c)).map((rule) => rule.id);
      expect(report.findings.map((f) => f.id).filter((id) => dimensionRules.includes(id))).toEqual([]);
      expect(report.dontKnow.count).toBe(q.questions.length - known);
    });

    it(`leaves out only the dimension answered "I don't know" throughout and scores the others (${locale})`, () => {
      const answers = allAnswers((id, dimension) => (dimension === 'data-quality' ? DONT_KNOW : best(id)));
      const report = buildReport(q, { answers }, locale);
      const dataQuality = report.dimensions.find((d) => d.id === 'data-quality')!;
      expect(dataQuality).toMatchObject({ score: null, band: null, dontKnow: dataQuality.total });
      expect(dataQuality.notAssessed?.summary).toBe(q.bands.notAssessed.dimension.summary[locale]);
      for (const d of report.dimensions.filter((x) => x.id !== 'data-quality')) {
        expect(d).toMatchObject({ score: 100, notAssessed: null });
        expect(d.band?.label).toBe(q.bands.dimensions[d.id]!.at(-1)!.label[locale]);
      }
      // The overall is the mean of the assessed dimensions, not pulled down by zeros nobody chose.
      expect(report.overall).toMatchObject({ score: 100, notAssessed: null });
      expect(report.recommendations.map((r) => r.dimension)).not.toContain('data-quality');
    });
  }

  it('counts "not applicable" as neither known nor unknown', () => {
    const answers = allAnswers((id, dimension) => {
      const question = q.questions.find((x) => x.id === id)!;
      if (dimension !== 'tooling') return best(id);
      return question.notApplicable ? NOT_APPLICABLE : DONT_KNOW;
    });
    const report = buildReport(q, { answers }, 'es');
    expect(report.dimensions.find((d) => d.id === 'tooling')!.notAssessed).not.toBeNull();
    expect(report.overall.notAssessed).toBeNull();
  });

  it(`assesses the whole from the content's share of known answers (${q.bands.notAssessed.minKnownShare * 100} %)`, () => {
    const share = q.bands.notAssessed.minKnownShare;
    const needed = Math.ceil(share * q.questions.length);
    const answersWith = (known: number) => {
      // Known answers first, then "I don't know" where offered (the rest, known anyway, are counted).
      const ordered = [...q.questions].sort((a, b) => Number(a.dontKnow) - Number(b.dontKnow));
      return Object.fromEntries(ordered.map((x, i) => [x.id, i < known || !x.dontKnow ? best(x.id) : DONT_KNOW]));
    };
    expect(buildReport(q, { answers: answersWith(needed) }, 'en').overall.score).not.toBeNull();
    const below = buildReport(q, { answers: answersWith(needed - 1) }, 'en');
    expect(below.overall.score).toBeNull();
    expect(below.overall.notAssessed?.summary).toContain(`of the ${q.questions.length} questions`);
    expect(below.overall.notAssessed?.summary).toContain(`you answered ${needed - 1} with`);
  });
});

describe('number formatting', () => {
  it('formats in each locale style', async () => {
    const { formatNumber, formatMetricValue } = await import('../../src/domain/format.ts');
    expect(formatNumber(12500.5, 'es')).toBe('12.500,5');
    expect(formatNumber(12500.5, 'en')).toBe('12,500.5');
    expect(formatNumber(12500.5, 'pt')).toBe('12.500,5');
    expect(formatMetricValue('monthlyChurnRate', 0.0306, 'es')).toBe('3,1\u00a0%');
    expect(formatMetricValue('monthlyChurnRate', 0.0306, 'en')).toBe('3.1%');
    expect(formatMetricValue('cac', 5000.4, 'en')).toBe('5,000');
  });
});

describe('buildReport metrics', () => {
  it('has no metrics and no currency when the visitor gave no numbers', () => {
    for (const metricInputs of [undefined, null]) {
      const report = buildReport(q, { answers: {}, metricInputs }, 'es');
      expect(report.metrics).toEqual([]);
      expect(report.currency).toBeNull();
    }
  });

  it('lists every metric in display order, named in the visitor’s language, with its unit', () => {
    const report = buildReport(q, { answers: {}, metricInputs: { period: 'month', currency: 'MXN', leads: 400, newCustomers: 8 } }, 'pt');
    expect(report.metrics.map((m) => m.id)).toEqual([...METRIC_IDS]);
    for (const metric of report.metrics) {
      expect(metric.name).toBe(q.ui.metric[metric.id].pt);
      expect(metric.unit).toBe(METRIC_UNITS[metric.id]);
    }
    expect(report.currency).toBe('MXN');
  });

  it('gives each metric its value, the inputs it still needs and its working', () => {
    const report = buildReport(q, { answers: {}, metricInputs: { period: 'month', leads: 400, newCustomers: 8, salesAndMarketingSpend: 0 } }, 'en');
    const metric = (id: string) => report.metrics.find((m) => m.id === id)!;
    expect(metric('conversionRate')).toMatchObject({ value: 0.02, missing: [], working: { numbers: '8 ÷ 400 = 2%' } });
    expect(metric('cac')).toMatchObject({ value: 0, missing: [], working: { numbers: '0 ÷ 8 = 0' } });
    expect(metric('clv')).toMatchObject({ value: null, missing: ['arpa', 'grossMarginPct', 'customersAtStart', 'customersLost'], working: null });
    expect(metric('grr').missing).toEqual(['mrrAtStart', 'churnedMrr', 'contractionMrr']);
  });

  it('a metric that fails on a zero has no value, nothing missing and no working', () => {
    const report = buildReport(q, { answers: {}, metricInputs: { period: 'month', leads: 0, newCustomers: 0 } }, 'es');
    expect(report.metrics.find((m) => m.id === 'conversionRate')).toMatchObject({ value: null, missing: [], working: null });
  });

  it('reads the numbers of reports stored with the earlier "customers won" key', () => {
    const report = buildReport(q, { answers: {}, metricInputs: { period: 'month', leads: 400, customersWon: 8 } as never }, 'es');
    expect(report.metrics.find((m) => m.id === 'conversionRate')).toMatchObject({ value: 0.02, missing: [] });
  });
});

describe('buildReport segment and answers', () => {
  it('records the segment, with null for what was not given', () => {
    expect(buildReport(q, { answers: {} }, 'es').segment).toEqual({ businessModel: null, dealSize: null });
    expect(buildReport(q, { answers: {}, segment: { businessModel: 'saas' } }, 'es').segment).toEqual({ businessModel: 'saas', dealSize: null });
    expect(buildReport(q, { answers: {}, segment: { businessModel: 'saas', dealSize: 'acv-under-12k' } }, 'es').segment).toEqual({
      businessModel: 'saas',
      dealSize: 'acv-under-12k',
    });
  });

  it('counts the "I don\'t know" answers and their share of the questions that apply', () => {
    const first = q.questions.find((x) => x.dontKnow)!;
    const answers = allAnswers((id) => (id === first.id ? DONT_KNOW : best(id)));
    const report = buildReport(q, { answers }, 'es');
    expect(report.dontKnow).toEqual({ count: 1, share: 1 / q.questions.length });
    const dimension = report.dimensions.find((d) => d.id === first.dimension)!;
    expect(dimension.dontKnow).toBe(1);
    expect(dimension.total).toBe(q.questions.filter((x) => x.dimension === first.dimension).length);
    expect(dimension.weight).toBe(q.dimensions.find((d) => d.id === first.dimension)!.weight);
  });

  it('gives each scored dimension its band in the visitor’s language', () => {
    const report = buildReport(q, { answers: allAnswers(worst) }, 'en');
    for (const d of report.dimensions) {
      const first = q.bands.dimensions[d.id]![0]!;
      expect(d.score, d.id).toBe(0);
      expect(d.band, d.id).toEqual({ id: first.id, label: first.label.en, summary: first.summary.en });
      expect(d.notAssessed, d.id).toBeNull();
    }
    const lowest = q.bands.overall[0]!;
    expect(report.overall.band).toEqual({ id: lowest.id, label: lowest.label.en, summary: lowest.summary.en, nextStep: lowest.nextStep });
  });

  it('recommends for at most three dimensions, in the visitor’s language, with the impact that ranked them', () => {
    const report = buildReport(q, { answers: allAnswers(worst) }, 'en');
    expect(report.recommendations).toHaveLength(Math.min(3, q.dimensions.length));
    for (const rec of report.recommendations) {
      const dimension = q.dimensions.find((d) => d.id === rec.dimension)!;
      const source = q.recommendations.find((r) => r.id === rec.id)!;
      const questions = rec.questions!.map((id) => q.questions.find((x) => x.id === id)!);
      // Every answer is the worst: each triggering question loses all its share of its dimension.
      const areaWeight = (x: (typeof questions)[number]) => q.questions.filter((y) => y.dimension === x.dimension).reduce((sum, y) => sum + y.weight, 0);
      const impact = questions.reduce((sum, x) => sum + q.dimensions.find((d) => d.id === x.dimension)!.weight * 100 * x.weight / areaWeight(x), 0);
      expect(rec).toEqual({ id: source.id, dimension: dimension.id, dimensionName: dimension.name.en, band: q.bands.dimensions[dimension.id]![0]!.id, title: source.title.en, body: source.body.en, impact: Math.round(impact * 100) / 100, questions: rec.questions });
    }
  });

  it('recommends the band’s default action, with the points no specific action addresses, where answers trigger none', () => {
    // "Partly" on every yes-no question, the best elsewhere: no answer triggers a specific action.
    const answers = allAnswers((id) => (q.questions.find((x) => x.id === id)!.kind === 'yes-no' ? 'partly' : best(id)));
    const report = buildReport(q, { answers }, 'es');
    expect(report.recommendations.length).toBeGreaterThan(0);
    for (const rec of report.recommendations) {
      const d = report.dimensions.find((x) => x.id === rec.dimension)!;
      expect(d.score, d.id).toBeLessThan(100);
      expect(rec.questions).toEqual([]);
      expect(rec.band).toBe(d.band!.id);
      expect(rec.impact).toBeCloseTo(d.weight * (100 - d.score!), 0);
      const source = q.recommendations.find((r) => r.dimension === d.id && r.band === d.band!.id)!;
      expect(rec.title).toBe(source.title.es);
    }
  });

  it('says which share of known answers the overall result needs', () => {
    const report = buildReport(q, { answers: {} }, 'en');
    expect(report.overall.notAssessed?.summary).toContain(`at least ${Math.round(100 * q.bands.notAssessed.minKnownShare)}%`);
    expect(report.overall.notAssessed?.recommendation.body).toBe(q.bands.notAssessed.overall.recommendation.body.en);
  });

  it('lists findings with their text in the visitor’s language', () => {
    const answers = allAnswers((id, dim) => (dim === 'tooling' ? best(id) : dim === 'data-quality' ? worst(id) : best(id)));
    const finding = buildReport(q, { answers }, 'pt').findings.find((f) => f.id === 'tool-sprawl')!;
    const rule = q.rules.find((r) => r.id === 'tool-sprawl')!;
    expect(finding).toEqual({ id: 'tool-sprawl', title: rule.title.pt, body: rule.body.pt });
  });
});
