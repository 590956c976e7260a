import type { Submission } from '../../domain/schemas/submission.ts';
import type { Questionnaire } from '../../domain/schemas/questionnaire.ts';
import type { Report } from '../../domain/report.ts';
import type { Consents } from '../../domain/schemas/consent.ts';
import { answerSheet } from '../../domain/answer-sheet.ts';
import type { Db } from '../db/client.ts';
import { crmDeliveries, masterclassSignups, outbox, submissions } from '../db/schema.ts';
import { crmDeliveryRows, submissionEvent, type CrmTarget } from '../crm/index.ts';
import { HOUR_MS, RateLimited, takeSlot, type RateLimit } from '../lib/rate-limit.ts';
import type { Env } from '../env.ts';
import { unrenderedOutboxRow } from '../outbox/index.ts';
import { excludeEarlierSameDay } from '../peers/index.ts';

/** A submission's row as stored: what the visitor sent, and what the server made of it. */
export type SubmissionRow = typeof submissions.$inferInsert & { id: string; consents: Consents; createdAt: Date; consentAt: Date; ipHash: string; masterclass: boolean };

/** The row of a checked, scored submission. */
export function submissionRow(
  submission: Submission,
  q: Questionnaire,
  made: { id: string; token: string; report: Report; ipHash: string; previous: { id: string; proven: boolean } | undefined; consents: Consents; now: Date },
): SubmissionRow {
  const { report, now } = made;
  return {
    id: made.id,
    token: made.token,
    idempotencyKey: submission.idempotencyKey,
    locale: submission.locale,
    answers: submission.answers,
    metricInputs: submission.metricInputs ?? null,
    segment: submission.segment,
    report,
    answerSheet: answerSheet(q, submission.answers, submission.locale),
    questionnaireVersion: q.version,
    overallScore: report.overall.score,
    band: report.overall.band?.id ?? null,
    contactName: submission.contact.name,
    contactEmail: submission.contact.email,
    contactCompany: submission.contact.company,
    contactRole: submission.contact.role,
    companySize: submission.contact.companySize,
    consentAt: now,
    consents: made.consents,
    firstTouch: submission.firstTouch ?? null,
    masterclass: submission.masterclass,
    startedAt: new Date(submission.startedAt),
    ipHash: made.ipHash,
    previousSubmissionId: made.previous?.id ?? null,
    previousProven: made.previous?.proven ?? false,
    createdAt: now,
  };
}

/** The per-IP limit on submissions; masterclass sign-ups have the same size, counted apart. */
export function submissionLimit(env: Pick<Env, 'RATE_LIMIT_PER_HOUR'>): RateLimit {
  return { bucket: 'submissions:ip', limit: env.RATE_LIMIT_PER_HOUR, windowMs: HOUR_MS };
}

export interface SubmissionWrite {
  row: SubmissionRow;
  questionnaire: Questionnaire;
  /** The site's address, without a trailing slash: the emails' links are made from it. */
  site: string;
  crmTargets: CrmTarget[];
  /** The per-address limit, counted in the same transaction. */
  limit: RateLimit;
  /** An earlier submission from this address exists (`row.previousSubmissionId`, or one not taken again). */
  hasPrevious: boolean;
}

/**
 * Stores a submission with what must hold together, in one transaction: its CRM events, its
 * emails queued unrendered (the drain renders them after the response, with the PDF, the peers
 * and the change since), the masterclass sign-up, and the address's rate-limit slot.
 * A repeated idempotency key fails on the unique index, and a refused slot throws `RateLimited`:
 * either way nothing is stored.
 */
export async function writeSubmission(db: Db, write: SubmissionWrite): Promise<void> {
  const { row, questionnaire: q, site } = write;
  const submissionId = row.id;
  await db.transaction(async (tx) => {
    // The stored row is read back only for the CRM's event, when there is a CRM.
    const [stored] = write.crmTargets.length > 0 ? await tx.insert(submissions).values(row).returning() : (await tx.insert(submissions).values(row), []);
    // The same person earlier today no longer counts among peers: this submission replaces it. Without an
    // earlier submission from this address (most leads), there is nothing to leave out.
    if (write.hasPrevious) await excludeEarlierSameDay(tx, row);
    // Only with contact consent (crmDeliveryRows checks it): the CRM is how consultants get in touch.
    if (stored) {
      const crm = crmDeliveryRows(submissionEvent('lead.submitted', stored, q, site), write.crmTargets, submissionId, row.consents);
      if (crm.length > 0) await tx.insert(crmDeliveries).values(crm);
    }
    // The consultants' notice goes to the team as it is when it is rendered.
    const queued = [unrenderedOutboxRow('report', [row.contactEmail], site, { submissionId }), unrenderedOutboxRow('consultant', [], site, { submissionId })];
    if (row.masterclass) {
      const signedUp = await tx
        .insert(masterclassSignups)
        .values({ email: row.contactEmail, name: row.contactName, locale: row.locale, submissionId, consentAt: row.consentAt, consentVersion: row.consents.masterclass?.version ?? null, ipHash: row.ipHash })
        .onConflictDoNothing({ target: masterclassSignups.email })
        .returning({ id: masterclassSignups.id });
      if (signedUp.length > 0) queued.push(unrenderedOutboxRow('masterclass', [row.contactEmail], site, { submissionId }));
    }
    await tx.insert(outbox).values(queued);
    // Counted last, so this address's counter row is locked only for the commit: a refusal or a
    // failure further up takes nothing, and parallel submissions from one address barely wait on each other.
    const slot = await takeSlot(tx, write.limit, row.ipHash, row.createdAt);
    if (!slot.allowed) throw new RateLimited(slot);
  });
}
