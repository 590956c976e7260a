import { randomUUID } from 'node:crypto';
import { scoredOptions } from '../../src/domain/question.ts';
import type { Questionnaire } from '../../src/domain/schemas/questionnaire.ts';
import type { SubmissionPayload } from '../../src/domain/schemas/submission.ts';
import { signStartToken } from '../../src/server/lib/start-token.ts';
import type { Db } from '../../src/server/db/client.ts';
import type { LeadDeps } from '../../src/server/leads/submissions.ts';
import {
  crmDeliveries, emailSuppressions, funnelDaily, funnelEvents, funnelVisits, masterclassSignups, outbox, rateLimitCounters, submissionActivity, submissions, suspectedSubmissions,
} from '../../src/server/db/schema.ts';

/** The `IP_HASH_SALT` of the tests' servers and deps: it also signs the start tokens of {@link validPayload}. */
export const TEST_IP_HASH_SALT = 'test-salt-0123456789';

/** A complete contact; tests override the fields they are about. */
export const TEST_CONTACT = { name: 'Ana Pérez', email: 'ana@example.com', company: 'Acme', role: 'CEO', companySize: 'size-11-50' } as const;

/**
 * A complete, valid submission: each question answered with one of its options (a checklist with every other one ticked),
 * started ten minutes ago with a start token signed with {@link TEST_IP_HASH_SALT}.
 */
export function validPayload(q: Questionnaire, overrides: Partial<SubmissionPayload> = {}): SubmissionPayload {
  const answers = Object.fromEntries(
    q.questions.map((question, i) => {
      const options = [...scoredOptions(question)].sort((a, b) => a.score - b.score);
      // A checklist takes the list of its ticked options: every other one here.
      if (question.kind === 'checklist') return [question.id, options.filter((_, k) => (k + i) % 2 === 0).map((o) => o.id)];
      return [question.id, options[i % options.length]!.id];
    }),
  );
  return {
    locale: 'es',
    answers,
    metricInputs: { period: 'month', customersAtStart: 200, customersLost: 6, mrrAtStart: 100_000, churnedMrr: 1000, contractionMrr: 0, expansionMrr: 2000 },
    segment: { businessModel: 'saas', dealSize: 'acv-under-12k' },
    contact: { ...TEST_CONTACT },
    consent: true,
    masterclass: false,
    startedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
    startToken: signStartToken(TEST_IP_HASH_SALT, new Date(Date.now() - 10 * 60_000)),
    idempotencyKey: randomUUID(),
    website: '',
    ...overrides,
  };
}

export function jsonRequest(body: unknown, init: { headers?: Record<string, string>; raw?: string } = {}): Request {
  return new Request('http://localhost/api/submissions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.raw ?? JSON.stringify(body),
  });
}

/**
 * What the lead endpoints need in a test, over `db`: the site's address, one consultant, the test
 * salt (it signs `validPayload`'s start tokens), limits no test reaches unless it sets its own, no mailer.
 */
export function testLeadDeps(db: Db, questionnaire: Questionnaire, overrides: { env?: Partial<LeadDeps['env']>; ip?: string } = {}): LeadDeps {
  return {
    db: async () => db,
    questionnaire,
    env: {
      SITE_URL: 'https://diagnostico.example',
      CONSULTANT_EMAILS: ['c1@example.com'],
      IP_HASH_SALT: TEST_IP_HASH_SALT,
      RATE_LIMIT_PER_HOUR: 1000,
      MIN_FILL_SECONDS: 0,
      EMAILS_PER_HOUR: 1000,
      SIGN_IN_EMAILS_PER_HOUR: 30,
      ...overrides.env,
    },
    mailer: null,
    ip: overrides.ip ?? '203.0.113.9',
  };
}

/** Empties every table a lead is stored in, those that point at a submission first. */
export async function clearLeadTables(db: Db): Promise<void> {
  for (const table of [crmDeliveries, outbox, submissionActivity, masterclassSignups, emailSuppressions, rateLimitCounters, funnelEvents, funnelDaily, funnelVisits, submissions, suspectedSubmissions]) await db.delete(table);
}
