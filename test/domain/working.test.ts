import { describe, expect, it } from 'vitest';
import { computeMetrics, type MetricId, type MetricInputs } from '../../src/domain/metrics.ts';
import type { Locale } from '../../src/domain/locale.ts';
import { metricWorking } from '../../src/domain/working.ts';

type Labels = Parameters<typeof metricWorking>[2];

/** Intl puts no-break spaces between figure and symbol; compare with plain spaces. */
const plain = <T extends string | undefined>(text: T): T => text?.replace(/[\u00a0\u202f]/g, ' ') as T;

const LABELS_ES: Labels = {
  inputs: {
    customersAtStart: 'Clientes al inicio',
    customersLost: 'Clientes perdidos',
    newCustomers: 'Clientes nuevos',
    mrrAtStart: 'MRR inicial',
    expansionMrr: 'MRR de expansión',
    contractionMrr: 'MRR de reducciones',
    churnedMrr: 'MRR perdido',
    salesAndMarketingSpend: 'Gasto en ventas y marketing',
    arpa: 'ARPA',
    grossMarginPct: 'Margen bruto',
    leads: 'Leads',
    opportunities: 'Oportunidades',
    winRatePct: 'Tasa de cierre',
    averageDealSize: 'Venta media',
    salesCycleDays: 'Ciclo de ventas',
    forecastRevenue: 'Ingresos previstos',
    actualRevenue: 'Ingresos reales',
  },
  metric: {
    monthlyChurnRate: 'Churn mensual',
    annualChurnRate: 'Churn anual',
    grr: 'GRR',
    nrr: 'NRR',
    cac: 'CAC',
    clv: 'CLV',
    clvToCac: 'CLV:CAC',
    cacPaybackMonths: 'Payback del CAC',
    conversionRate: 'Conversión',
    winRate: 'Tasa de cierre',
    salesCycleDays: 'Ciclo de ventas',
    pipelineVelocityPerDay: 'Velocidad del pipeline',
    forecastAccuracy: 'Precisión del forecast',
  },
};

const FULL_MONTH: MetricInputs = {
  period: 'month',
  currency: 'EUR',
  customersAtStart: 200,
  customersLost: 6,
  newCustomers: 4,
  mrrAtStart: 100_000,
  expansionMrr: 2500,
  contractionMrr: 500,
  churnedMrr: 800,
  salesAndMarketingSpend: 60_000,
  arpa: 500,
  grossMarginPct: 80,
  leads: 400,
  opportunities: 120,
  winRatePct: 25,
  averageDealSize: 12_000,
  salesCycleDays: 30,
  forecastRevenue: 110_000,
  actualRevenue: 100_000,
};

const working = (inputs: MetricInputs, locale: Locale = 'es', labels: Labels = LABELS_ES) =>
  metricWorking(inputs, computeMetrics(inputs), labels, locale);

/** The working of one metric with plain spaces, or undefined when there is none. */
const shown = (inputs: MetricInputs, metric: MetricId, locale: Locale = 'es') => {
  const w = working(inputs, locale)[metric];
  return w && { formula: plain(w.formula), numbers: plain(w.numbers) };
};

