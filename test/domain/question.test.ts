import { describe, expect, it } from 'vitest';
import { scoredOptions } from '../../src/domain/question.ts';

describe('scoredOptions', () => {
  it('gives every yes-no question Yes 4, Partly 2 and No 0', () => {
    expect(scoredOptions({ kind: 'yes-no' })).toEqual([
      { id: 'yes', score: 4 },
      { id: 'partly', score: 2 },
      { id: 'no', score: 0 },
    ]);
  });

  it('ignores options written on a yes-no question', () => {
    expect(scoredOptions({ kind: 'yes-no', options: [{ id: 'maybe', score: 1 }] }).map((o) => o.id)).toEqual(['yes', 'partly', 'no']);
  });

  it('gives single and scale questions their own options', () => {
    const options = [{ id: 'never', score: 0 }, { id: 'weekly', score: 4 }];
    expect(scoredOptions({ kind: 'single', options })).toBe(options);
    expect(scoredOptions({ kind: 'scale', options })).toBe(options);
  });

  it('gives a question without options nothing to pick', () => {
    expect(scoredOptions({ kind: 'single' })).toEqual([]);
  });
});
