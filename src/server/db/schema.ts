import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Report } from '../../domain/report.ts';
import type { AnswerSheetRow } from '../../domain/answer-sheet.ts';
import type { Answers } from '../../domain/scoring.ts';
import type { MetricInputs } from '../../domain/metrics.ts';
import type { Segment } from '../../domain/schemas/segment.ts';
import type { CallRequest } from '../../domain/schemas/call-request.ts';
import type { Consents } from '../../domain/schemas/consent.ts';
import type { FirstTouch } from '../../domain/schemas/first-touch.ts';
import type { CrmEvent } from '../../domain/schemas/crm-event.ts';

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
    /** The Report as built; older rows hold older shapes, so read it back through `readStoredReport`. */
    report: jsonb('report').$type<Report>().notNull(),
    /** The questions and answers in the wording the visitor read. */
    answerSheet: jsonb('answer_sheet').$type<AnswerSheetRow[]>().notNull().default([]),
    questionnaireVersion: text('questionnaire_version').notNull(),
    overallScore: integer('overall_score'),
    band: text('band'),
    /** Emptied when the lead is erased (`erasedAt`), like every other personal field. */
    contactName: text('contact_name').notNull(),
    contactEmail: text('contact_email').notNull(),
    contactCompany: text('contact_company'),
    contactRole: text('contact_role'),
    /** Company size, an id of `companySizes` in content/segments.yaml. */
    companySize: text('company_size'),
    /** When the visitor agreed to receive the report (the first of `consents`). */
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
    /** Each choice the visitor made, with its time and the version of the text shown (`src/domain/schemas/consent.ts`). */
    consents: jsonb('consents').$type<Consents>().notNull().default({}),
    /** Where the visit came from the first time (UTM parameters, referrer). */
    firstTouch: jsonb('first_touch').$type<FirstTouch | null>(),
    /** When the lead's personal data was erased; only the anonymous scores remain. */
    erasedAt: timestamp('erased_at', { withTimezone: true }),
    masterclass: boolean('masterclass').notNull().default(false),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    /** Salted SHA-256 of the client IP, for the rate limit; null once erased. */
    ipHash: text('ip_hash'),
    status: text('status').notNull().default('new'),
    /** When the prospect asked to be called, with the site's own form (`src/domain/schemas/call-request.ts`); null until then. */
    callRequest: jsonb('call_request').$type<CallRequest>(),
    callRequestedAt: timestamp('call_requested_at', { withTimezone: true }),
    /**
     * The consultant following the lead up (`consultants.email`), null while nobody is: the email, not
     * a surrogate id, because the email is what a consultant signs in with, what `actor` records and
     * where notices go; a consultant is never renamed, only removed and invited again.
     */
    assignedTo: text('assigned_to').references(() => consultants.email),
    /** The same person's previous submission (same email), when there is one: what the report's change is measured against. */
    previousSubmissionId: uuid('previous_submission_id').references((): AnyPgColumn => submissions.id),
    /**
     * The submitter proved they hold the previous submission's permalink (they took it again from it,
     * `retakeOf`): only then does this permalink show the change, since whoever types an address
     * must not see that address's earlier scores. The email, which goes to the address, always does.
     */
    previousProven: boolean('previous_proven').notNull().default(false),
    /**
     * Counted in the peer distributions (`peer_distributions`): false for a duplicate (a later
     * submission from the same email the same UTC day replaces it there). Kept on erasure: an
     * erased lead's anonymous scores still count.
     */
    countsInPeers: boolean('counts_in_peers').notNull().default(true),
    /** Secret of the public share link of the scores (no contact data); null while not shared or once revoked. */
    shareToken: text('share_token').unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** `segment.businessModel`, kept by the database: what the workspace filters on without reading the segment. */
    businessModel: text('business_model').generatedAlwaysAs(sql`segment ->> 'businessModel'`),
    /** `segment.dealSize`, kept by the database like `businessModel`. */
    dealSize: text('deal_size').generatedAlwaysAs(sql`segment ->> 'dealSize'`),
    /**
     * Each dimension's score in the stored Report, by dimension id (`{"data-quality": 60, "tooling": null}`),
     * kept by the database (`submission_dimension_scores`, in the migration `workspace_scale_functions`):
     * the workspace's "dimension below" filter reads it from the list's index instead of opening every
     * Report. `null` when the Report has no readable dimensions.
     */
    dimensionScores: jsonb('dimension_scores').$type<Record<string, number | null> | null>().generatedAlwaysAs(sql`submission_dimension_scores(report)`),
    /**
     * What the CSV export writes of the stored Report, kept by the database (`submission_report_figures`,
     * in the migration `workspace_scale_functions`): its `shapeVersion` and `currency`, and each
     * dimension's `id` and `score` and each metric's `id` and `value`, keys left out where the Report has
     * none; read through `readStoredFigures`. A few hundred bytes beside the row, so an export never
     * opens the Reports.
     */
    reportFigures: jsonb('report_figures').generatedAlwaysAs(sql`submission_report_figures(report)`),
    /** `firstTouch.source` (utm_source), kept by the database: the workspace's source filter reads it from the list's index. */
    firstTouchSource: text('first_touch_source').generatedAlwaysAs(sql`first_touch ->> 'source'`),
    /** `firstTouch.referrer`, kept by the database like `firstTouchSource`. */
    firstTouchReferrer: text('first_touch_referrer').generatedAlwaysAs(sql`first_touch ->> 'referrer'`),
  },
  (table) => [
    index('submissions_ip_created_idx').on(table.ipHash, table.createdAt),
    index('submissions_created_idx').on(table.createdAt),
    index('submissions_email_created_idx').on(sql`lower(${table.contactEmail})`, table.createdAt),
    // An erasure unlinks the later submissions that point at the erased one.
    index('submissions_previous_idx').on(table.previousSubmissionId),
    /**
     * The workspace list: its order (read backwards: newest first), then every column its filters compare, so a page,
     * its total and the CSV export's batches are read from the index alone (an index-only scan) and
     * only the rows shown are fetched. Erased leads are never listed.
     */
    index('submissions_list_idx')
      .on(
        table.createdAt,
        table.id,
        table.band,
        table.locale,
        table.status,
        table.masterclass,
        table.callRequestedAt,
        table.businessModel,
        table.dealSize,
        table.firstTouchSource,
        table.firstTouchReferrer,
        table.dimensionScores,
      )
      .where(sql`erased_at is null`),
    // The list's search (`q`) and source filters are `ilike '%…%'`: trigram indexes (pg_trgm) answer them.
    index('submissions_name_trgm_idx').using('gin', table.contactName.op('gin_trgm_ops')),
    index('submissions_email_trgm_idx').using('gin', table.contactEmail.op('gin_trgm_ops')),
    index('submissions_company_trgm_idx').using('gin', table.contactCompany.op('gin_trgm_ops')),
    index('submissions_source_trgm_idx').using('gin', table.firstTouchSource.op('gin_trgm_ops')),
    index('submissions_referrer_trgm_idx').using('gin', table.firstTouchReferrer.op('gin_trgm_ops')),
  ],
);

