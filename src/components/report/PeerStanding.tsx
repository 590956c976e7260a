import type { Locale } from '../../domain/locale.ts';
import { peerView, type PeerStanding as Standing, type PeerTexts } from '../../domain/peers.ts';

export interface PeerStandingProps {
  /** Where the visitor stands: `$peerStanding` on the results, `peerStandingFor` on the server. */
  standing: Standing;
  /** `ui.peers` of content/ui.yaml, in the report's language. */
  t: PeerTexts;
  locale: Locale;
  /** The label of the standing's business model (content/segments.yaml); unused for `all`. */
  segmentName?: string | null | undefined;
  /** The dimensions' names by id (the Report's), for the lines per dimension. */
  dimensionNames: Readonly<Record<string, string>>;
  /** `false` when each dimension shows its own `PeerLine` instead of the list here. */
  listDimensions?: boolean;
}

/**
 * "Ahead of 62 % of the 48 companies in B2B SaaS that took this diagnostic", the same per dimension,
 * and always the sample and its period; below the minimum, how many responses are still missing.
 * Renders from props only, so the server renders the same markup.
 */
export function PeerStanding({ standing, t, locale, segmentName, dimensionNames, listDimensions = true }: PeerStandingProps) {
  const view = peerView(standing, { texts: t, locale, segmentName, dimensionNames });
  return (
    <section class="peer-standing" aria-labelledby="peers-title" data-testid="peer-standing" data-segment={standing.segmentId} data-enough={String(standing.enough)}>
      <h3 id="peers-title">{view.title}</h3>
      {view.headline && <p class="peer-headline" data-testid="peer-headline"><strong>{view.headline}</strong></p>}
      {listDimensions && view.dimensions.length > 0 && (
        <ul class="peer-dimensions">
          {view.dimensions.map((d) => <li key={d.id} data-peer-dimension={d.id}>{d.text}</li>)}
        </ul>
      )}
      {view.missing && <p data-testid="peer-missing">{view.missing}</p>}
      <p class="small" data-testid="peer-sample">{view.sample}</p>
    </section>
  );
}

export interface PeerLineProps {
  standing: Standing;
  /** The dimension this line is about. */
  dimensionId: string;
  /** Its name, as the Report gives it. */
  name: string;
  t: PeerTexts;
  locale: Locale;
}

/** One dimension's place among peers ("Ahead of 40 % in Data quality"), for beside that dimension; nothing below the minimum or without a score. */
export function PeerLine({ standing, dimensionId, name, t, locale }: PeerLineProps) {
  const line = peerView({ ...standing, dimensions: standing.dimensions.filter((d) => d.id === dimensionId) }, { texts: t, locale, dimensionNames: { [dimensionId]: name } }).dimensions[0];
  return line ? <p class="small peer-line" data-testid="peer-line" data-peer-dimension={dimensionId}>{line.text}</p> : null;
}