describe('the working of each metric, in Spanish, for a month', () => {
  it('monthly churn: customers lost over customers at start', () => {
    expect(shown(FULL_MONTH, 'monthlyChurnRate')).toEqual({
      formula: 'Clientes perdidos ÷ Clientes al inicio',
      numbers: '6 ÷ 200 = 3 %',
    });
  });

  it('annual churn from a month shows the compounding over twelve months', () => {
    const w = shown(FULL_MONTH, 'annualChurnRate');
    expect(w?.formula).toBe('1 − (1 − Clientes perdidos ÷ Clientes al inicio)^12');
    expect(w?.numbers.startsWith('1 − (1 − 6 ÷ 200)^12 = ')).toBe(true);
  });

  it('GRR: start MRR less churned and contraction, over start MRR, to the twelfth power', () => {
    // 0.987^12 = 0.8547
    expect(shown(FULL_MONTH, 'grr')).toEqual({
      formula: '((MRR inicial − MRR perdido − MRR de reducciones) ÷ MRR inicial)^12',
      numbers: '((100.000 € − 800 € − 500 €) ÷ 100.000 €)^12 = 85,5 %',
    });
  });

  it('NRR: adds expansion, to the twelfth power', () => {
    // 1.012^12 = 1.1539
    expect(shown(FULL_MONTH, 'nrr')).toEqual({
      formula: '((MRR inicial + MRR de expansión − MRR de reducciones − MRR perdido) ÷ MRR inicial)^12',
      numbers: '((100.000 € + 2.500 € − 500 € − 800 €) ÷ 100.000 €)^12 = 115,4 %',
    });
  });

  it('CAC: spend over new customers, in the visitor’s currency', () => {
    expect(shown(FULL_MONTH, 'cac')).toEqual({
      formula: 'Gasto en ventas y marketing ÷ Clientes nuevos',
      numbers: '60.000 € ÷ 4 = 15.000 €',
    });
  });

  it('CLV: ARPA × margin ÷ the monthly churn, named by its metric label', () => {
    // 500 × 0.8 ÷ 0.03 = 13,333.33
    expect(shown(FULL_MONTH, 'clv')).toEqual({
      formula: 'ARPA × Margen bruto ÷ Churn mensual',
      numbers: '500 € × 80 % ÷ 3 % = 13.333 €',
    });
  });

  it('CLV:CAC: the two metrics’ values, to one decimal', () => {
    expect(shown(FULL_MONTH, 'clvToCac')).toEqual({ formula: 'CLV ÷ CAC', numbers: '13.333 € ÷ 15.000 € = 0,9' });
  });

  it('CAC payback: CAC over the monthly gross profit', () => {
    expect(shown(FULL_MONTH, 'cacPaybackMonths')).toEqual({
      formula: 'CAC ÷ (ARPA × Margen bruto)',
      numbers: '15.000 € ÷ (500 € × 80 %) = 37,5',
    });
  });

  it('conversion: new customers over leads', () => {
    expect(shown(FULL_MONTH, 'conversionRate')).toEqual({ formula: 'Clientes nuevos ÷ Leads', numbers: '4 ÷ 400 = 1 %' });
  });

  it('pipeline velocity: opportunities × win rate × deal size ÷ cycle days', () => {
    expect(shown(FULL_MONTH, 'pipelineVelocityPerDay')).toEqual({
      formula: 'Oportunidades × Tasa de cierre × Venta media ÷ Ciclo de ventas',
      numbers: '120 × 25 % × 12.000 € ÷ 30 = 12.000 €',
    });
  });

  it('forecast accuracy: one less the relative miss, never below 0', () => {
    const w = shown(FULL_MONTH, 'forecastAccuracy');
    expect(w?.formula).toBe('max(0, 1 − |Ingresos reales − Ingresos previstos| ÷ Ingresos reales)');
    expect(w?.numbers.startsWith('max(0, 1 − |100.000 € − 110.000 €| ÷ 100.000 €) = ')).toBe(true);
  });
});

describe('the working for a year', () => {
  const year: MetricInputs = { ...FULL_MONTH, period: 'year', customersLost: 24 };

  it('monthly churn from a yearly count shows the twelfth root', () => {
    // 1 − 0.88^(1/12) = 0.0106
    expect(shown(year, 'monthlyChurnRate')).toEqual({
      formula: '1 − (1 − Clientes perdidos ÷ Clientes al inicio)^(1/12)',
      numbers: '1 − (1 − 24 ÷ 200)^(1/12) = 1,1 %',
    });
  });

  it('annual churn from a yearly count is the plain ratio', () => {
    const w = shown(year, 'annualChurnRate');
    expect(w?.formula).toBe('Clientes perdidos ÷ Clientes al inicio');
    expect(w?.numbers.startsWith('24 ÷ 200 = ')).toBe(true);
  });

  it('GRR and NRR from a year are not raised to the twelfth power', () => {
    expect(shown(year, 'grr')).toEqual({
      formula: '(MRR inicial − MRR perdido − MRR de reducciones) ÷ MRR inicial',
      numbers: '(100.000 € − 800 € − 500 €) ÷ 100.000 € = 98,7 %',
    });
    expect(shown(year, 'nrr')).toEqual({
      formula: '(MRR inicial + MRR de expansión − MRR de reducciones − MRR perdido) ÷ MRR inicial',
      numbers: '(100.000 € + 2.500 € − 500 € − 800 €) ÷ 100.000 € = 101,2 %',
    });
  });

  it('the formulas that do not depend on the period read the same', () => {
    expect(shown(year, 'cac')).toEqual(shown(FULL_MONTH, 'cac'));
    expect(shown(year, 'conversionRate')).toEqual(shown(FULL_MONTH, 'conversionRate'));
  });
});

