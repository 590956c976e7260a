import type { CatalogFinding, CatalogRecommendation } from '../domain/results-preview.ts';
import { FindingItem, RecommendationItem } from './report/ReportItems.tsx';

interface Props {
  findings: readonly CatalogFinding[];
  recommendations: readonly CatalogRecommendation[];
  /** The results page's own headings for findings and recommendations, in the catalog's language. */
  t: { findings: string; recommendations: string };
}

/**
 * Every finding and every recommendation of the content, each drawn as the results page draws it,
 * followed by its id and when it shows, so a content author finds the one they edited (the
 * consultants' preview, `?all=1`).
 */
export function ContentCatalog({ findings, recommendations, t }: Props) {
  return (
    <div class="stack" data-testid="content-catalog">
      <section class="card" aria-labelledby="catalog-findings-title">
        <h2 id="catalog-findings-title">{t.findings} ({findings.length})</h2>
        <ul class="finding-list">
          {findings.map((f) => (
            <FindingItem key={f.id} finding={f}>
              <br /><span class="small catalog-meta"><code data-catalog-id={f.id}>{f.id}</code> · {f.when}</span>
            </FindingItem>
          ))}
        </ul>
      </section>
      <section class="card" aria-labelledby="catalog-recommendations-title">
        <h2 id="catalog-recommendations-title">{t.recommendations} ({recommendations.length})</h2>
        <ol class="rec-list">
          {recommendations.map((r) => (
            <RecommendationItem key={r.id} recommendation={r}>
              <br /><span class="small catalog-meta"><code data-catalog-id={r.id}>{r.id}</code> · {r.when}</span>
            </RecommendationItem>
          ))}
        </ol>
      </section>
    </div>
  );
}
