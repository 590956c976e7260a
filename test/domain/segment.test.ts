import { describe, expect, it } from 'vitest';
import { segmentIssues } from '../../src/domain/segment.ts';

const segments = { businessModels: [{ id: 'saas' }, { id: 'ecommerce' }], dealSizes: [{ id: 'acv-under-12k' }] };

describe('segmentIssues', () => {
  it('accepts a segment the content lists, or none', () => {
    expect(segmentIssues(segments, { businessModel: 'saas', dealSize: 'acv-under-12k' })).toEqual([]);
    expect(segmentIssues(segments, {})).toEqual([]);
  });

  it('names each field the content does not list, with the choices', () => {
    expect(segmentIssues(segments, { businessModel: 'crypto', dealSize: 'huge' })).toEqual([
      { path: ['segment', 'businessModel'], message: 'must be one of: saas, ecommerce' },
      { path: ['segment', 'dealSize'], message: 'must be one of: acv-under-12k' },
    ]);
  });
});
