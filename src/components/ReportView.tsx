import type { ComponentChildren } from 'preact';
import type { LocalQuestionnaire, Report } from '../domain/report.ts';
import { reportView, scoreText, type MetricVerdict } from '../domain/report-view.ts';
import { fill } from '../domain/format.ts';
import { MetricRange } from './report/MetricRange.tsx';
import { FindingItem, RecommendationItem } from './report/ReportItems.tsx';

type Ui = LocalQuestionnaire['ui'];

export interface ReportViewProps {
  report: Report;
  ui: Pick<Ui, 'results' | 'call'>;
  offer: Omit<LocalQuestionnaire['offer'], 'sessions'>;
  /** Rendered after the metrics: the email form, the actions. */
  children?: ComponentChildren;
  /** The masterclass's sign-up button on this page. */
  offerAction?: ComponentChildren;
  /** The call's button on this page (the results page: to the email form; the permalink: to its call form). */
  callAction?: ComponentChildren;
  /** A whole call section replacing the built-in one (the permalink's request form, `#call`). */
  callSection?: ComponentChildren;
  /** Under the score, the plan and the band's summary: the change since last time, the peer standing. */
  overallExtras?: ComponentChildren;
  /** Beside each area: its peer line, its change. */
  dimensionExtras?: (dimensionId: string) => ComponentChildren;
  /** Beside each metric: its change. */
  metricExtras?: (metricId: string) => ComponentChildren;
  /** Where to revise an area's answers (its step of the diagnostic); no link without it. */
  reviseHref?: (dimensionIndex: number) => string;
  /** `false` leaves out the call and the masterclass (the consultants' view). */
  offers?: boolean;
}

const BAR_WIDTH = 300;
const ROW = 46;

/**
 * A rendering of a stored or freshly built Report through its view model; it decides nothing, and
 * renders from its props alone, so the server draws the same markup as the browser. Used by the
 * results page, the permalink and the consultants' view.
 *
 * The first screen holds the score, the band and the short plan; then what the band leads with (a
 * call, or the masterclass), the areas, the findings, the recommendations in full, the metrics.
 */
