import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { submissions, suspectedSubmissions } from '../../../src/server/db/schema.ts';
import { findReportByToken } from '../../../src/server/leads/permalink.ts';
import { buildReport, type Report } from '../../../src/domain/report.ts';
import { realQuestionnaire } from '../../helpers/content.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';
import { validPayload } from '../../helpers/submission.ts';

const q = realQuestionnaire();
const payload = validPayload(q);
const report = buildReport(q, { answers: payload.answers, segment: payload.segment!, metricInputs: payload.metricInputs ?? null }, 'es');
const newToken = () => randomBytes(24).toString('base64url');

describe.each(TEST_DATABASES)('the permalink lookup on $name', (testDb) => {
  const database = openForSuite(testDb);
  const getDb = async () => database.db;
  let logged: ReturnType<typeof vi.spyOn>;

  /** Stores `stored` as it is (whatever its shape) behind a new token, as a submission or a suspected bot's. */
  async function store(stored: unknown, table: 'submissions' | 'suspected' = 'submissions'): Promise<string> {
    const token = newToken();
    const common = { token, idempotencyKey: randomUUID(), locale: 'es', report: stored as Report, ipHash: 'hash' };
    if (table === 'suspected') await database.db.insert(suspectedSubmissions).values({ ...common, reason: 'honeypot' });
    else
      await database.db.insert(submissions).values({
        ...common,
        answers: payload.answers,
        segment: {},
        questionnaireVersion: q.version,
        contactName: 'Ana',
        contactEmail: 'ana@example.com',
        consentAt: new Date(),
        startedAt: new Date(),
      });
    return token;
  }

  beforeEach(async () => {
    await database.db.delete(submissions);
    await database.db.delete(suspectedSubmissions);
    logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    logged.mockRestore();
  });

  it('finds a stored Report as it was built', async () => {
    expect(await findReportByToken(await store(report), getDb)).toEqual({ status: 'found', report });
    expect(logged).not.toHaveBeenCalled();
  });

  it('finds a Report stored before shape versions, in today\'s shape', async () => {
    const { shapeVersion: _, ...old } = report;
    const oldest = { ...old, currency: undefined, metrics: [], recommendations: old.recommendations.map(({ id: _id, questions: _q, ...r }) => r) };
    const found = await findReportByToken(await store(oldest), getDb);
    expect(found).toMatchObject({ status: 'found', report: { shapeVersion: report.shapeVersion, currency: null, overall: report.overall } });
    if (found.status !== 'found') throw new Error('not found');
    expect(found.report.recommendations.every((r) => r.id === null && r.questions.length === 0)).toBe(true);
  });

  it('answers a malformed stored Report with the clear error instead of throwing, and logs it', async () => {
    const token = await store({ ...report, metrics: [{ ...report.metrics[0], value: 'lots' }] });
    const found = await findReportByToken(token, getDb);
    expect(found).toEqual({ status: 'unreadable', error: 'metrics.0.value: Invalid input: expected number, received string' });
    expect(logged).toHaveBeenCalledWith('[permalink] stored report unreadable: metrics.0.value: Invalid input: expected number, received string');
  });

  it('answers a suspected bot\'s malformed Report exactly alike', async () => {
    const broken = { ...report, shapeVersion: 99 };
    const person = await findReportByToken(await store(broken), getDb);
    const bot = await findReportByToken(await store(broken, 'suspected'), getDb);
    expect(person).toMatchObject({ status: 'unreadable', error: expect.stringMatching(/^shapeVersion: unknown shape 99/) });
    expect(bot).toEqual(person);
  });

  it('answers a Report that is not even an object', async () => {
    expect(await findReportByToken(await store('not a report'), getDb)).toEqual({ status: 'unreadable', error: '(report): expected an object, received string' });
  });

  it('still answers missing for an unknown token', async () => {
    await store(report);
    expect(await findReportByToken(newToken(), getDb)).toEqual({ status: 'missing' });
  });
});
