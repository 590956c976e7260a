import { atom, computed, onMount } from 'nanostores';
import { dimensionSignature, peerSegments, peerStanding, preferredStanding, scopeKey, type PeerDistribution, type PeerStanding } from '../domain/peers.ts';
import { $questionnaire, $report } from './results.ts';

/**
 * The peer percentile on the results page: the distributions of peers' scores are fetched (cacheable
 * JSON, no answer sent: only the questionnaire's dimension signature and the business model are in
 * the address), and the visitor's scores are placed in them here, in the browser.
 */

/** The distributions fetched on this page, by `<scope>:<segment>`. */
export const $peerDistributions = atom<Readonly<Record<string, PeerDistribution>>>({});

/** Distributions being fetched now. */
const inFlight = new Set<string>();

/** The address of one distribution: `/api/peers/<scope>/<segment>.json`. */
export const peersPath = (scope: string, segment: string) => `/api/peers/${scope}/${encodeURIComponent(segment)}.json`;

/** Scopes and segments the current Report is compared within, most specific first. */
function wanted(): string[] {
  const report = $report.get();
  const questionnaire = $questionnaire.get();
  if (!report || !questionnaire) return [];
  const scope = dimensionSignature(report.dimensions.map((d) => d.id));
  return peerSegments(report.segment.businessModel, questionnaire.segments.peers.allCompaniesOnly).map((segment) => scopeKey(scope, segment));
}

/**
 * Fetches each distribution the current Report is compared within, once per page. A failed fetch
 * leaves the comparison out (and is tried again on the next change of the Report).
 */
export async function fetchPeerDistributions(): Promise<void> {
  await Promise.all(wanted().filter((key) => !inFlight.has(key) && !$peerDistributions.get()[key]).map(async (key) => {
    inFlight.add(key);
    const [scope, segment] = key.split(':') as [string, string];
    try {
      const response = await fetch(peersPath(scope, segment));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const distribution = (await response.json()) as PeerDistribution;
      // Read after the await: another distribution may have arrived meanwhile.
      $peerDistributions.set({ ...$peerDistributions.get(), [key]: distribution });
    } catch {
      // Left out of the page; fetched again on the next change of the Report.
    } finally {
      inFlight.delete(key);
    }
  }));
}

/** Where the visitor stands (`preferredStanding`); `null` until every distribution it needs has arrived. */
export const $peerStanding = computed([$report, $peerDistributions], (report, distributions): PeerStanding | null => {
  if (!report) return null;
  const found = wanted().map((key) => distributions[key]);
  if (found.length === 0 || found.some((d) => !d)) return null;
  return preferredStanding(found.map((d) => peerStanding(d!, report)));
});

// Fetched only while something shows the standing, and again when the Report's segment changes.
onMount($peerStanding, () => $report.subscribe(() => void fetchPeerDistributions()));
