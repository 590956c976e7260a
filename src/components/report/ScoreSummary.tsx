import type { ShareView } from '../../domain/share-view.ts';
import { formatNumber } from '../../domain/format.ts';

/** The labels ScoreSummary shows (`share` in `content/ui.yaml`, localized). */
export interface ScoreSummaryTexts {
  overall: string;
  dimensions: string;
  plan: string;
  'out-of': string;
}

interface Props {
  view: ShareView;
  t: ScoreSummaryTexts;
}

/**
 * A compact result from props only (so the server renders the same markup): the overall score and
 * band, a bar per area with its score and band in words (never colour alone), and the plan's titles.
 * Renders a `ShareView`, which holds nothing personal; the share page uses it as is.
 */
export function ScoreSummary({ view, t }: Props) {
  const score = (value: number | null) => (value === null ? '—' : formatNumber(value, view.locale, 0));
  return (
    <div class="stack score-summary">
      <section class="card" aria-labelledby="summary-overall">
        <h2 id="summary-overall">{t.overall}</h2>
        <p class="summary-score">
          <strong>{score(view.overall.score)}</strong> <span>{t['out-of']}</span>
        </p>
        {view.overall.label && <p class="summary-band">{view.overall.label}</p>}
      </section>
      <section class="card" aria-labelledby="summary-dimensions">
        <h2 id="summary-dimensions">{t.dimensions}</h2>
        <ul class="summary-bars">
          {view.dimensions.map((d) => (
            <li key={d.id}>
              <span class="summary-bar-name">{d.name}</span>
              <span class="summary-bar-value">
                {score(d.score)} {d.score !== null && t['out-of']} · {d.label}
              </span>
              <span class="summary-bar" aria-hidden="true">
                <span style={`width:${Math.max(0, Math.min(100, d.score ?? 0))}%`} />
              </span>
            </li>
          ))}
        </ul>
      </section>
      {view.plan.length > 0 && (
        <section class="card" aria-labelledby="summary-plan">
          <h2 id="summary-plan">{t.plan}</h2>
          <ol>
            {view.plan.map((step) => (
              <li key={step.title}>
                <strong>{step.title}</strong> <span class="muted">({step.dimensionName})</span>
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
