/** The emails the site sends: components built from the Report's view model, rendered to HTML and plain text. */
export { callRequestEmail, consultantEmail, masterclassEmail, reportEmail, signInEmail, type EmailMessage } from './templates.tsx';
