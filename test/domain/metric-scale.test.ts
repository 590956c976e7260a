import { describe, expect, it } from 'vitest';
import { metricScale } from '../../src/domain/metric-scale.ts';

describe('metricScale', () => {
  it('places a value on an axis from zero with a lone figure in its middle', () => {
    // One figure, 0.03: the axis runs 0 → 0.06, so 0.02 sits at a third.
    const scale = metricScale({ compare: { kind: 'median', median: 0.03 }, better: 'lower', value: 0.02 });
    expect(scale.value).toBeCloseTo(1 / 3, 10);
    expect(scale.marks).toEqual([{ kind: 'median', at: 0.5 }]);
    expect(scale.offScale).toBeNull();
    expect(scale.zone).toBeNull();
    expect(scale.betterEnd).toBe('start');
  });

  it('pins a value far beyond the figures to the end and flags it, so the figures keep their places', () => {
    const above = metricScale({ compare: { kind: 'median', median: 0.1 }, better: 'lower', value: 0.306 });
    expect(above).toMatchObject({ value: 1, offScale: 'above' });
    expect(above.marks[0]!.at).toBe(0.5);
    const below = metricScale({ compare: { kind: 'quartiles', bottom: 3, median: 5, top: 8 }, better: 'higher', value: -4 });
    expect(below).toMatchObject({ value: 0, offScale: 'below', betterEnd: 'end' });
  });

  it('draws the middle half between the quartiles, whichever way the metric improves', () => {
    // Payback: lower is better, so the top quartile is the smaller number. Axis 0 → 12 + 3 = 15 (spread 6).
    const scale = metricScale({ compare: { kind: 'quartiles', top: 6, median: 9, bottom: 12 }, better: 'lower', value: 9 });
    expect(scale.zone).toEqual({ from: 6 / 15, to: 12 / 15, kind: 'usual' });
    expect(scale.value).toBeCloseTo(9 / 15, 10);
    expect(scale.marks.map((m) => m.kind)).toEqual(['bottom', 'median', 'top']);
  });

  it("shades a target's good side: above it when higher is better, below it when lower is", () => {
    const higher = metricScale({ compare: { kind: 'target', target: 3 }, better: 'higher', value: 2 });
    expect(higher.zone).toEqual({ from: 0.5, to: 1, kind: 'good' });
    expect(higher.value).toBeCloseTo(1 / 3, 10);
    const lower = metricScale({ compare: { kind: 'target', target: 12 }, better: 'lower', value: 30 });
    expect(lower.zone).toEqual({ from: 0, to: 0.5, kind: 'good' });
    expect(lower.offScale).toBe('above');
  });

  it('tells a target range (good) from a usual range, and handles negative figures', () => {
    expect(metricScale({ compare: { kind: 'target-range', low: 0.8, high: 0.9 }, better: 'higher', value: 0.85 }).zone?.kind).toBe('good');
    const range = metricScale({ compare: { kind: 'range', low: -10, high: 10 }, better: 'higher', value: 0 });
    expect(range.zone).toEqual({ from: 0.25, to: 0.75, kind: 'usual' });
    expect(range.value).toBe(0.5);
  });

  it('never divides by zero on a zero figure', () => {
    const scale = metricScale({ compare: { kind: 'target', target: 0 }, better: 'higher', value: 0 });
    expect(Number.isFinite(scale.value)).toBe(true);
    expect(scale.marks.every((m) => Number.isFinite(m.at))).toBe(true);
  });
});
