import { beforeEach, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { masterclassSignups, outbox, rateLimitCounters, submissions, suspectedSubmissions } from '../../../src/server/db/schema.ts';
import { createSubmission, type LeadDeps } from '../../../src/server/leads/submissions.ts';
import { pruneSuspectedSubmissions, suspicion, SUSPECTED_RETENTION_DAYS } from '../../../src/server/leads/decoy.ts';
import { findReportByToken } from '../../../src/server/leads/permalink.ts';
import { DAY_MS, hashIp, HOUR_MS } from '../../../src/server/lib/rate-limit.ts';
import { signStartToken } from '../../../src/server/lib/start-token.ts';
import { buildReport } from '../../../src/domain/report.ts';
import { realQuestionnaire } from '../../helpers/content.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';
import { jsonRequest, TEST_IP_HASH_SALT, validPayload } from '../../helpers/submission.ts';

const q = realQuestionnaire();
const MIN_FILL_SECONDS = 30;
const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000);
const tokenFrom = (seconds: number) => signStartToken(TEST_IP_HASH_SALT, secondsAgo(seconds));

type Overrides = Parameters<typeof validPayload>[1];

/** The ways a submission gives itself away (made when the test runs: tokens age), each with the reason it is stored under. */
const BOTS: [what: string, overrides: () => Overrides, reason: string][] = [
  ['a filled honeypot', () => ({ website: 'http://spam.example' }), 'honeypot'],
  ['a start token younger than MIN_FILL_SECONDS', () => ({ startToken: tokenFrom(MIN_FILL_SECONDS - 5) }), 'too-fast'],
  ['an old start date the client claims, with a young start token', () => ({ startedAt: secondsAgo(3600).toISOString(), startToken: tokenFrom(2) }), 'too-fast'],
  ['no start token', () => ({ startToken: undefined }), 'no-start-token'],
  ['a malformed start token', () => ({ startToken: 'v1.not-a-token' }), 'no-start-token'],
  ['a start token signed with another key', () => ({ startToken: signStartToken('someone-elses-salt-0123', secondsAgo(600)) }), 'no-start-token'],
  ['a start token issued in the future', () => ({ startToken: signStartToken(TEST_IP_HASH_SALT, new Date(Date.now() + 600_000)) }), 'no-start-token'],
];

describe('suspicion', () => {
  const env = { IP_HASH_SALT: TEST_IP_HASH_SALT, MIN_FILL_SECONDS };
  it('takes a submission with a valid start token old enough and an empty honeypot for a person', () => {
    expect(suspicion({ website: '', startToken: tokenFrom(MIN_FILL_SECONDS) }, env, new Date())).toBeNull();
  });
  it.each(BOTS)('takes %s for a bot', (_, overrides, reason) => {
    const { website, startToken } = validPayload(q, overrides());
    expect(suspicion({ website, startToken }, env, new Date())).toBe(reason);
  });
});

