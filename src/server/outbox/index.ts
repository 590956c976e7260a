/** Email delivery: messages stored with the data they belong to (or queued to be rendered from it), then rendered and sent by the drain after each response, with retries and hourly ceilings. */
export {
  backoffMs, drainOutbox, emailCeilings, NON_TRANSACTIONAL, outboxRow, renderPending, resendMailer, scheduleDrain, unrenderedOutboxRow,
  type DrainDeps, type EmailRenderer, type Mailer, type RenderOutcome,
} from './outbox.ts';
