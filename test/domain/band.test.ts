import { describe, expect, it } from 'vitest';
import { bandFor } from '../../src/domain/band.ts';
import { realQuestionnaire } from '../helpers/content.ts';

const bands = [
  { id: 'initial', min: 0, max: 30 },
  { id: 'developing', min: 30, max: 55 },
  { id: 'defined', min: 55, max: 80 },
  { id: 'optimized', min: 80, max: 100 },
];
const idFor = (score: number) => bandFor(bands, score).id;

describe('bandFor', () => {
  it('puts a score equal to a band\'s min in that band', () => {
    expect(idFor(0)).toBe('initial');
    expect(idFor(30)).toBe('developing');
    expect(idFor(55)).toBe('defined');
    expect(idFor(80)).toBe('optimized');
  });

  it('puts a score just under a band\'s max in that band, not the next', () => {
    expect(idFor(29.99)).toBe('initial');
    expect(idFor(54.5)).toBe('developing');
    expect(idFor(79.9)).toBe('defined');
  });

  it('the top band holds 100', () => {
    expect(idFor(100)).toBe('optimized');
  });

  it('a score outside 0–100 takes the nearest end band', () => {
    expect(idFor(-1)).toBe('initial');
    expect(idFor(100.5)).toBe('optimized');
  });

  it('finds the band of each boundary of the real overall bands', () => {
    const overall = realQuestionnaire().bands.overall;
    for (const [index, band] of overall.entries()) {
      expect(bandFor(overall, band.min).id).toBe(band.id);
      if (index > 0) expect(bandFor(overall, band.min - 0.01).id).toBe(overall[index - 1]!.id);
    }
    expect(bandFor(overall, 100).id).toBe(overall.at(-1)!.id);
  });

  it('refuses an empty list of bands', () => {
    expect(() => bandFor([], 50)).toThrow('bandFor needs at least one band');
  });
});
