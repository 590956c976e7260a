/** Leads: submissions and masterclass sign-ups taken and stored, their permalinks, and bots' submissions kept apart. */
export { createMasterclassSignup, createSubmission, readSignup, registerMasterclass, type LeadDeps, type SignupDone } from './submissions.ts';
export { findReportByToken } from './permalink.ts';
export { pruneSuspectedSubmissions } from './decoy.ts';
export { readCallRequest, requestCall } from './call-request.ts';
export { confirmErasure, eraseSubmission, requestErasure, unsubscribe } from './erasure.ts';
