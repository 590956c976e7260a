import type { ComponentChildren } from 'preact';

/**
 * A finding as the results page shows it: its title, then its text. `children` come after the text
 * (the consultants' preview adds the finding's id and conditions there).
 */
export function FindingItem({ finding, children }: { finding: { id: string; title: string; body: string }; children?: ComponentChildren }) {
  return <li data-finding={finding.id}><strong>{finding.title}</strong><br />{finding.body}{children}</li>;
}

/**
 * A recommendation as the results page shows it: when to do it (`horizon`, on the plan), its title
 * and area, then its text. `anchor` is its element id (the plan links to it); `children` come after the text.
 */
export function RecommendationItem({ recommendation, horizon, anchor, children }: {
  recommendation: { dimension: string; dimensionName: string; title: string; body: string };
  horizon?: { id: string; label: string } | undefined;
  anchor?: string | undefined;
  children?: ComponentChildren;
}) {
  return (
    <li id={anchor} data-recommendation={recommendation.dimension}>
      {horizon && <><span class={`horizon horizon-${horizon.id}`}>{horizon.label}</span><br /></>}
      <strong>{recommendation.title}</strong> <span class="small">({recommendation.dimensionName})</span>
      <br />{recommendation.body}
      {children}
    </li>
  );
}
