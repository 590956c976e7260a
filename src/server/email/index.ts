/** The emails the site sends (built from the Report's view model) and their delivery through the outbox. */
export { consultantEmail, masterclassEmail, reportEmail, signInEmail, type EmailMessage } from './templates.ts';
export { drainOutbox, emailCeilings, outboxRow, resendMailer, scheduleDrain, type DrainDeps, type Mailer } from './outbox.ts';
