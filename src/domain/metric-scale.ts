import type { Comparison } from './schemas/benchmark.ts';

/** What a stored benchmark keeps to draw the visitor's value on the source's scale (`ReportBenchmark.scale`). */
export interface ScaleInput {
  compare: Comparison;
  better: 'lower' | 'higher';
  /** The visitor's value in the benchmark's own form. */
  value: number;
}

/** A figure of the source on the axis. */
export interface ScaleMark {
  kind: 'median' | 'average' | 'top' | 'bottom' | 'target' | 'low' | 'high';
  /** Where it sits on the axis, 0 (left) to 1 (right). */
  at: number;
}

/**
 * A metric's value placed on the figures of its benchmark, for a small drawing: an axis that rises
 * from left to right, the source's figures as ticks, the stretch it calls usual or good, and the
 * visitor's dot. Decoration only: the verdict beside it says the same in words.
 */
export interface MetricScale {
  /** The visitor's value on the axis, 0–1; at an end when it lies beyond the drawn axis (`offScale`). */
  value: number;
  /** `below`/`above`: the value is further out than the axis shows (drawn at the end, with an arrow). */
  offScale: 'below' | 'above' | null;
  marks: ScaleMark[];
  /** The source's range (`range`: usual; `target-range`, or a target's good side: good; quartiles: the middle half), on the axis. */
  zone: { from: number; to: number; kind: 'usual' | 'good' } | null;
  /** Which end of the axis is better: `end` (right) for metrics where higher is better. */
  betterEnd: 'start' | 'end';
}

function marksOf(compare: Comparison): { kind: ScaleMark['kind']; value: number }[] {
  switch (compare.kind) {
    case 'median':
      return [{ kind: 'median', value: compare.median }];
    case 'average':
      return [{ kind: 'average', value: compare.average }];
    case 'quartiles':
      return [
        { kind: 'bottom', value: compare.bottom },
        { kind: 'median', value: compare.median },
        { kind: 'top', value: compare.top },
      ];
    case 'target':
      return [{ kind: 'target', value: compare.target }];
    case 'target-range':
    case 'range':
      return [
        { kind: 'low', value: compare.low },
        { kind: 'high', value: compare.high },
      ];
  }
}

/**
 * The drawing of a value against its benchmark. The axis starts at zero when the source's figures
 * are not negative (else half their spread below the lowest) and ends half their spread above the
 * highest (a lone figure sits in the middle); a value beyond it is pinned to the end and flagged,
 * so one outlier does not squash the source's figures into a dot.
 * @example metricScale({ compare: { kind: 'median', median: 0.03 }, better: 'lower', value: 0.02 }).value // 0.33…
 */
export function metricScale({ compare, better, value }: ScaleInput): MetricScale {
  const figures = marksOf(compare);
  const numbers = figures.map((f) => f.value);
  const low = Math.min(...numbers);
  const high = Math.max(...numbers);
  // One figure sits in the middle of its axis; figures that cannot be negative (rates, amounts) start at zero.
  const spread = high > low ? high - low : Math.abs(low) * 2 || 1;
  const start = low >= 0 ? 0 : low - spread / 2;
  const end = high + spread / 2;
  const at = (x: number) => Math.min(1, Math.max(0, (x - start) / (end - start)));
  const zone = (() => {
    switch (compare.kind) {
      case 'quartiles':
        return { from: at(Math.min(compare.bottom, compare.top)), to: at(Math.max(compare.bottom, compare.top)), kind: 'usual' as const };
      case 'range':
        return { from: at(compare.low), to: at(compare.high), kind: 'usual' as const };
      case 'target-range':
        return { from: at(compare.low), to: at(compare.high), kind: 'good' as const };
      case 'target':
        return better === 'higher' ? { from: at(compare.target), to: 1, kind: 'good' as const } : { from: 0, to: at(compare.target), kind: 'good' as const };
      default:
        return null;
    }
  })();
  return {
    value: at(value),
    offScale: value < start ? 'below' : value > end ? 'above' : null,
    marks: figures.map((f) => ({ kind: f.kind, at: at(f.value) })),
    zone,
    betterEnd: better === 'higher' ? 'end' : 'start',
  };
}
