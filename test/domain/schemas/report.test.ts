import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'astro/zod';
import { buildReport, type Report } from '../../../src/domain/report.ts';
import { readStoredDimensions, readStoredFigures, readStoredReport, REPORT_SHAPE_VERSION, ReportSchema } from '../../../src/domain/schemas/report.ts';
import { reportView } from '../../../src/domain/report-view.ts';
import { localize, LOCALES } from '../../../src/domain/locale.ts';
import { DONT_KNOW } from '../../../src/domain/question.ts';
import type { MetricInputs } from '../../../src/domain/metrics.ts';
import type { Answers } from '../../../src/domain/scoring.ts';
import { realQuestionnaire } from '../../helpers/content.ts';
import { SAMPLE_INPUTS, variedAnswers } from '../../helpers/report-input.ts';

const q = realQuestionnaire();
const answers: Answers = variedAnswers(q);
const inputs: MetricInputs = SAMPLE_INPUTS;
/** What the database gives back: JSON, without `undefined` fields. */
const stored = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const read = (value: unknown) => {
  const result = readStoredReport(value);
  if (!result.ok) throw new Error(`expected a readable report, got: ${result.error}`);
  return result.report;
};
const errorOf = (value: unknown) => {
  const result = readStoredReport(value);
  if (result.ok) throw new Error('expected the report to be refused');
  return result.error;
};