describe.each(TEST_DATABASES)('suspected bots on $name', (testDb) => {
  const database = openForSuite(testDb);
  let deps: LeadDeps;
  const getDb = async () => database.db;

  beforeEach(async () => {
    await database.db.delete(outbox);
    await database.db.delete(masterclassSignups);
    await database.db.delete(submissions);
    await database.db.delete(suspectedSubmissions);
    await database.db.delete(rateLimitCounters);
    deps = {
      db: getDb,
      questionnaire: q,
      env: { SITE_URL: 'https://diagnostico.example', CONSULTANT_EMAILS: ['c1@example.com'], IP_HASH_SALT: TEST_IP_HASH_SALT, RATE_LIMIT_PER_HOUR: 3, MIN_FILL_SECONDS, EMAILS_PER_HOUR: 1000, SIGN_IN_EMAILS_PER_HOUR: 30 },
      mailer: null,
      ip: '203.0.113.7',
    };
  });

  const rows = async () => ({
    submissions: (await database.db.select({ n: count() }).from(submissions))[0]!.n,
    outbox: (await database.db.select({ n: count() }).from(outbox))[0]!.n,
    masterclass: (await database.db.select({ n: count() }).from(masterclassSignups))[0]!.n,
    suspected: (await database.db.select({ n: count() }).from(suspectedSubmissions))[0]!.n,
  });
  const submit = (overrides: Overrides = {}, extra: Partial<LeadDeps> = {}) => createSubmission(jsonRequest(validPayload(q, overrides)), { ...deps, ...extra });
  const tokenOf = (resultUrl: string) => resultUrl.split('/').at(-1)!;

  it('stores a submission whose start token is old enough, whatever start date the client claims', async () => {
    const response = await submit({ startedAt: new Date().toISOString(), startToken: tokenFrom(MIN_FILL_SECONDS + 1) });
    expect(response.status).toBe(201);
    expect(await rows()).toEqual({ submissions: 1, outbox: 2, masterclass: 0, suspected: 0 });
  });

  for (const [what, overrides, reason] of BOTS) {
    it(`quarantines ${what} as "${reason}": answered 201 like a person, nothing stored in submissions, nothing emailed`, async () => {
      const payload = validPayload(q, { ...overrides(), masterclass: true });
      const response = await createSubmission(jsonRequest(payload), deps);
      expect(response.status).toBe(201);
      expect(await rows()).toEqual({ submissions: 0, outbox: 0, masterclass: 0, suspected: 1 });
      const body = (await response.json()) as { id: string; resultUrl: string };
      const [row] = await database.db.select().from(suspectedSubmissions);
      expect(row).toMatchObject({ id: body.id, token: tokenOf(body.resultUrl), idempotencyKey: payload.idempotencyKey, locale: 'es', reason, ipHash: hashIp(deps.ip, TEST_IP_HASH_SALT) });
      expect(row!.report, 'the report a real submission would have').toEqual(buildReport(q, { answers: payload.answers, segment: payload.segment!, metricInputs: payload.metricInputs ?? null }, 'es'));
    });
  }

  it("answers a bot exactly as a person: same status, headers, keys and formats, and a permalink that shows the same report", async () => {
    const person = await submit();
    const bot = await submit({ website: 'http://spam.example' });
    expect(bot.status).toBe(person.status);
    expect([...bot.headers.entries()]).toEqual([...person.headers.entries()]);
    const [personBody, botBody] = (await Promise.all([person.json(), bot.json()])) as { id: string; resultUrl: string }[];
    expect(Object.keys(botBody!)).toEqual(Object.keys(personBody!));
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const body of [personBody!, botBody!]) {
      expect(body.id).toMatch(UUID);
      expect(body.resultUrl).toMatch(/^\/es\/r\/[A-Za-z0-9_-]{32}$/);
    }
    const personReport = await findReportByToken(tokenOf(personBody!.resultUrl), getDb);
    const botReport = await findReportByToken(tokenOf(botBody!.resultUrl), getDb);
    expect(personReport.status).toBe('found');
    expect(botReport).toEqual(personReport);
    expect(await findReportByToken('A'.repeat(32), getDb)).toEqual({ status: 'missing' });
  });

  it('answers a repeated idempotency key from a bot 200 with the same body, storing nothing new', async () => {
    const payload = validPayload(q, { startToken: undefined });
    const first = await createSubmission(jsonRequest(payload), deps);
    const again = await createSubmission(jsonRequest(payload), deps);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    expect(await rows()).toEqual({ submissions: 0, outbox: 0, masterclass: 0, suspected: 1 });
  });

  it('answers the same key sent twice at once with one row and the same body', async () => {
    const payload = validPayload(q, { website: 'spam' });
    const responses = await Promise.all([createSubmission(jsonRequest(payload), deps), createSubmission(jsonRequest(payload), deps)]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 201]);
    const [a, b] = await Promise.all(responses.map((r) => r.json()));
    expect(a).toEqual(b);
    expect((await rows()).suspected).toBe(1);
  });

  it('takes the per-IP submission slots a person would, answering 429 with Retry-After once they are spent', async () => {
    for (let i = 0; i < 3; i++) expect((await submit({ startToken: undefined })).status).toBe(201);
    const limited = await submit({ startToken: undefined });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ error: 'Too many submissions from this address; try again later.' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(HOUR_MS / 1000);
    expect(await rows()).toMatchObject({ submissions: 0, suspected: 3 });
    expect((await submit({ startToken: undefined }, { ip: '198.51.100.1' })).status, 'another IP').toBe(201);
  });

  it("shares its slots with people's submissions (bucket submissions:ip, keyed by the IP hash)", async () => {
    const now = new Date();
    const windowStart = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
    await database.db.insert(rateLimitCounters).values({ bucket: 'submissions:ip', key: hashIp(deps.ip, TEST_IP_HASH_SALT), windowStart, hits: 3 });
    const limited = await submit({ website: 'spam' }, { now: () => now });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe(String(Math.max(1, Math.ceil((windowStart.getTime() + HOUR_MS - now.getTime()) / 1000))));
    expect((await rows()).suspected).toBe(0);
  });

  it(`keeps suspected submissions ${SUSPECTED_RETENTION_DAYS} days: each new one prunes the older ones`, async () => {
    const old = (days: number) => ({ token: `old-token-${days}-0123456789abcdef`, idempotencyKey: crypto.randomUUID(), locale: 'es', report: {} as never, reason: 'honeypot' as const, ipHash: 'x', createdAt: new Date(Date.now() - days * DAY_MS) });
    await database.db.insert(suspectedSubmissions).values([old(SUSPECTED_RETENTION_DAYS + 1), old(SUSPECTED_RETENTION_DAYS - 1)]);
    expect((await submit({ website: 'spam' })).status).toBe(201);
    const tokens = (await database.db.select({ token: suspectedSubmissions.token }).from(suspectedSubmissions)).map((r) => r.token);
    expect(tokens).toHaveLength(2);
    expect(tokens).toContain(old(SUSPECTED_RETENTION_DAYS - 1).token);
    expect(await pruneSuspectedSubmissions(database.db, new Date(Date.now() + SUSPECTED_RETENTION_DAYS * DAY_MS + 60_000))).toBe(2);
  });

  it('answers 503 with Retry-After when the database is unavailable, as for a person', async () => {
    const response = await submit({ website: 'spam' }, { db: async () => Promise.reject(new Error('connect ECONNREFUSED')) });
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
