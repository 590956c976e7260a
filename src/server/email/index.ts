/** The emails the site sends: components built from the Report's view model, rendered to HTML and plain text. */
export { callRequestEmail, consultantEmail, erasureEmail, masterclassEmail, reportEmail, signInEmail, unsubscribeHeaders, type EmailMessage, type UnsubscribeLinks } from './templates.tsx';
