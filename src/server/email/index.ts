/** The emails the site sends: components built from the Report's view model, rendered to HTML and plain text. */
export { callRequestEmail, consultantEmail, erasureEmail, masterclassEmail, masterclassReminderEmail, masterclassSignupEmail, reportEmail, signInEmail, unsubscribeHeaders, type EmailMessage, type SessionForEmail, type UnsubscribeLinks } from './templates.tsx';
export { masterclassInvitation, type CalendarAttachment } from './ics.ts';
