/** The peer percentile: distributions of the stored scores, recomputed when stale, served as JSON and placed on the server. */
export { excludeEarlierSameDay, peerStandingFor, readDistribution, readDistributions, recomputeDistributions, refreshIfStale, STALE_AFTER_MS, type StandingReport } from './distributions.ts';
export { peerDistributionResponse, PEERS_CACHE_CONTROL, type PeersDeps } from './route.ts';
