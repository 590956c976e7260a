import type { ComponentChildren } from 'preact';
import type { LocalQuestionnaire, Report } from '../domain/report.ts';
import { reportView, scoreText } from '../domain/report-view.ts';

type Ui = LocalQuestionnaire['ui'];

export interface ReportViewProps {
  report: Report;
  ui: Pick<Ui, 'results'>;
  offer: Omit<LocalQuestionnaire['offer'], 'sessions'>;
  /** Rendered after the recommendations: the email form, the masterclass sign-up. */
  children?: ComponentChildren;
  /** Rendered in the offer section, e.g. the sign-up button. */
  offerAction?: ComponentChildren;
}

const BAR_WIDTH = 400;
const ROW = 46;

/** A rendering of a stored or freshly built Report through its view model; it decides nothing. Used by the results page, the permalink and the consultants' view. */
export function ReportView({ report, ui, offer, children, offerAction }: ReportViewProps) {
  const t = ui.results;
  const view = reportView(report, t);
  const overall = view.overall;
  return (
    <div class="stack">
      <section class="card" aria-labelledby="overall-title">
        <h2 id="overall-title">{t.overall}</h2>
        <div class="score-hero">
          <p class="score-big" data-testid="overall-score">
            {overall.scoreText} <small>{t['out-of']}</small>
          </p>
          {overall.band && (
            <div>
              <p><span class="band-label">{overall.band.label}</span></p>
              <p>{overall.band.summary}</p>
            </div>
          )}
          {overall.notAssessed && (
            <div data-testid="overall-not-assessed">
              <p><span class="band-label">{overall.notAssessed.label}</span></p>
              <p>{overall.notAssessed.summary}</p>
            </div>
          )}
        </div>
        {overall.notAssessed && (
          <p data-recommendation="start-measuring"><strong>{overall.notAssessed.recommendation.title}</strong><br />{overall.notAssessed.recommendation.body}</p>
        )}
      </section>

      <section class="card" aria-labelledby="dimensions-title">
        <h2 id="dimensions-title">{t.dimensions}</h2>
        <figure class="chart" style="margin:0;max-width:34rem">
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
        <div class="visually-hidden"><table>
          <caption>{t['chart-caption']}</caption>
          <thead><tr><th scope="col">{t.dimension}</th><th scope="col">{t.score}</th><th scope="col">{t.band}</th></tr></thead>
          <tbody>
            {view.dimensions.map((d) => (
              <tr key={d.id}><th scope="row">{d.name}</th><td>{d.score ?? t['not-scored']}</td><td>{d.band?.label ?? (d.notAssessed ? d.line : '')}</td></tr>
            ))}
          </tbody>
        </table></div>
        <ul class="rec-list">
          {view.dimensions.map((d) => (
            <li key={d.id} data-dimension={d.id} data-not-assessed={d.notAssessed ? 'true' : undefined}>
              <strong>{d.name}: {d.line}</strong>
              {d.summary && <><br />{d.summary}</>}
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
            {view.findings.map((f) => <li key={f.id} data-finding={f.id}><strong>{f.title}</strong><br />{f.body}</li>)}
          </ul>
        )}
      </section>

      {view.recommendations.length > 0 && (
        <section class="card" aria-labelledby="recommendations-title">
          <h2 id="recommendations-title">{t.recommendations}</h2>
          <ol class="rec-list">
            {view.recommendations.map((r) => (
              <li key={r.dimension} data-recommendation={r.dimension}>
                <strong>{r.title}</strong> <span class="small">({r.dimensionName})</span>
                <br />{r.body}
              </li>
            ))}
          </ol>
        </section>
      )}

      <section class="card" aria-labelledby="metrics-title">
        <h2 id="metrics-title">{t.metrics}</h2>
        {view.metrics.length === 0 ? (
          <p>{t['no-metrics']}</p>
        ) : (
          <div class="table-scroll">
            <table class="metrics-table">
              <thead><tr><th scope="col">{t.metrics}</th><th scope="col">{t['your-value']}</th><th scope="col">{t.benchmark}</th></tr></thead>
              <tbody>
                {view.metrics.map((m) => (
                  <tr key={m.id} data-metric={m.id}>
                    <th scope="row">{m.name}</th>
                    <td class="value">
                      {m.computable ? m.value : <span class="small">{m.value}</span>}
                      {m.note && <div class="small" data-note>{m.note}</div>}
                      {m.working && <div class="working small">{m.working.numbers}</div>}
                    </td>
                    <td>
                      {m.verdict ? (
                        <>
                          {m.verdict.label && <span class={`verdict verdict-${m.verdict.tone}`}>{m.verdict.label}</span>}{' '}
                          {m.verdict.indicative && <span class="small">({t.indicative})</span>}
                          <div>{m.verdict.figure}</div>
                          <div class="small">{t.source}: {m.verdict.source}</div>
                          {m.target && (
                            <div class="target" data-target>
                              <span class={`verdict verdict-${m.target.tone}`}>{m.target.label}</span>{' '}
                              {m.target.indicative && <span class="small">({t.indicative})</span>}
                              <div>{m.target.figure}</div>
                              <div class="small">{t.source}: {m.target.source}</div>
                            </div>
                          )}
                        </>
                      ) : m.noBenchmark ? (
                        <span class="small">{m.noBenchmark}</span>
                      ) : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {children}

      <section class="card offer" aria-labelledby="offer-title">
        <h2 id="offer-title">{offer.title}</h2>
        <p>{offer.description}</p>
        <p class="small">{offer.format}</p>
        {offerAction}
      </section>
    </div>
  );
}