describe('the numbers in the working', () => {
  it('shows money inputs with up to two decimals and counts, days and percentages as typed', () => {
    const inputs: MetricInputs = { period: 'month', currency: 'EUR', arpa: 499.99, grossMarginPct: 72.5, salesAndMarketingSpend: 12_345.25, newCustomers: 1 };
    // Money metrics are shown whole; 12,345.25 ÷ (499.99 × 0.725) = 34.06
    expect(shown(inputs, 'cac')?.numbers).toBe('12.345,25 € ÷ 1 = 12.345 €');
    expect(shown(inputs, 'cacPaybackMonths')?.numbers).toBe('12.345 € ÷ (499,99 € × 72,5 %) = 34,1');
    const cycle: MetricInputs = { period: 'month', opportunities: 8, winRatePct: 25, averageDealSize: 900, salesCycleDays: 12.5 };
    expect(shown(cycle, 'pipelineVelocityPerDay')?.numbers).toBe('8 × 25 % × 900 ÷ 12,5 = 144');
  });

  it('without a currency, money amounts are plain numbers', () => {
    const { currency: _, ...noCurrency } = FULL_MONTH;
    expect(shown(noCurrency, 'cac')?.numbers).toBe('60.000 ÷ 4 = 15.000');
    expect(shown(noCurrency, 'grr')?.numbers).toBe('((100.000 − 800 − 500) ÷ 100.000)^12 = 85,5 %');
  });

  it('writes Brazilian reais and decimal commas on the Portuguese page', () => {
    const inputs: MetricInputs = { ...FULL_MONTH, currency: 'BRL' };
    expect(shown(inputs, 'cac', 'pt')?.numbers).toBe('R$ 60.000 ÷ 4 = R$ 15.000');
    expect(shown(inputs, 'clvToCac', 'pt')?.numbers).toBe('R$ 13.333 ÷ R$ 15.000 = 0,9');
    expect(shown(inputs, 'grr', 'pt')?.numbers).toBe('((R$ 100.000 − R$ 800 − R$ 500) ÷ R$ 100.000)^12 = 85,5%');
    expect(shown(inputs, 'conversionRate', 'pt')?.numbers).toBe('4 ÷ 400 = 1%');
  });

  it('writes thousands commas and decimal points on the English page', () => {
    const inputs: MetricInputs = { ...FULL_MONTH, currency: 'USD', arpa: 1250.5 };
    expect(shown(inputs, 'cac', 'en')?.numbers).toBe('$60,000 ÷ 4 = $15,000');
    // CLV = 1,250.5 × 0.8 ÷ 0.03 = 33,346.67
    expect(shown(inputs, 'clvToCac', 'en')?.numbers).toBe('$33,347 ÷ $15,000 = 2.2');
    expect(shown(inputs, 'grr', 'en')?.numbers).toBe('(($100,000 − $800 − $500) ÷ $100,000)^12 = 85.5%');
  });

  it('uses the labels it is given for inputs and metrics', () => {
    const en: Labels = {
      inputs: { ...LABELS_ES.inputs, salesAndMarketingSpend: 'Spend', newCustomers: 'New customers', arpa: 'ARPA', grossMarginPct: 'Margin' },
      metric: { ...LABELS_ES.metric, cac: 'Acquisition cost', clv: 'Lifetime value' },
    };
    const w = working(FULL_MONTH, 'en', en);
    expect(w.cac?.formula).toBe('Spend ÷ New customers');
    expect(w.clvToCac?.formula).toBe('Lifetime value ÷ Acquisition cost');
    expect(w.cacPaybackMonths?.formula).toBe('Acquisition cost ÷ (ARPA × Margin)');
  });
});

