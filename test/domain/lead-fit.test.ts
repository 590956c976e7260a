import { describe, expect, it } from 'vitest';
import { leadFit } from '../../src/domain/lead-fit.ts';

const choices = {
  businessModels: [{ id: 'saas', label: 'SaaS B2B' }],
  dealSizes: [{ id: 'acv-under-12k', label: 'Menos de 12.000 USD' }],
  companySizes: [{ id: 'size-11-50', label: '11 a 50 personas' }],
};
const dimension = (id: string, score: number | null) => ({ id, name: id.toUpperCase(), score });
const metric = (name: string, value: number | null) => ({ name, value });

describe('leadFit', () => {
  it('names the segment, the size, the two weakest areas lowest first and the metrics computed', () => {
    const fit = leadFit(
      {
        report: { dimensions: [dimension('a', 60), dimension('b', 20), dimension('c', null), dimension('d', 35)], metrics: [metric('Churn', 3), metric('CAC', null)] },
        segment: { businessModel: 'saas', dealSize: 'acv-under-12k' },
        companySize: 'size-11-50',
      },
      choices,
    );
    expect(fit).toEqual({
      segment: 'SaaS B2B · Menos de 12.000 USD',
      size: '11 a 50 personas',
      weakest: [{ id: 'b', name: 'B', score: 20 }, { id: 'd', name: 'D', score: 35 }],
      metrics: ['Churn'],
    });
  });

  it("keeps the questionnaire's order on a tie, and says nothing for what was not given", () => {
    const fit = leadFit({ report: { dimensions: [dimension('x', 40), dimension('y', 40), dimension('z', 40)], metrics: [] }, segment: {}, companySize: null }, choices, 2);
    expect(fit.weakest.map((d) => d.id)).toEqual(['x', 'y']);
    expect(fit).toMatchObject({ segment: null, size: null, metrics: [] });
  });

  it('shows an id the content no longer lists as it is, and reads a report that could not be read as empty', () => {
    const fit = leadFit({ report: null, segment: { businessModel: 'retired-model' }, companySize: 'size-huge' }, choices);
    expect(fit).toEqual({ segment: 'retired-model', size: 'size-huge', weakest: [], metrics: [] });
  });
});
