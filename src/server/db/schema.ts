import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Report } from '../../domain/report.ts';
import type { Answers } from '../../domain/scoring.ts';
import type { MetricInputs } from '../../domain/metrics.ts';
import type { Segment } from '../../domain/schemas/segment.ts';

/** A completed diagnostic with its contact, and the Report as the visitor saw it. */
export const submissions = pgTable(
  'submissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Secret part of the results permalink (192 random bits, base64url). */
    token: text('token').notNull().unique(),
    idempotencyKey: uuid('idempotency_key').notNull().unique(),
    locale: text('locale').notNull(),
    answers: jsonb('answers').$type<Answers>().notNull(),
    metricInputs: jsonb('metric_inputs').$type<MetricInputs | null>(),
    segment: jsonb('segment').$type<Segment>().notNull(),
    report: jsonb('report').$type<Report>().notNull(),
    questionnaireVersion: text('questionnaire_version').notNull(),
    overallScore: integer('overall_score'),
    band: text('band'),
    contactName: text('contact_name').notNull(),
    contactEmail: text('contact_email').notNull(),
    contactCompany: text('contact_company'),
    contactRole: text('contact_role'),
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
    masterclass: boolean('masterclass').notNull().default(false),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    /** Salted SHA-256 of the client IP, for the rate limit. */
    ipHash: text('ip_hash').notNull(),
    status: text('status').notNull().default('new'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('submissions_ip_created_idx').on(table.ipHash, table.createdAt), index('submissions_created_idx').on(table.createdAt)],
);

/** Emails to send, written in the same transaction as what they are about; sent after commit. */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<'report' | 'consultant' | 'masterclass' | 'sign-in'>().notNull(),
    to: text('to').array().notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    submissionId: uuid('submission_id').references(() => submissions.id),
    attempts: integer('attempts').notNull().default(0),
    /** When the next delivery attempt may start (backoff after a failure). */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** While set in the future, one worker is sending this row and no other may take it. */
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    providerId: text('provider_id'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('outbox_pending_idx').on(table.sentAt, table.nextAttemptAt)],
);

/** Masterclass sign-ups, one per email address. */
export const masterclassSignups = pgTable('masterclass_signups', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  locale: text('locale').notNull(),
  submissionId: uuid('submission_id').references(() => submissions.id),
  consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
  ipHash: text('ip_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