export function ReportView(props: ReportViewProps) {
  const { report, ui, offer, children, offerAction, callAction, callSection, overallExtras, dimensionExtras, metricExtras, reviseHref, offers = true } = props;
  const t = ui.results;
  const view = reportView(report, t);
  const overall = view.overall;
  const planLabel = { month: t['this-month'], quarter: t['this-quarter'] };
  const call = (lead: boolean) => callSection ?? (
    <section class={`card${lead ? ' next-step' : ''}`} aria-labelledby="next-call-title" data-next-step={lead ? 'call' : undefined}>
      <h2 id="next-call-title">{ui.call.title}</h2>
      <p>{lead ? ui.call.intro : t['call-second']}</p>
      {callAction}
    </section>
  );
  const masterclass = (lead: boolean) => (
    <section class={`card offer${lead ? ' next-step' : ''}`} aria-labelledby="offer-title" data-next-step={lead ? 'masterclass' : undefined}>
      <h2 id="offer-title">{offer.title}</h2>
      <p>{offer.description}</p>
      <p class="small">{offer.format}</p>
      {offerAction}
    </section>
  );
  return (
    <div class="stack report">
      <section class="card score-card" aria-labelledby="overall-title">
        <h2 id="overall-title">{t.overall}</h2>
        <div class="score-row">
          <p class="score-big" data-testid="overall-score">
            {overall.scoreText} <small>{t['out-of']}</small>
          </p>
          {overall.band && <p class="band-label" data-band={overall.band.id}>{overall.band.label}</p>}
          {overall.notAssessed && <p class="band-label" data-testid="overall-not-assessed">{overall.notAssessed.label}</p>}
        </div>
        {view.plan.length > 0 && (
          <div class="plan" data-testid="plan">
            <h3>{t.plan}</h3>
            <ol>
              {view.plan.map((item) => (
                <li key={item.dimension} data-horizon={item.horizon}>
                  <span class={`horizon horizon-${item.horizon}`}>{planLabel[item.horizon]}</span>{' '}
                  <a href={`#recommendation-${item.dimension}`}>{item.title}</a> <span class="small">({item.dimensionName})</span>
                </li>
              ))}
            </ol>
          </div>
        )}
        {overall.notAssessed && (
          <p data-recommendation="start-measuring"><strong>{overall.notAssessed.recommendation.title}</strong><br />{overall.notAssessed.recommendation.body}</p>
        )}
        <p class="band-summary">{overall.band?.summary ?? overall.notAssessed?.summary}</p>
        {overallExtras}
      </section>

      {offers && (view.nextStep === 'masterclass' ? masterclass(true) : call(true))}

      <section class="card" aria-labelledby="dimensions-title">
        <h2 id="dimensions-title">{t.dimensions}</h2>
        <figure class="chart">
          <svg viewBox={`0 0 ${BAR_WIDTH} ${view.dimensions.length * ROW}`} aria-hidden="true" focusable="false">
            {view.dimensions.map((d, i) => (
              <g key={d.id} transform={`translate(0 ${i * ROW})`}>
                <text x="0" y="16" font-size="14">{d.name}</text>
                <text x={BAR_WIDTH} y="16" font-size="14" text-anchor="end" font-weight="700">{scoreText(d.score)}</text>
                <rect x="0" y="24" width={BAR_WIDTH} height="12" rx="6" fill="#e1e7ec" />
                <rect x="0" y="24" width={((d.score ?? 0) / 100) * BAR_WIDTH} height="12" rx="6" fill="#0b4f6c" />
              </g>
            ))}
          </svg>
          <figcaption class="visually-hidden">{t['chart-caption']}</figcaption>
        </figure>
        <ul class="dimension-results">
          {view.dimensions.map((d, index) => (
            <li key={d.id} data-dimension={d.id} data-not-assessed={d.notAssessed ? 'true' : undefined}>
              <strong>{d.name}: {d.line}</strong>
              {dimensionExtras?.(d.id)}
              {d.summary && <p>{d.summary}</p>}
              {reviseHref && <p class="no-print"><a href={reviseHref(index)} data-revise={d.id}>{fill(t.revise, { area: d.name })}</a></p>}
            </li>
          ))}
        </ul>
        {view.dontKnowNote && <p class="small">{view.dontKnowNote}</p>}
      </section>

      <section class="card" aria-labelledby="findings-title">
        <h2 id="findings-title">{t.findings}</h2>
        {view.findings.length === 0 ? (
          <p>{t['no-findings']}</p>
        ) : (
          <ul class="finding-list">
            {view.findings.map((f) => <FindingItem key={f.id} finding={f} />)}
          </ul>
        )}
      </section>

      {view.recommendations.length > 0 && (
        <section class="card" aria-labelledby="recommendations-title">
          <h2 id="recommendations-title">{t.recommendations}</h2>
          <ol class="rec-list">
            {view.recommendations.map((r, index) => {
              const horizon = view.plan[index]?.horizon;
              return <RecommendationItem key={r.dimension} recommendation={r} anchor={`recommendation-${r.dimension}`} horizon={horizon && { id: horizon, label: planLabel[horizon] }} />;
            })}
          </ol>
        </section>
      )}

      <section class="card" aria-labelledby="metrics-title">
        <h2 id="metrics-title">{t.metrics}</h2>
        {view.metrics.length === 0 ? (
          <p>{t['no-metrics']}</p>
        ) : (
          <ul class="metric-cards">
            {view.metrics.map((m) => (
              <li key={m.id} class="metric-card" data-metric={m.id}>
                <h3>{m.name}</h3>
                <p class={m.computable ? 'metric-value' : 'metric-value small'}>{m.value}</p>
                {metricExtras?.(m.id)}
                {m.note && <p class="small" data-note>{m.note}</p>}
                {m.verdict ? (
                  <Comparison verdict={m.verdict} t={t} />
                ) : m.noBenchmark ? (
                  <p class="small">{m.noBenchmark}</p>
                ) : null}
                {m.target && (
                  <div class="target" data-target>
                    <Comparison verdict={m.target} t={t} />
                  </div>
                )}
                {m.working && <p class="working small">{m.working.numbers}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>

      {children}

      {offers && (view.nextStep === 'masterclass' ? call(false) : masterclass(false))}
    </div>
  );
}

/** A metric's comparison with one sourced figure: the dot on the source's scale, the verdict in words, the figure and its source. */
function Comparison({ verdict, t }: { verdict: MetricVerdict; t: Ui['results'] }) {
  return (
    <div class="comparison">
      {verdict.scale && <MetricRange scale={verdict.scale} tone={verdict.tone} you={t.you} better={t.better} />}
      <p>
        {verdict.label && <span class={`verdict verdict-${verdict.tone}`}>{verdict.label}</span>}{' '}
        {verdict.indicative && <span class="small">({t.indicative})</span>}
      </p>
      <p class="small">{verdict.figure}</p>
      <p class="small">{t.source}: {verdict.source}</p>
    </div>
  );
}
