/** Funnel events (anonymous, per visit) and the consultants' funnel report. */
export { funnelReport, recordFunnelEvent, type FunnelDeps } from './funnel.ts';
