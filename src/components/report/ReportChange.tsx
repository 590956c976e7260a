import type { Locale } from '../../domain/locale.ts';
import type { Currency } from '../../domain/metrics.ts';
import {
  changeSummary, metricChangeWords, scoreChangeWords, type ChangeTexts, type ChangeWords, type MetricChange, type ReportChange as Change, type ScoreChange,
} from '../../domain/change.ts';

export type ChangeBadgeProps = { t: ChangeTexts; locale: Locale } & (
  | { score: Pick<ScoreChange, 'delta' | 'direction'> | null | undefined }
  | { metric: MetricChange | null | undefined; currency: Currency | null }
);

/**
 * The change of one score or metric since last time: "▲ +8", "▼ −1,2 p. p.", "=", with the same in
 * words for screen readers ("up 8 points", "down 1.2 pp: better"); colour only adds to the arrow and
 * the sign. Renders nothing when there is nothing to compare (not assessed then or now).
 */
export function ChangeBadge(props: ChangeBadgeProps) {
  const words: ChangeWords | null = 'score' in props
    ? scoreChangeWords(props.score, props.t, props.locale)
    : metricChangeWords(props.metric, props.currency, props.t, props.locale);
  if (!words) return null;
  return (
    <span class={`change-badge change-${words.tone}`} data-direction={words.direction} data-testid="change-badge">
      <span aria-hidden="true">{words.amount ? `${words.arrow} ${words.amount}` : words.arrow}</span>
      <span class="visually-hidden">{words.words}</span>
    </span>
  );
}

export interface ReportChangeProps {
  change: Change;
  /** `ui.change` of content/ui.yaml, in the report's language. */
  t: ChangeTexts;
  locale: Locale;
  /** The dimensions to list with their change (id and name, in order); none: the summary only. */
  dimensions?: readonly { id: string; name: string }[];
}

/**
 * What changed since the visitor's previous diagnostic: "Since 12 Mar 2026: +8 points overall", and
 * optionally each dimension's change. Renders from props only, so the server renders the same markup.
 */
export function ReportChange({ change, t, locale, dimensions }: ReportChangeProps) {
  const listed = (dimensions ?? []).map((d) => ({ ...d, change: change.dimensions.find((c) => c.id === d.id) })).filter((d) => d.change?.delta != null);
  return (
    <section class="report-change" aria-labelledby="change-title" data-testid="report-change">
      <h3 id="change-title">{t.title}</h3>
      <p data-testid="change-summary">{changeSummary(change, t, locale)}</p>
      {listed.length > 0 && (
        <ul class="change-list">
          {listed.map((d) => (
            <li key={d.id} data-change-dimension={d.id}>
              {d.name} <ChangeBadge score={d.change} t={t} locale={locale} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
