/** The consultants' workspace: the list of submissions, a submission's detail, status, notes, resend, CSV export. */
export {
  addNote, allSubmissionsForExport, changeStatus, filtersToSearchParams, getSubmission, listSubmissions, resendReport,
  STATUSES, SubmissionFiltersSchema, submissionsCsv, WorkspaceError,
} from './workspace.ts';
