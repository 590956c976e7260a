/** Leads: submissions and masterclass sign-ups taken and stored, their permalinks, and bots' submissions kept apart. */
export { createSubmission, storeSubmission, type LeadDeps } from './submissions.ts';
export { submissionEmailRenderer } from './emails.ts';
export { createMasterclassSignup, readSignup, registerMasterclass, seatsTaken, type SignupDone } from './masterclass.ts';
export { findReportByToken } from './permalink.ts';
export { changeFor, changeForToken, retakeResponse, type RetakeDeps } from './retake.ts';
export { pruneSuspectedSubmissions } from './decoy.ts';
export { readCallRequest, requestCall } from './call-request.ts';
export { confirmErasure, eraseSubmission, requestErasure, unsubscribe } from './erasure.ts';