describe('ReportSchema', () => {
  it('is where the Report type comes from', () => {
    expectTypeOf<Report>().toEqualTypeOf<z.output<typeof ReportSchema>>();
    expectTypeOf(buildReport).returns.toEqualTypeOf<Report>();
  });

  const cases: [string, () => Report][] = [
    ['answers only', () => buildReport(q, { answers }, 'es')],
    ['answers, segment and numbers (verdicts, a target, a currency)', () => buildReport(q, { answers, segment: { businessModel: 'saas', dealSize: 'acv-50k-100k' }, metricInputs: inputs }, 'en')],
    ['numbers without a benchmark, a currency or a segment', () => buildReport(q, { answers, metricInputs: { period: 'year', customersAtStart: 10, customersLost: 10, forecastRevenue: 100, actualRevenue: 80 } }, 'pt')],
    ['too few known answers to assess', () => buildReport(q, { answers: Object.fromEntries(q.questions.map((question) => [question.id, DONT_KNOW])) }, 'es')],
  ];

  it.each(cases)('reads a Report built from %s back unchanged, after a trip through JSON', (_, build) => {
    const report = build();
    expect(report.shapeVersion).toBe(REPORT_SHAPE_VERSION);
    expect(ReportSchema.parse(report)).toEqual(report);
    expect(read(stored(report))).toStrictEqual(stored(report));
  });

  it('reads Reports of every language, each with its metrics', () => {
    for (const locale of LOCALES) {
      const report = read(stored(buildReport(q, { answers, segment: { businessModel: 'saas' }, metricInputs: inputs }, locale)));
      expect(report.locale).toBe(locale);
      expect(report.metrics.some((m) => m.benchmark !== null)).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------
// Every shape reports were stored in before `shapeVersion`, oldest first, as the commits that
// changed `src/domain/report.ts` wrote them.

/** The first stored reports (lead capture): bare verdicts, no currency, band-default recommendations, "customers won". */
const FIRST_STORED = {
  locale: 'es',
  questionnaireVersion: '2f1d0c9a7b3e',
  overall: { score: 41, band: { id: 'developing', label: 'En desarrollo', summary: 'Tienes piezas importantes en marcha, pero todavía no funcionan como un sistema.' } },
  dimensions: [
    { id: 'alignment', name: 'Métricas alineadas al negocio', weight: 1, score: 24, band: { id: 'low', label: 'Por construir', summary: 'Tus métricas todavía no están conectadas con los objetivos de ingresos.' }, counted: 5, notApplicable: 0, dontKnow: 0, total: 5 },
    { id: 'data-quality', name: 'Calidad de datos', weight: 1.5, score: null, band: null, counted: 0, notApplicable: 1, dontKnow: 3, total: 4 },
  ],
  dontKnow: { count: 3, share: 0.333 },
  findings: [{ id: 'reports-without-decisions', title: 'Informes que no cambian decisiones', body: 'Ves bien tus cifras, pero rara vez cambian lo que hace la empresa.' }],
  recommendations: [
    { dimension: 'alignment', dimensionName: 'Métricas alineadas al negocio', band: 'low', title: 'Conecta cada métrica con un objetivo', body: 'Escribe qué objetivo de ingresos mueve cada métrica que revisas.', impact: 76 },
  ],
  segment: { businessModel: 'saas', dealSize: null },
  metrics: [
    {
      id: 'monthlyChurnRate', name: 'Churn mensual', unit: 'percent', value: 0.03, missing: [],
      working: { formula: 'Clientes perdidos ÷ Clientes al inicio', numbers: '6 ÷ 200 = 3 %' },
      benchmark: { id: 'monthly-churn-b2b-recurly', verdict: 'good', figure: 'El churn mensual mediano de las suscripciones B2B es del 4,91 %.', source: { publisher: 'Recurly', title: 'Churn rate benchmarks', year: 2019 }, quality: 'secondary' },
    },
    { id: 'cac', name: 'Costo de adquisición de clientes (CAC)', unit: 'money', value: 3000, missing: [], working: { formula: 'Gasto en ventas y marketing ÷ Clientes nuevos', numbers: '60.000 ÷ 20 = 3.000' }, benchmark: null },
    { id: 'conversionRate', name: 'Tasa de conversión', unit: 'percent', value: null, missing: ['leads', 'customersWon'], working: null, benchmark: null },
    { id: 'nrr', name: 'Retención neta de ingresos (NRR)', unit: 'percent', value: 0.97, missing: [], working: { formula: '…', numbers: '…' }, benchmark: { id: 'nrr-saas', verdict: 'below', figure: 'NRR mediana: 102 %.', source: { publisher: 'SaaS Capital', title: 'Retention' }, quality: 'solid' } },
  ],
};
type Shape = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const clone = (report: object): Shape => structuredClone(report) as Shape;

/** dce2d70: a currency, and "new customers" for "customers won". */
const WITH_CURRENCY = (() => {
  const r = clone(FIRST_STORED);
  r.currency = 'EUR';
  r.metrics[2].missing = ['leads', 'newCustomers'];
  return r;
})();
/** 986a86e: why a dimension or the whole was not assessed. */
const WITH_NOT_ASSESSED = (() => {
  const r = clone(WITH_CURRENCY);
  r.overall.notAssessed = null;
  r.dimensions[0].notAssessed = null;
  r.dimensions[1].notAssessed = { label: 'Sin evaluar', summary: 'Respondiste «No lo sé» a todas sus preguntas.' };
  return r;
})();
/** dfdd904: verdicts named by what they compare with, in words and with a tone; why there is no verdict; a note. */
const WITH_NAMED_VERDICTS = (() => {
  const r = clone(WITH_NOT_ASSESSED);
  r.metrics[0].benchmark = { ...r.metrics[0].benchmark, verdict: 'better-than-median', label: 'Mejor que la mediana de las suscripciones B2B (4,91 % al mes; Recurly, 2019)', tone: 'better' };
  r.metrics[3].benchmark = { ...r.metrics[3].benchmark, verdict: 'worse-than-median', label: 'Peor que la mediana (102 %; SaaS Capital)', tone: 'worse' };
  for (const m of r.metrics) Object.assign(m, { noBenchmark: null, note: null });
  r.metrics[1].noBenchmark = 'No hay un benchmark con fuente para esta métrica';
  return r;
})();
/** f33aeb9: a target beside the verdict. */
const WITH_TARGET = (() => {
  const r = clone(WITH_NAMED_VERDICTS);
  for (const m of r.metrics) m.target = null;
  r.metrics[3].target = { id: 'nrr-target-bessemer', verdict: 'misses-target', label: 'No alcanza el objetivo de 100 % (Bessemer, 2019)', tone: 'worse', figure: 'Bessemer fija un objetivo de NRR del 100 %.', source: { publisher: 'Bessemer Venture Partners', title: 'State of the Cloud 2019', year: 2019 }, quality: 'secondary' };
  return r;
})();
/** 2b8a65d: recommendations with their id and the questions that called for them (today's shape, still without a version). */
const WITH_RECOMMENDATION_IDS = (() => {
  const r = clone(WITH_TARGET);
  r.recommendations[0] = { id: 'connect-metrics-goals', ...r.recommendations[0], questions: ['alignment-goals'] };
  return r;
})();

const SHAPE_1: [string, Shape][] = [
  ['the first stored reports', FIRST_STORED],
  ['reports with a currency', WITH_CURRENCY],
  ['reports saying what was not assessed', WITH_NOT_ASSESSED],
  ['reports with named verdicts', WITH_NAMED_VERDICTS],
  ['reports with a target', WITH_TARGET],
  ['reports with recommendation ids', WITH_RECOMMENDATION_IDS],
];

describe('readStoredReport on reports stored before shape versions', () => {
  it.each(SHAPE_1)('reads %s into a valid Report of today\'s shape that the views render', (_, old) => {
    const report = read(stored(old));
    expect(report.shapeVersion).toBe(REPORT_SHAPE_VERSION);
    expect(ReportSchema.safeParse(report).success).toBe(true);
    const view = reportView(report, localize(q.ui, report.locale).results);
    expect(view.dimensions.map((d) => d.id)).toEqual(['alignment', 'data-quality']);
    expect(view.metrics.find((m) => m.id === 'monthlyChurnRate')!.verdict).toMatchObject({ tone: 'better' });
  });

  it('keeps everything the old report said, unchanged', () => {
    const report = read(stored(FIRST_STORED));
    expect(report).toMatchObject({
      locale: 'es',
      questionnaireVersion: '2f1d0c9a7b3e',
      overall: { score: 41, band: FIRST_STORED.overall.band },
      dontKnow: FIRST_STORED.dontKnow,
      findings: FIRST_STORED.findings,
      segment: FIRST_STORED.segment,
    });
    expect(report.dimensions[0]).toMatchObject(FIRST_STORED.dimensions[0]!);
    expect(report.metrics.map((m) => [m.id, m.value, m.working])).toEqual(FIRST_STORED.metrics.map((m) => [m.id, m.value, m.working]));
  });

  it('fills what the old shape did not have as "none", inventing nothing', () => {
    const report = read(stored(FIRST_STORED));
    expect(report.currency).toBeNull();
    expect(report.overall.notAssessed).toBeNull();
    expect(report.dimensions.map((d) => d.notAssessed)).toEqual([null, null]);
    // Old recommendations were a band's default action, which no answer calls for.
    expect(report.recommendations[0]).toMatchObject({ id: null, questions: [], impact: 76 });
    for (const m of report.metrics) expect(m).toMatchObject({ target: null, noBenchmark: null, note: null });
  });

  it('keeps a bare verdict, without words, with the tone it meant', () => {
    const [churn, , , nrr] = read(stored(FIRST_STORED)).metrics;
    expect(churn!.benchmark).toMatchObject({ verdict: 'good', label: null, tone: 'better', source: { year: 2019 } });
    expect(nrr!.benchmark).toMatchObject({ verdict: 'below', label: null, tone: 'worse' });
    const view = reportView(read(stored(FIRST_STORED)), localize(q.ui, 'es').results);
    expect(view.metrics.find((m) => m.id === 'nrr')!.verdict).toMatchObject({ label: null, tone: 'worse' });
  });

  it('names a missing "customers won" as today\'s "new customers", once', () => {
    expect(read(stored(FIRST_STORED)).metrics[2]!.missing).toEqual(['leads', 'newCustomers']);
    const both = clone(FIRST_STORED);
    both.metrics[2].missing = ['customersWon', 'newCustomers', 'leads'];
    expect(read(both).metrics[2]!.missing).toEqual(['newCustomers', 'leads']);
  });

  it('keeps what later shapes added: named verdicts, the target, recommendation ids', () => {
    const report = read(stored(WITH_RECOMMENDATION_IDS));
    expect(report.metrics[0]!.benchmark).toEqual(WITH_RECOMMENDATION_IDS.metrics[0].benchmark);
    expect(report.metrics[3]!.target).toEqual(WITH_RECOMMENDATION_IDS.metrics[3].target);
    expect(report.metrics[1]!.noBenchmark).toBe('No hay un benchmark con fuente para esta métrica');
    expect(report.dimensions[1]!.notAssessed).toEqual(WITH_NOT_ASSESSED.dimensions[1].notAssessed);
    expect(report.recommendations[0]).toMatchObject({ id: 'connect-metrics-goals', questions: ['alignment-goals'] });
    expect(report.currency).toBe('EUR');
  });

  it('reads a Report of today written before the version was, as it is', () => {
    const today = buildReport(q, { answers, segment: { businessModel: 'saas', dealSize: 'acv-50k-100k' }, metricInputs: inputs }, 'es');
    const { shapeVersion: _, ...withoutVersion } = stored(today) as Report;
    expect(read(withoutVersion)).toStrictEqual(stored(today));
  });
});

describe('readStoredReport on malformed reports', () => {
  const current = () => clone(stored(buildReport(q, { answers, segment: { businessModel: 'saas' }, metricInputs: inputs }, 'es')) as object);

  it('names the path of a value of the wrong type', () => {
    const report = current();
    report.metrics[2].value = '0.97';
    expect(errorOf(report)).toBe('metrics.2.value: Invalid input: expected number, received string');
  });

  it('names a missing field', () => {
    const report = current();
    delete report.dimensions;
    expect(errorOf(report)).toBe('dimensions: Invalid input: expected array, received undefined');
    const noVersion = clone(FIRST_STORED);
    delete noVersion.dimensions[1].total;
    expect(errorOf(noVersion)).toBe('dimensions.1.total: Invalid input: expected number, received undefined');
  });

  it('refuses a Report of today\'s version missing a field that version always has, rather than filling it', () => {
    const report = current();
    delete report.metrics[0].target;
    expect(errorOf(report)).toMatch(/^metrics\.0\.target: /);
  });

  it('refuses a verdict no version ever wrote, naming where', () => {
    const old = clone(FIRST_STORED);
    old.metrics[0].benchmark.verdict = 'great';
    expect(errorOf(old)).toMatch(/^metrics\.0\.benchmark\.verdict: Invalid option/);
  });

  it('refuses an unknown shape version, saying which it can read', () => {
    expect(errorOf({ ...current(), shapeVersion: REPORT_SHAPE_VERSION + 1 })).toBe(`shapeVersion: unknown shape ${REPORT_SHAPE_VERSION + 1}; this site reads shapes 1 to ${REPORT_SHAPE_VERSION}`);
    expect(errorOf({ ...current(), shapeVersion: '2' })).toBe(`shapeVersion: unknown shape "2"; this site reads shapes 1 to ${REPORT_SHAPE_VERSION}`);
  });

  it.each([
    ['null', null, 'null'],
    ['a string', '{"locale":"es"}', 'string'],
    ['an array', [], 'array'],
    ['a number', 42, 'number'],
  ])('refuses %s for a report', (_, value, received) => {
    expect(errorOf(value)).toBe(`(report): expected an object, received ${received}`);
  });

  it('never throws, whatever is stored', () => {
    for (const value of [undefined, true, {}, { shapeVersion: null }, { metrics: 'x' }, { ...current(), overall: null }, { ...current(), metrics: [null] }]) {
      expect(() => readStoredReport(value)).not.toThrow();
      expect(readStoredReport(value).ok).toBe(false);
    }
  });
});

describe('readStoredDimensions', () => {
  it('reads the dimensions of any shape, and gives null for unreadable ones', () => {
    const today = buildReport(q, { answers }, 'es');
    expect(readStoredDimensions(stored(today.dimensions))).toEqual(today.dimensions);
    expect(readStoredDimensions(stored(FIRST_STORED.dimensions))?.map((d) => [d.id, d.score, d.notAssessed])).toEqual([['alignment', 24, null], ['data-quality', null, null]]);
    expect(readStoredDimensions({ id: 'alignment' })).toBeNull();
    expect(readStoredDimensions(null)).toBeNull();
    expect(readStoredDimensions([{ id: 'alignment', score: '24' }])).toBeNull();
  });
});

describe('readStoredFigures', () => {
  const today: [string, Report][] = [
    ['answers only', buildReport(q, { answers }, 'es')],
    ['answers and numbers with a currency', buildReport(q, { answers, segment: { businessModel: 'saas' }, metricInputs: inputs }, 'pt')],
  ];
  /** The figures as the database keeps them (`submission_report_figures`): only those keys, the others dropped. */
  const cut = (report: Shape): Shape => {
    const keep = (item: Shape) => Object.fromEntries(Object.entries(item).filter(([key]) => ['id', 'score', 'value'].includes(key)));
    return Object.fromEntries(
      Object.entries(report)
        .filter(([key]) => ['shapeVersion', 'currency', 'dimensions', 'metrics'].includes(key))
        .map(([key, value]) => [key, key === 'dimensions' || key === 'metrics' ? (value as Shape[]).map(keep) : value]),
    );
  };

  it.each([...today, ...SHAPE_1])('reads the figures readStoredReport reads, from %s whole or cut down', (_, report) => {
    const whole = read(stored(report));
    const figures = { dimensions: whole.dimensions.map(({ id, score }) => ({ id, score })), metrics: whole.metrics.map(({ id, value }) => ({ id, value })), currency: whole.currency };
    expect(readStoredFigures(stored(report))).toEqual(figures);
    expect(readStoredFigures(stored(cut(report)))).toEqual(figures);
  });

  it('gives null for an unknown shape, dimensions that are not a list of scores, or no object', () => {
    const report = clone(buildReport(q, { answers }, 'es'));
    expect(readStoredFigures({ ...report, shapeVersion: REPORT_SHAPE_VERSION + 1 })).toBeNull();
    expect(readStoredFigures({ ...report, dimensions: 'unreadable' })).toBeNull();
    expect(readStoredFigures({ ...report, dimensions: [{ id: 'alignment', score: '24' }] })).toBeNull();
    expect(readStoredFigures({ ...report, metrics: [{ id: 'made-up', value: 1 }] })).toBeNull();
    expect(readStoredFigures({ ...report, currency: undefined })).toBeNull();
    for (const value of [null, 'report', 42, []]) expect(readStoredFigures(value)).toBeNull();
  });
});
