import { beforeEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { masterclassSignups, outbox, rateLimitCounters, submissions } from '../../../src/server/db/schema.ts';
import { createSubmission, MAX_BODY_BYTES, type LeadDeps } from '../../../src/server/leads/submissions.ts';
import { createMasterclassSignup, readSignup, registerMasterclass } from '../../../src/server/leads/masterclass.ts';
import { buildReport } from '../../../src/domain/report.ts';
import { questionnaireWithSessions, realQuestionnaire } from '../../helpers/content.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';
import { jsonRequest, TEST_IP_HASH_SALT, validPayload, TEST_CONTACT } from '../../helpers/submission.ts';
import { signStartToken } from '../../../src/server/lib/start-token.ts';
import { scoredOptions } from '../../../src/domain/question.ts';

const q = realQuestionnaire();
const checklist = q.questions.find((x) => x.kind === 'checklist')!;
const notChecklist = q.questions.find((x) => x.kind !== 'checklist')!;
const qWithSession = questionnaireWithSessions([{ id: 'soon', daysAhead: 7 }]);

describe.each(TEST_DATABASES)('POST /api/submissions on $name', (testDb) => {
  const database = openForSuite(testDb);
  let deps: LeadDeps;

  beforeEach(async () => {
    await database.db.delete(outbox);
    await database.db.delete(masterclassSignups);
    await database.db.delete(submissions);
    await database.db.delete(rateLimitCounters);
    deps = {
      db: async () => database.db,
      // One upcoming masterclass session, `soon`, with 100 seats.
      questionnaire: qWithSession,
      env: { SITE_URL: 'https://diagnostico.example', CONSULTANT_EMAILS: ['c1@example.com', 'c2@example.com'], IP_HASH_SALT: 'test-salt-0123456789', RATE_LIMIT_PER_HOUR: 3, MIN_FILL_SECONDS: 30, EMAILS_PER_HOUR: 1000, SIGN_IN_EMAILS_PER_HOUR: 30 },
      mailer: null,
      ip: '203.0.113.7',
    };
  });

  const rows = async () => ({
    submissions: (await database.db.select({ n: count() }).from(submissions))[0]!.n,
    outbox: (await database.db.select({ n: count() }).from(outbox))[0]!.n,
    masterclass: (await database.db.select({ n: count() }).from(masterclassSignups))[0]!.n,
  });

  it('stores a valid submission with the report the server computes, and queues its emails', async () => {
    const payload = validPayload(q, { scores: { overall: 100 } } as never);
    const response = await createSubmission(jsonRequest(payload), deps);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; resultUrl: string };
    expect(body.resultUrl).toMatch(/^\/es\/r\/[A-Za-z0-9_-]{32}$/);
    expect(await rows()).toEqual({ submissions: 1, outbox: 2, masterclass: 0 });
    const [row] = await database.db.select().from(submissions);
    const expected = buildReport(q, { answers: payload.answers, segment: payload.segment, metricInputs: payload.metricInputs }, 'es');
    expect(row!.report).toEqual(expected);
    expect(row!.overallScore).toBe(expected.overall.score);
    expect(row!.questionnaireVersion).toBe(q.version);
    expect(row!.ipHash).not.toContain('203.0.113.7');
    expect(row!.contactEmail).toBe('ana@example.com');
    const kinds = (await database.db.select().from(outbox)).map((r) => r.kind).sort();
    expect(kinds).toEqual(['consultant', 'report']);
  });

  it('stores a checklist answered with a list of ticks, or "None of these", scoring and wording it as the domain does', async () => {
    for (const ticks of [[checklist.options![1]!.id, checklist.options![0]!.id], []]) {
      const payload = validPayload(q, { answers: { ...validPayload(q).answers, [checklist.id]: ticks } });
      const response = await createSubmission(jsonRequest(payload), deps);
      expect(response.status).toBe(201);
      const { id } = (await response.json()) as { id: string };
      const [row] = await database.db.select().from(submissions).where(eq(submissions.id, id));
      expect(row!.answers[checklist.id]).toEqual(ticks);
      expect(row!.report).toEqual(buildReport(q, { answers: payload.answers, segment: payload.segment, metricInputs: payload.metricInputs }, 'es'));
      expect(row!.answerSheet.find((r) => r.questionId === checklist.id)!.answer).toBe(
        ticks.length > 0 ? `${checklist.options![0]!.label.es}; ${checklist.options![1]!.label.es}` : q.ui.answers.none.es,
      );
    }
  });

  it('signs up for the masterclass with the submission, once per email', async () => {
    const first = await createSubmission(jsonRequest(validPayload(q, { masterclass: true })), deps);
    expect(first.status).toBe(201);
    expect(await rows()).toEqual({ submissions: 1, outbox: 3, masterclass: 1 });
    const second = await createSubmission(jsonRequest(validPayload(q, { masterclass: true })), deps);
    expect(second.status).toBe(201);
    expect(await rows()).toEqual({ submissions: 2, outbox: 5, masterclass: 1 });
  });

  it('answers a repeated idempotency key with the same body and no new row', async () => {
    const payload = validPayload(q);
    const first = await createSubmission(jsonRequest(payload), deps);
    const again = await createSubmission(jsonRequest(payload), deps);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    expect(await rows()).toEqual({ submissions: 1, outbox: 2, masterclass: 0 });
  });

  const invalid: [string, (p: ReturnType<typeof validPayload>) => unknown, (string | number)[]][] = [
    ['an unknown locale', (p) => ({ ...p, locale: 'fr' }), ['locale']],
    ['a missing answer', (p) => ({ ...p, answers: Object.fromEntries(Object.entries(p.answers).slice(1)) }), ['answers', q.questions[0]!.id]],
    ['an option the question does not offer', (p) => ({ ...p, answers: { ...p.answers, [q.questions[0]!.id]: 'maybe' } }), ['answers', q.questions[0]!.id]],
    ['an unknown question', (p) => ({ ...p, answers: { ...p.answers, 'made-up': 'yes' } }), ['answers', 'made-up']],
    ['an invalid email', (p) => ({ ...p, contact: { ...p.contact, email: 'ana@example' } }), ['contact', 'email']],
    ['an email with spaces', (p) => ({ ...p, contact: { ...p.contact, email: 'ana perez@example.com' } }), ['contact', 'email']],
    ['an empty name', (p) => ({ ...p, contact: { ...p.contact, name: '  ' } }), ['contact', 'name']],
    ['no consent', (p) => ({ ...p, consent: false }), ['consent']],
    ['a start date that is not a date', (p) => ({ ...p, startedAt: 'yesterday' }), ['startedAt']],
    ['an idempotency key that is not a UUID', (p) => ({ ...p, idempotencyKey: '123' }), ['idempotencyKey']],
    ['an impossible metric', (p) => ({ ...p, metricInputs: { period: 'month', customersAtStart: 5, customersLost: 6 } }), ['metricInputs', 'customersLost']],
    ['a negative metric', (p) => ({ ...p, metricInputs: { period: 'month', arpa: -5 } }), ['metricInputs', 'arpa']],
    ['a metric named like an Object method', (p) => ({ ...p, metricInputs: { period: 'month', toString: 'x' } }), ['metricInputs', 'toString']],
    ['a NUL character in the name', (p) => ({ ...p, contact: { ...p.contact, name: 'Ana\u0000' } }), ['contact', 'name']],
    ['a NUL character in the referrer', (p) => ({ ...p, firstTouch: { source: 'x', referrer: 'https://a.example/\u0000' } }), ['firstTouch', 'referrer']],
    ['a lone surrogate in the first touch', (p) => ({ ...p, firstTouch: { source: 'a\udfffb' } }), ['firstTouch', 'source']],
    ['a start date the database cannot store (year 0)', (p) => ({ ...p, startedAt: '0000-01-01T00:00:00Z' }), ['startedAt']],
    ['an unknown business model', (p) => ({ ...p, segment: { businessModel: 'crypto' } }), ['segment', 'businessModel']],
    ['masterclass that is not a boolean', (p) => ({ ...p, masterclass: 'yes' }), ['masterclass']],
    ['a list of ticks for a question that is not a checklist', (p) => ({ ...p, answers: { ...p.answers, [notChecklist.id]: [scoredOptions(notChecklist)[0]!.id] } }), ['answers', notChecklist.id]],
    ['a lone option id for a checklist', (p) => ({ ...p, answers: { ...p.answers, [checklist.id]: checklist.options![0]!.id } }), ['answers', checklist.id]],
    ['a tick the checklist does not offer', (p) => ({ ...p, answers: { ...p.answers, [checklist.id]: [checklist.options![0]!.id, 'made-up'] } }), ['answers', checklist.id]],
    ['a list of numbers for a checklist', (p) => ({ ...p, answers: { ...p.answers, [checklist.id]: [1, 2] } }), ['answers', checklist.id]],
  ];
  for (const [what, mutate, path] of invalid) {
    it(`rejects ${what} with 400 naming ${path.join('.')} and stores nothing`, async () => {
      const response = await createSubmission(jsonRequest(mutate(validPayload(q))), deps);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: string; issues: { path: string[]; message: string }[] };
      expect(body.issues.map((i) => i.path)).toContainEqual(path);
      expect(body.issues.every((i) => i.message.length > 0)).toBe(true);
      expect(await rows()).toEqual({ submissions: 0, outbox: 0, masterclass: 0 });
    });
  }

  it('limits submissions per IP per hour, writing nothing for the rejected ones', async () => {
    for (let i = 0; i < 3; i++) expect((await createSubmission(jsonRequest(validPayload(q)), deps)).status).toBe(201);
    const limited = await createSubmission(jsonRequest(validPayload(q)), deps);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await rows()).toEqual({ submissions: 3, outbox: 6, masterclass: 0 });
    const otherIp = await createSubmission(jsonRequest(validPayload(q)), { ...deps, ip: '198.51.100.1' });
    expect(otherIp.status).toBe(201);
  });

  it('holds the per-IP limit under 40 parallel submissions: exactly the limit stored, the rest 429', async () => {
    const limited = { ...deps, env: { ...deps.env, RATE_LIMIT_PER_HOUR: 10 } };
    const responses = await Promise.all(Array.from({ length: 40 }, () => createSubmission(jsonRequest(validPayload(q)), limited)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    expect(await rows()).toEqual({ submissions: 10, outbox: 20, masterclass: 0 });
  });

  it('holds the per-IP limit under 40 parallel masterclass sign-ups', async () => {
    const limited = { ...deps, env: { ...deps.env, RATE_LIMIT_PER_HOUR: 10 } };
    const signUp = (i: number) =>
      createMasterclassSignup(
        new Request('http://localhost/api/masterclass', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale: 'es', name: `P ${i}`, email: `p${i}@example.com`, consent: true, session: 'soon' }) }),
        limited,
      );
    const statuses = (await Promise.all(Array.from({ length: 40 }, (_, i) => signUp(i)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    // Each seat: its confirmation, its reminder and the consultants' notice.
    expect(await rows()).toEqual({ submissions: 0, outbox: 30, masterclass: 10 });
  });

  // What a bot's submission becomes instead (quarantined, with a working permalink): test/server/decoy.test.ts.
  it('accepts a filled honeypot silently, storing nothing for the consultants and sending nothing', async () => {
    const response = await createSubmission(jsonRequest(validPayload(q, { website: 'http://spam.example' })), deps);
    expect(response.status).toBe(201);
    expect(await rows()).toEqual({ submissions: 0, outbox: 0, masterclass: 0 });
  });

  it('accepts a diagnostic filled faster than a person can (by its start token) silently, storing nothing for the consultants', async () => {
    const response = await createSubmission(jsonRequest(validPayload(q, { startToken: signStartToken(TEST_IP_HASH_SALT, new Date(Date.now() - 5000)) })), deps);
    expect(response.status).toBe(201);
    expect(await rows()).toEqual({ submissions: 0, outbox: 0, masterclass: 0 });
  });

  it('refuses a body over 64 KB with 413', async () => {
    const big = validPayload(q, { contact: { ...TEST_CONTACT, name: 'x'.repeat(70_000), email: 'a@example.com' } });
    const response = await createSubmission(jsonRequest(big), deps);
    expect(response.status).toBe(413);
    expect(await rows()).toEqual({ submissions: 0, outbox: 0, masterclass: 0 });
  });

  it('refuses a non-JSON body with 415', async () => {
    const response = await createSubmission(jsonRequest(null, { headers: { 'content-type': 'text/plain' }, raw: 'locale=es' }), deps);
    expect(response.status).toBe(415);
    expect(await rows()).toEqual({ submissions: 0, outbox: 0, masterclass: 0 });
  });

  it('refuses broken JSON with 400', async () => {
    const response = await createSubmission(jsonRequest(null, { raw: '{"locale":' }), deps);
    expect(response.status).toBe(400);
    expect(await rows()).toEqual({ submissions: 0, outbox: 0, masterclass: 0 });
  });

  it('answers 503 with Retry-After when the database is unavailable', async () => {
    const response = await createSubmission(jsonRequest(validPayload(q)), { ...deps, db: async () => Promise.reject(new Error('connect ECONNREFUSED')) });
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('signs up for the masterclass through its endpoint, harmlessly twice', async () => {
    const request = () =>
      new Request('http://localhost/api/masterclass', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ locale: 'pt', name: 'João', email: 'JOAO@example.com', consent: true, session: 'soon' }),
      });
    expect((await createMasterclassSignup(request(), deps)).status).toBe(201);
    expect((await createMasterclassSignup(request(), deps)).status).toBe(200);
    expect(await rows()).toEqual({ submissions: 0, outbox: 3, masterclass: 1 });
    const bad = await createMasterclassSignup(
      new Request('http://localhost/api/masterclass', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale: 'pt', name: 'João', email: 'nope', consent: true }) }),
      deps,
    );
    expect(bad.status).toBe(400);
    expect(await rows()).toEqual({ submissions: 0, outbox: 3, masterclass: 1 });
  });

  const signupRequest = (body: string, type = 'application/json') => new Request('http://localhost/api/masterclass', { method: 'POST', headers: { 'content-type': type }, body });

  it('signs up from the HTML form, reading a ticked consent box (`on`) as consent', async () => {
    const response = await createMasterclassSignup(signupRequest('locale=es&name=Ana&email=ana%40example.com&consent=on&session=soon', 'application/x-www-form-urlencoded'), deps);
    expect(response.status).toBe(201);
    expect(await rows()).toEqual({ submissions: 0, outbox: 3, masterclass: 1 });
  });

  it('refuses a masterclass sign-up with 400 naming each bad field, and stores nothing', async () => {
    const response = await createMasterclassSignup(signupRequest('locale=fr&name=&email=nope', 'application/x-www-form-urlencoded'), deps);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; issues: { path: string[]; message: string }[] };
    expect(body.error).toBe('Invalid sign-up');
    expect(body.issues.map((i) => i.path[0]).sort()).toEqual(['consent', 'email', 'locale', 'name']);
    expect(body.issues.find((i) => i.path[0] === 'email')!.message).toBe('must be a valid email address');
    expect(await rows()).toEqual({ submissions: 0, outbox: 0, masterclass: 0 });
  });

  it('refuses a masterclass sign-up with 429 and Retry-After over the per-IP limit, and 503 with Retry-After when the database is down', async () => {
    const signUp = (i: number, d = deps) => createMasterclassSignup(signupRequest(JSON.stringify({ locale: 'es', name: 'P', email: `p${i}@example.com`, consent: true, session: 'soon' })), d);
    for (let i = 0; i < 3; i++) expect((await signUp(i)).status).toBe(201);
    const limited = await signUp(3);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toEqual({ error: 'Too many sign-ups from this address; try again later.' });
    const down = await signUp(4, { ...deps, db: async () => Promise.reject(new Error('connect ECONNREFUSED')) });
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('30');
    expect(await down.json()).toEqual({ error: 'The database is unavailable; nothing was stored. Retry later.' });
  });

  it('refuses a masterclass body of another type (415) or broken JSON (400), where the page shows its form back instead', async () => {
    expect((await createMasterclassSignup(signupRequest('name=Ana', 'text/plain'), deps)).status).toBe(415);
    expect((await createMasterclassSignup(signupRequest('{"name":'), deps)).status).toBe(400);
    expect(await readSignup(signupRequest('name=Ana', 'text/plain'), { page: true })).toEqual({ kind: 'ok', value: {} });
  });

  it('answers the masterclass page outcomes it renders: invalid naming the field, rate-limited, unavailable', async () => {
    const page = async (body: string, d = deps) => {
      const read = await readSignup(signupRequest(body, 'application/x-www-form-urlencoded'), { page: true });
      return read.kind === 'ok' ? registerMasterclass({ ...(read.value as object), locale: 'pt' }, d) : read;
    };
    const invalid = await page('name=Jo%C3%A3o&email=not-an-email&consent=on');
    expect(invalid.kind === 'invalid' && invalid.issues.map((i) => i.path)).toEqual([['email']]);
    expect(await page('name=Jo%C3%A3o&email=joao%40example.com&consent=on&session=soon', { ...deps, db: async () => Promise.reject(new Error('down')) })).toMatchObject({ kind: 'unavailable' });
    for (let i = 0; i < 3; i++) expect(await page(`name=P&email=p${i}%40example.com&consent=on&session=soon`)).toEqual({ kind: 'ok', value: 'created' });
    expect(await page('name=P&email=p9%40example.com&consent=on&session=soon')).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: expect.any(Number) });
  });

  it('refuses a masterclass form streamed past 64 KB with 413, reading no further', async () => {
    let pulled = 0;
    const upload = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 8 * 1024 * 1024) return controller.close();
        pulled += 4096;
        controller.enqueue(new Uint8Array(4096).fill(97));
      },
    }, { highWaterMark: 0 });
    const response = await createMasterclassSignup(
      new Request('http://localhost/api/masterclass', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: upload, duplex: 'half' } as RequestInit),
      deps,
    );
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(MAX_BODY_BYTES + 4096);
    expect(await rows()).toEqual({ submissions: 0, outbox: 0, masterclass: 0 });
  });
});