describe('metrics that are not computable have no working', () => {
  it('gives none for a metric whose inputs are missing', () => {
    const w = working({ period: 'month', currency: 'EUR', salesAndMarketingSpend: 50_000, newCustomers: 10 });
    expect(Object.keys(w)).toEqual(['cac']);
  });

  it('gives none when there are no numbers at all', () => {
    expect(working({ period: 'month' })).toEqual({});
  });

  it('gives none for CLV and CLV:CAC when nobody left, but still shows the 0 % churn', () => {
    const w = working({ ...FULL_MONTH, customersLost: 0 });
    expect(w.clv).toBeUndefined();
    expect(w.clvToCac).toBeUndefined();
    expect(plain(w.monthlyChurnRate?.numbers)).toBe('0 ÷ 200 = 0 %');
    expect(plain(w.cacPaybackMonths?.numbers)).toBe('15.000 € ÷ (500 € × 80 %) = 37,5');
  });

  it('gives none for CAC, CLV:CAC and CAC payback without new customers, but shows 0 % conversion', () => {
    const w = working({ ...FULL_MONTH, newCustomers: 0 });
    expect(w.cac).toBeUndefined();
    expect(w.clvToCac).toBeUndefined();
    expect(w.cacPaybackMonths).toBeUndefined();
    expect(plain(w.conversionRate?.numbers)).toBe('0 ÷ 400 = 0 %');
  });

  it('gives none for each division by zero', () => {
    const keys = (inputs: Partial<MetricInputs>) => Object.keys(working({ ...FULL_MONTH, ...inputs }));
    expect(keys({ customersAtStart: 0, customersLost: 0 })).not.toContain('monthlyChurnRate');
    expect(keys({ mrrAtStart: 0, churnedMrr: 0, contractionMrr: 0 })).not.toContain('grr');
    expect(keys({ mrrAtStart: 0, churnedMrr: 0, contractionMrr: 0 })).not.toContain('nrr');
    expect(keys({ leads: 0, newCustomers: 0 })).not.toContain('conversionRate');
    expect(keys({ salesCycleDays: 0 })).not.toContain('pipelineVelocityPerDay');
    expect(keys({ grossMarginPct: 0 })).not.toContain('cacPaybackMonths');
    expect(keys({ arpa: 0 })).not.toContain('cacPaybackMonths');
  });

  it('gives a working for every metric when all inputs are usable', () => {
    expect(Object.keys(working(FULL_MONTH)).sort()).toEqual(
      (['monthlyChurnRate', 'annualChurnRate', 'grr', 'nrr', 'cac', 'clv', 'clvToCac', 'cacPaybackMonths', 'conversionRate', 'winRate', 'salesCycleDays', 'pipelineVelocityPerDay', 'forecastAccuracy'] satisfies MetricId[]).sort(),
    );
  });
});

describe('figures taken as the visitor gave them', () => {
  const given = { text: 'Dato que indicaste: {value}', days: '{value} días' };
  it('shows the win rate and the sales cycle as given, named by their input, with the unit of days', () => {
    const w = metricWorking(FULL_MONTH, computeMetrics(FULL_MONTH), { ...LABELS_ES, given }, 'es');
    expect({ formula: w.winRate?.formula, numbers: plain(w.winRate?.numbers) }).toEqual({ formula: 'Tasa de cierre', numbers: 'Dato que indicaste: 25 %' });
    expect(w.salesCycleDays).toEqual({ formula: 'Ciclo de ventas', numbers: 'Dato que indicaste: 30 días' });
  });
  it('keeps up to two decimals as typed, and shows the value alone without the texts', () => {
    const inputs: MetricInputs = { period: 'month', winRatePct: 33.25, salesCycleDays: 12.5 };
    const w = working(inputs, 'en');
    expect(w.winRate?.numbers).toBe('33.25%');
    expect(w.salesCycleDays?.numbers).toBe('12.5');
    expect(Object.keys(working({ period: 'month', opportunities: 3 }))).toEqual([]);
  });
});

describe('percentages in the working, the locale\'s one way', () => {
  it('writes the typed gross margin and win rate like the computed rates: "80%" in pt and en, "80 %" in es', () => {
    expect(working(FULL_MONTH, 'en').clv?.numbers).toBe('€500 × 80% ÷ 3% = €13,333');
    expect(plain(working(FULL_MONTH, 'pt').pipelineVelocityPerDay?.numbers)).toBe('120 × 25% × € 12.000 ÷ 30 = € 12.000');
    expect(working(FULL_MONTH, 'es').clv?.numbers).toContain('80\u00a0% ÷ 3\u00a0%');
  });
});
