/** Funnel events (anonymous, per visit) and the consultants' funnel report. */
export { funnelReport, rebuildFunnelRollup, recordFunnelEvent, recordMasterclassSignup, storeFunnelEvent, type FunnelDeps, type FunnelWriter, type StoredFunnelEvent } from './funnel.ts';
