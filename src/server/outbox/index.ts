/** Email delivery: rendered messages stored with the data they belong to, then sent by the drain after each response, with retries and hourly ceilings. */
export { backoffMs, drainOutbox, emailCeilings, NON_TRANSACTIONAL, outboxRow, resendMailer, scheduleDrain, type DrainDeps, type Mailer } from './outbox.ts';
