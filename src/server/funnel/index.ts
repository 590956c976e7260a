/** Funnel events (anonymous, per visit) and the consultants' funnel report. */
export { funnelReport, recordFunnelEvent, recordMasterclassSignup, type FunnelDeps } from './funnel.ts';
