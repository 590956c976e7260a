import { randomBytes, randomUUID } from 'node:crypto';
import { buildReport } from '../../../src/domain/report.ts';
import type { Consents } from '../../../src/domain/schemas/consent.ts';
import type { Db } from '../../../src/server/db/client.ts';
import { submissions } from '../../../src/server/db/schema.ts';
import type { SubmissionRow } from '../../../src/server/crm/index.ts';
import { realQuestionnaire } from '../../helpers/content.ts';
import { SAMPLE_INPUTS, variedAnswers } from '../../helpers/report-input.ts';

export const q = realQuestionnaire();
export const SITE = 'https://diagnostico.example';
/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export const WEBHOOK_SECRET = `whsec_${randomBytes(32).toString('base64')}`;

const consent = (minutesAgo: number) => ({ at: new Date(Date.now() - minutesAgo * 60_000).toISOString(), version: 'es-test' });
/** Report and contact agreed to. */
export const CONTACT_CONSENTS: Consents = { report: consent(5), contact: consent(5) };
/** The report only: a consultant may not contact this lead. */
export const REPORT_ONLY_CONSENTS: Consents = { report: consent(5) };

const answers = variedAnswers(q);
const segment = { businessModel: 'saas', dealSize: 'acv-under-12k' };
const report = buildReport(q, { answers, segment, metricInputs: SAMPLE_INPUTS }, 'es');

/** A stored submission as the database returns it: a complete diagnostic with numbers, first touch and contact consent. */
export function submissionRow(overrides: Partial<SubmissionRow> = {}): SubmissionRow {
  const now = new Date();
  return {
    id: randomUUID(),
    token: randomBytes(24).toString('base64url'),
    idempotencyKey: randomUUID(),
    locale: 'es',
    answers,
    metricInputs: SAMPLE_INPUTS,
    segment,
    report: structuredClone(report),
    answerSheet: [],
    questionnaireVersion: q.version,
    overallScore: report.overall.score,
    band: report.overall.band?.id ?? null,
    contactName: 'Ana María Pérez',
    contactEmail: 'ana@example.com',
    contactCompany: 'Acme',
    contactRole: 'CEO',
    companySize: null,
    consentAt: now,
    consents: CONTACT_CONSENTS,
    firstTouch: { source: 'linkedin', medium: 'social', campaign: 'revops-2026', referrer: 'https://www.linkedin.com/', landingPath: '/es/', at: '2026-03-10T22:45:00.000Z' },
    erasedAt: null,
    masterclass: false,
    startedAt: new Date(now.getTime() - 10 * 60_000),
    ipHash: 'hash',
    status: 'new',
    assignedTo: null,
    callRequest: null,
    callRequestedAt: null,
    previousSubmissionId: null,
    previousProven: false,
    countsInPeers: true,
    shareToken: null,
    createdAt: now,
    businessModel: segment.businessModel,
    dealSize: segment.dealSize,
    dimensionScores: Object.fromEntries(report.dimensions.map((d) => [d.id, d.score])),
    reportFigures: { shapeVersion: report.shapeVersion, currency: report.currency, dimensions: report.dimensions.map(({ id, score }) => ({ id, score })), metrics: report.metrics.map(({ id, value }) => ({ id, value })) },
    firstTouchSource: 'linkedin',
    firstTouchReferrer: 'https://www.linkedin.com/',
    ...overrides,
  };
}

/** Stores a submission (deliveries reference it) and answers the row as stored. */
export async function insertSubmission(db: Db, overrides: Partial<SubmissionRow> = {}): Promise<SubmissionRow> {
  const [row] = await db.insert(submissions).values(submissionRow(overrides)).returning();
  return row!;
}
