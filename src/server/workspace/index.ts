/** The consultants' workspace: the list of submissions, a submission's detail, status, notes, resend, CSV export, the language it is shown in, and the results preview's texts. */
export {
  addNote, changeStatus, crmDeliveriesOf, masterclassCsv, masterclassSignupList, signupsBySession, type MasterclassSignupRow, filtersToSearchParams, getSubmission, isSuppressed, listSubmissions, resendReport,
  SubmissionFiltersSchema, submissionsCsv, submissionsCsvStream, workspaceAction, WorkspaceError, type WorkspaceAction,
} from './workspace.ts';
export { HISTORY_LIMIT, submissionHistory, type HistoryEntry } from './history.ts';
export { formatWorkspaceDateTime, localeFromAcceptLanguage, workspaceLocale, workspaceLocaleHref } from './locale.ts';