/**
 * Submissions taken for a bot's (`src/server/leads/decoy.ts`): answered and given a working permalink
 * exactly like real ones, so a bot cannot tell, but never emailed, never shown in the workspace,
 * its CSV or the funnel. Kept 30 days to see what bots send, then pruned.
 */
export const suspectedSubmissions = pgTable(
  'suspected_submissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Secret part of the decoy permalink, like `submissions.token`. */
    token: text('token').notNull().unique(),
    idempotencyKey: uuid('idempotency_key').notNull().unique(),
    locale: text('locale').notNull(),
    /** The Report a real submission with these answers would have stored (read back through `readStoredReport`). */
    report: jsonb('report').$type<Report>().notNull(),
    /** Why it was taken for a bot's: `honeypot`, `too-fast` or `no-start-token`. */
    reason: text('reason').$type<'honeypot' | 'too-fast' | 'no-start-token'>().notNull(),
    /** Salted SHA-256 of the client IP. */
    ipHash: text('ip_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('suspected_submissions_created_idx').on(table.createdAt)],
);

/**
 * The distribution of scores of the stored submissions, per scope (a questionnaire's dimensions and
 * a segment), kept as histograms only: what `/api/peers/…` serves and the peer percentile is read
 * from. Recomputed from `submissions` when stale; never holds a single submission.
 */
export const peerDistributions = pgTable('peer_distributions', {
  /** e.g. `<dimensions signature>:all` or `<dimensions signature>:saas`. */
  scope: text('scope').primaryKey(),
  /** How many submissions the histograms count. */
  sample: integer('sample').notNull(),
  /** Per dimension id and `overall`: counts of scores per bucket (`src/domain/peers.ts`). */
  histograms: jsonb('histograms').$type<Record<string, number[]>>().notNull(),
  /** The earliest and latest submission counted. */
  periodStart: timestamp('period_start', { withTimezone: true }),
  periodEnd: timestamp('period_end', { withTimezone: true }),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Emails to send, written in the same transaction as what they are about; sent after commit. A new
 * submission's emails are queued unrendered (`renderFrom` set; no subject, body or recipients for the
 * consultants' notice yet): the drain renders them from the stored submission after the response,
 * and only a rendered row is ever sent.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<OutboxEmailKind>().notNull(),
    to: text('to').array().notNull(),
    /** Null while the row waits to be rendered (`renderFrom`). */
    subject: text('subject'),
    html: text('html'),
    text: text('text'),
    /** Set on a row queued unrendered: the site's address its links use; the rest is read from its submission. Null once rendered. */
    renderFrom: jsonb('render_from').$type<{ site: string }>(),
    submissionId: uuid('submission_id').references(() => submissions.id),
    attempts: integer('attempts').notNull().default(0),
    /** When the next delivery attempt may start (backoff after a failure). */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** While set in the future, one worker is sending this row and no other may take it. */
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** After this the email is worthless (a sign-in link that has expired): it is dropped, never sent late. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** Set instead of `sentAt` when the email was given up (expired before it could go out). */
    droppedAt: timestamp('dropped_at', { withTimezone: true }),
    providerId: text('provider_id'),
    lastError: text('last_error'),
    /** Extra headers sent with the email (`List-Unsubscribe`, `List-Unsubscribe-Post`). */
    headers: jsonb('headers').$type<Record<string, string>>(),
    /** Files attached (a masterclass invitation), content base64. */
    attachments: jsonb('attachments').$type<{ filename: string; contentType: string; content: string }[]>(),
    /** What the provider reported after sending (`delivered`, `bounced`, `complained`…), from its signed webhooks. */
    deliveryState: text('delivery_state'),
    deliveryStateAt: timestamp('delivery_state_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('outbox_pending_idx').on(table.sentAt, table.nextAttemptAt),
    index('outbox_provider_idx').on(table.providerId),
    index('outbox_submission_idx').on(table.submissionId),
    // An erasure deletes every email to the address.
    index('outbox_to_idx').using('gin', table.to),
    // The drain's claim of rows to render: a handful among every email ever sent.
    index('outbox_unrendered_idx').on(table.createdAt).where(sql`${table.renderFrom} is not null`),
    check('outbox_rendered_or_pending', sql`${table.renderFrom} is not null or (${table.subject} is not null and ${table.html} is not null and ${table.text} is not null)`),
  ],
);

/**
 * Every email kind. `report`, `masterclass`, `erasure` and `sign-in` answer something the person
 * just asked for (transactional); `reminder` and `resend` are not, so they go only to addresses
 * not in `emailSuppressions`. `consultant` and `call-request` go to the consultants.
 */
export type OutboxEmailKind = 'report' | 'consultant' | 'masterclass' | 'sign-in' | 'call-request' | 'erasure' | 'reminder' | 'resend';

/**
 * Addresses that must not get non-transactional email: unsubscribed (RFC 8058 one-click or the
 * link), bounced or complained (the provider's webhooks). Kept as a salted SHA-256 of the
 * address, so it survives the erasure of the lead.
 */
export const emailSuppressions = pgTable('email_suppressions', {
  emailHash: text('email_hash').primaryKey(),
  reason: text('reason').$type<'unsubscribed' | 'bounced' | 'complained'>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Events for the CRM (HubSpot) and the generic webhook, written in the same transaction as what
 * they are about, delivered after the response like the emails: one row per event and target,
 * retried with backoff; `id` is the event id the receivers deduplicate on.
 */
export const crmDeliveries = pgTable(
  'crm_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** `hubspot` or `webhook`. */
    target: text('target').$type<'hubspot' | 'webhook'>().notNull(),
    /** The event as delivered (`src/domain/schemas/crm-event.ts`); its `id` is the same for every target. */
    event: jsonb('event').$type<CrmEvent>().notNull(),
    submissionId: uuid('submission_id').references(() => submissions.id),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** Set when retrying stopped (too many attempts). */
    failedAt: timestamp('failed_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('crm_deliveries_pending_idx').on(table.deliveredAt, table.nextAttemptAt),
    index('crm_deliveries_submission_idx').on(table.submissionId),
    // An erasure deletes the events about the address, with or without a submission.
    index('crm_deliveries_email_idx').on(sql`(${table.event}->'lead'->>'email')`),
  ],
);

/** Masterclass sign-ups, one per email address. */
export const masterclassSignups = pgTable('masterclass_signups', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  locale: text('locale').notNull(),
  submissionId: uuid('submission_id').references(() => submissions.id),
  /** The session chosen (`sessions[].id` in content/offer.yaml); null for sign-ups made before sessions existed. */
  sessionId: text('session_id'),
  /** Signed up when the session was full: told when a place opens. */
  waitlisted: boolean('waitlisted').notNull().default(false),
  consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
  /** The version of the consent text shown. */
  consentVersion: text('consent_version'),
  ipHash: text('ip_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [index('masterclass_signups_submission_idx').on(table.submissionId)]);

/** What happened to a submission in the consultants' workspace: status changes, notes, resent reports. */
export const submissionActivity = pgTable(
  'submission_activity',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    submissionId: uuid('submission_id').notNull().references(() => submissions.id),
    /** The consultant's email. */
    actor: text('actor').notNull(),
    kind: text('kind').$type<'status' | 'note' | 'resend' | 'erased' | 'assigned'>().notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('submission_activity_submission_idx').on(table.submissionId, table.createdAt)],
);

/**
 * Who may sign in to the workspace (`src/server/consultants/`). `CONSULTANT_EMAILS` only seeds the
 * first owners, while the table has none; from then on owners invite and remove consultants here.
 * A removed consultant keeps their row (`removedAt`), so past activity still names them.
 */
export const consultants = pgTable(
  'consultants',
  {
    /** Lower-case: the address sign-in links go to. */
    email: text('email').primaryKey(),
    /** As the inviting owner wrote it; empty for owners seeded from CONSULTANT_EMAILS. */
    name: text('name').notNull().default(''),
    /** `owner`: also invites and removes consultants; `consultant`: works the leads. */
    role: text('role').$type<'owner' | 'consultant'>().notNull(),
    /** The owner who invited them; null for owners seeded from CONSULTANT_EMAILS. */
    invitedBy: text('invited_by'),
    /** When they joined the team (again, after a removal). */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** When an owner removed them; null while they are on the team. */
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (table) => [
    check('consultants_email_lower_case', sql`${table.email} = lower(${table.email})`),
    check('consultants_role', sql`${table.role} in ('owner', 'consultant')`),
  ],
);

/** Anonymous funnel events sent by the diagnostic (no personal data: a random visit id, the step, the locale). */
export const funnelEvents = pgTable(
  'funnel_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** `started`, `step` (a step completed), `completed`, `report_requested`, `masterclass`. */
    name: text('name').notNull(),
    locale: text('locale').notNull(),
    /** 1-based step number for `step` events. */
    step: integer('step'),
    /** A random id per visit, to count each visit once. */
    visitId: text('visit_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('funnel_events_created_idx').on(table.createdAt), index('funnel_events_visit_idx').on(table.visitId, table.createdAt)],
);

/**
 * The funnel report's rollup, kept as each event is stored (`src/server/funnel/funnel.ts`) and
 * rebuilt from `funnel_events` by `rebuildFunnelRollup`: one row per UTC day, locale and stage
 * (`name`, with `step` for a dimension step, 0 for the other stages), so a report over a year
 * reads a few thousand rows instead of every event.
 */
export const funnelDaily = pgTable(
  'funnel_daily',
  {
    /** The UTC day, `YYYY-MM-DD`. */
    day: date('day', { mode: 'string' }).notNull(),
    /** `started`, `step`, `completed`, `report_requested`, `masterclass`. */
    name: text('name').notNull(),
    /** The step number of a `step` row; 0 for the other stages. */
    step: smallint('step').notNull().default(0),
    locale: text('locale').notNull(),
    /** Distinct visits with such an event on that day in that locale. */
    visits: integer('visits').notNull().default(0),
    /** Visits whose first such event (their earliest) was on that day, in that locale: summed over days, each visit counts once. */
    firstVisits: integer('first_visits').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.day, table.name, table.step, table.locale] })],
);

/**
 * Per visit, its first `started` and first `completed` event (the earliest of each), kept as
 * events are stored: the funnel report's median time from one to the other.
 */
export const funnelVisits = pgTable(
  'funnel_visits',
  {
    visitId: text('visit_id').primaryKey(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (table) => [index('funnel_visits_completed_idx').on(table.completedAt, table.startedAt)],
);

/**
 * Fixed-window counters of every rate limit (`src/server/lib/rate-limit.ts`): one row per
 * limit, key (a hashed IP, a visit id, `all`) and window, incremented atomically.
 */
export const rateLimitCounters = pgTable(
  'rate_limit_counters',
  {
    /** Which limit: `submissions:ip`, `emails:site`, … */
    bucket: text('bucket').notNull(),
    key: text('key').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    hits: integer('hits').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.bucket, table.key, table.windowStart] }),
    index('rate_limit_counters_window_idx').on(table.windowStart),
    // An erasure deletes the counters of the lead's address, whatever the limit and window.
    index('rate_limit_counters_key_idx').on(table.key),
  ],
);

// Better Auth's tables (user, session, account, verification), as its Drizzle adapter expects them.
export const user = pgTable('user', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const session = pgTable('session', {
  id: text('id').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  token: text('token').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  ipAddress: text('ip_address'),
  userAgent: text('user_agent'),
  userId: text('user_id')
    .notNull()
    .references(() => user.id, { onDelete: 'cascade' }),
});

export const account = pgTable('account', {
  id: text('id').primaryKey(),
  accountId: text('account_id').notNull(),
  providerId: text('provider_id').notNull(),
  userId: text('user_id')
    .notNull()
    .references(() => user.id, { onDelete: 'cascade' }),
  accessToken: text('access_token'),
  refreshToken: text('refresh_token'),
  idToken: text('id_token'),
  accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
  refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
  scope: text('scope'),
  password: text('password'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const verification = pgTable('verification', {
  id: text('id').primaryKey(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
