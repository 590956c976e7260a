import type { Locale } from '../domain/locale.ts';
import type { LocalQuestionnaire } from '../domain/report.ts';
import { useRef } from 'preact/hooks';
import { CURRENCIES, METRIC_IDS } from '../domain/metrics.ts';
import { metricsStepFields, trackedMetrics, type FieldGroup, type TrackingQuestion } from '../domain/tracked-metrics.ts';
import { parseMetricDraft } from '../domain/metric-draft.ts';
import type { DiagnosticView } from '../domain/diagnostic-form.ts';
import { fill } from '../domain/format.ts';
import { metricWorking } from '../domain/working.ts';
import { chooseReading, setCurrency, setMetricValue, setPeriod, setSegment } from '../stores/diagnostic.ts';

type Ui = LocalQuestionnaire['ui'];

interface Props {
  locale: Locale;
  segments: LocalQuestionnaire['segments'];
  ui: Pick<Ui, 'metrics' | 'inputs' | 'metric' | 'errors'> & { given?: { text: string; days: string } | undefined };
  /** The answers, the segment and the numbers as typed: the server's on the page it sent, then the stores'. */
  view: Pick<DiagnosticView, 'answers' | 'segment' | 'draft' | 'blocked'>;
  /** The checklists whose answer picks the figures asked first. */
  tracking: readonly TrackingQuestion[];
}

/** The optional metrics step: segment, period, the visitor's numbers and each metric computed live with its working. */
export function MetricsStep({ locale, segments, ui, view: { answers, segment, draft, blocked }, tracking }: Props) {
  const result = parseMetricDraft(draft, locale);
  const layout = metricsStepFields(trackedMetrics(tracking, answers));
  const t = ui.metrics;
  const working = metricWorking(result.inputs, result.values, ui, locale);
  // Open from the start when a figure behind "I also know…" was typed before; then the visitor decides.
  const moreOpen = useRef(layout.more.some((g) => g.fields.some((f) => draft.values[f]))).current;

  const fieldGroup = ({ group, fields }: FieldGroup) => (
    <fieldset class="metric-group" key={group}>
      <legend>{t[`group-${group}` as keyof typeof t]}</legend>
      <div class="field-grid">
        {fields.map((field) => {
          const view = result.fields[field] ?? {};
          const { error, choice, understood } = view;
          const id = `metric-${field}`;
          const describedBy = [understood && !choice && `${id}-read`, choice && `${id}-which`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
          return (
            <div class="field" key={field}>
              <label for={id}>{ui.inputs[field]}</label>
              <input
                id={id}
                name={field}
                type="text"
                inputMode="decimal"
                autoComplete="off"
                value={draft.values[field] ?? ''}
                aria-invalid={error || (choice && choice.chosen === null) ? 'true' : undefined}
                // Each figure to fix asks for the focus on the page the server drew again; the browser gives it to the first.
                autoFocus={blocked && Boolean(error || (choice && choice.chosen === null))}
                aria-describedby={describedBy}
                onInput={(e) => setMetricValue(field, e.currentTarget.value)}
              />
              {understood && !choice && <p class="small read-as" id={`${id}-read`}>{fill(t['read-as'], { value: understood })}</p>}
              <div aria-live="polite">
                {choice && (
                  <fieldset class="choice bare">
                    <legend class="small" id={`${id}-which`}>{fill(t.which, { raw: choice.raw })}</legend>
                    <div class="radio-row">
                      {choice.values.map((value, i) => (
                        <label key={value}>
                          <input type="radio" name={`${id}-reading`} value={String(value)} checked={choice.chosen === value} onChange={() => chooseReading(field, value)} />
                          {choice.labels[i]}
                        </label>
                      ))}
                    </div>
                  </fieldset>
                )}
              </div>
              {error && <p class="error" id={`${id}-error`}>{ui.errors[error]}</p>}
            </div>
          );
        })}
      </div>
    </fieldset>
  );

  return (
    <div>
      <p>{t.intro}</p>
      <fieldset class="metric-group">
        <legend>{t.segment}</legend>
        <div class="field-grid">
          {(['businessModel', 'dealSize'] as const).map((part) => {
            const options = part === 'businessModel' ? segments.businessModels : segments.dealSizes;
            return (
              <div class="field" key={part}>
                <label for={`segment-${part}`}>{part === 'businessModel' ? t['business-model'] : t['deal-size']}</label>
                <select id={`segment-${part}`} name={part} value={segment[part] ?? ''} onChange={(e) => setSegment(part, e.currentTarget.value)}>
                  <option value="">{t.choose}</option>
                  {options.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
                </select>
              </div>
            );
          })}
        </div>
        <fieldset class="field bare spaced">
          <legend class="label">{t.period}</legend>
          <div class="radio-row">
            {(['month', 'year'] as const).map((period) => (
              <label key={period}>
                <input type="radio" name="period" value={period} checked={draft.period === period} onChange={() => setPeriod(period)} />
                {period === 'month' ? t['period-month'] : t['period-year']}
              </label>
            ))}
          </div>
        </fieldset>
        <div class="field spaced">
          <label for="metric-currency">{t.currency}</label>
          <select id="metric-currency" name="currency" value={draft.currency ?? ''} onChange={(e) => setCurrency(e.currentTarget.value)}>
            <option value="">{t['currency-none']}</option>
            {CURRENCIES.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </div>
      </fieldset>

      {layout.fromAnswer && <p>{layout.first.length > 0 ? t['tracked-first'] : t['tracked-none']}</p>}
      {layout.first.map(fieldGroup)}
      {layout.more.length > 0 && (
        <details class="more-figures" open={moreOpen}>
          <summary>{t.more}</summary>
          {layout.more.map(fieldGroup)}
        </details>
      )}

      {blocked && result.problems.length > 0 && <p class="error" role="alert">{t['fix-first']}</p>}

      <section aria-labelledby="live-metrics">
        <h3 id="live-metrics">{t['live-title']}</h3>
        <p class="small">{t['missing-inputs']}</p>
        <ul class="live">
          {METRIC_IDS.map((id) => {
            const w = working[id];
            const need = result.needs[id];
            return (
              <li key={id} data-metric={id}>
                <strong>{ui.metric[id]}</strong>:{' '}
                {w ? (
                  <span class="working">{w.numbers}</span>
                ) : (
                  <span class="small">
                    {need.check.length > 0
                      ? fill(t.check, { fields: need.check.map((f) => ui.inputs[f]).join(', ') })
                      : need.missing.length > 0
                        ? fill(t.needs, { fields: need.missing.map((f) => ui.inputs[f]).join(', ') })
                        : t['not-computable']}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}
