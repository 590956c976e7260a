import type { MetricScale } from '../../domain/metric-scale.ts';
import type { VerdictTone } from '../../domain/verdicts.ts';

interface Props {
  scale: MetricScale;
  tone: VerdictTone;
  /** "Tú", beside the visitor's dot. */
  you: string;
  /** "mejor", at the better end. */
  better: string;
}

const WIDTH = 300;
const TRACK_Y = 30;
const PAD = 18;
const x = (at: number) => PAD + at * (WIDTH - 2 * PAD);

/**
 * The visitor's value drawn on the source's figures (see `metricScale`): a track, the stretch the
 * source calls usual or good, a tick per figure, and the visitor's dot. Hidden from assistive
 * technology: the verdict beside it says the same in words, with the figures.
 */
export function MetricRange({ scale, tone, you, better }: Props) {
  const dot = x(scale.value);
  const betterAtEnd = scale.betterEnd === 'end';
  return (
    <svg class={`metric-range tone-${tone}`} viewBox={`0 0 ${WIDTH} 56`} aria-hidden="true" focusable="false">
      <rect x={PAD} y={TRACK_Y - 3} width={WIDTH - 2 * PAD} height="6" rx="3" class="track" />
      {scale.zone && (
        <rect x={x(scale.zone.from)} y={TRACK_Y - 6} width={Math.max(2, x(scale.zone.to) - x(scale.zone.from))} height="12" rx="4" class={`zone zone-${scale.zone.kind}`} />
      )}
      {scale.marks.map((m) => (
        <line key={m.kind} x1={x(m.at)} x2={x(m.at)} y1={TRACK_Y - 10} y2={TRACK_Y + 10} class={`mark mark-${m.kind}`} />
      ))}
      <circle cx={dot} cy={TRACK_Y} r="8" class="dot" />
      {scale.offScale && (
        <path d={scale.offScale === 'above' ? `M${dot + 10} ${TRACK_Y - 5} l6 5 l-6 5z` : `M${dot - 10} ${TRACK_Y - 5} l-6 5 l6 5z`} class="dot" />
      )}
      <text x={Math.min(Math.max(dot, 16), WIDTH - 16)} y="12" text-anchor="middle" class="you">{you}</text>
      <text x={betterAtEnd ? WIDTH - PAD : PAD} y="54" text-anchor={betterAtEnd ? 'end' : 'start'} class="better">
        {betterAtEnd ? `${better} →` : `← ${better}`}
      </text>
    </svg>
  );
}
