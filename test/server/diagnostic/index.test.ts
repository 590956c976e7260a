import { beforeEach, describe, expect, it, vi } from 'vitest';
import { count } from 'drizzle-orm';
import {
  diagnosticCookie, finishedDiagnostic, MAX_STEP_BYTES, requestState, resultsRequest, stepView, takeStep,
  type ResultsDraw, type StepContext, type StepOutcome,
} from '../../../src/server/diagnostic/index.ts';
import { diagnosticPlan } from '../../../src/domain/diagnostic-progress.ts';
import { DIAGNOSTIC_COOKIE, encodeDiagnosticState, type DiagnosticState } from '../../../src/domain/diagnostic-form.ts';
import { readDiagnosticState } from '../../../src/domain/schemas/diagnostic-state.ts';
import { buildReport } from '../../../src/domain/report.ts';
import { NONE_OF_THESE } from '../../../src/domain/question.ts';
import type { Answers } from '../../../src/domain/scoring.ts';
import type { MetricDraft } from '../../../src/domain/metric-draft.ts';
import { signStartToken, verifyStartToken } from '../../../src/server/lib/start-token.ts';
import { submissions, suspectedSubmissions } from '../../../src/server/db/schema.ts';
import type { LeadDeps } from '../../../src/server/leads/index.ts';
import { realQuestionnaire } from '../../helpers/content.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';
import { clearLeadTables, TEST_CONTACT, TEST_IP_HASH_SALT, testLeadDeps, validPayload } from '../../helpers/submission.ts';

const q = realQuestionnaire();
const plan = diagnosticPlan(q);
/** The steps' question ids (0-based, as the plan has them); step 8 (1-based) is the numbers step. */
const stepIds = (step: number) => plan.steps[step]!.questionIds;
const NUMBERS_STEP = plan.steps.length + 1;
/** Every question answered (a checklist with a list of ticks), as the API tests answer them. */
const fullAnswers: Answers = validPayload(q).answers;
const pick = (answers: Answers, ids: readonly string[]) => Object.fromEntries(ids.filter((id) => answers[id] !== undefined).map((id) => [id, answers[id]!]));
const without = (answers: Answers, ...ids: string[]) => Object.fromEntries(Object.entries(answers).filter(([id]) => !ids.includes(id)));
/** An answer of the same question other than `fullAnswers`' (another option, or other ticks). */
function otherAnswer(id: string): Answers[string] {
  const question = q.questions.find((x) => x.id === id)!;
  const options = question.kind === 'yes-no' ? ['yes', 'partly', 'no'] : question.options!.map((o) => o.id);
  if (question.kind === 'checklist') return [options[options.length - 1]!];
  return options.find((o) => o !== fullAnswers[id])!;
}

/** The form fields a browser posts for `answers`: a radio's value, each ticked box, or the "None of these" box. */
function answerFields(answers: Answers): [string, string][] {
  return Object.entries(answers).flatMap(([id, answer]): [string, string][] => {
    if (!Array.isArray(answer)) return [[id, answer]];
    return answer.length === 0 ? [[id, NONE_OF_THESE]] : answer.map((tick): [string, string] => [id, tick]);
  });
}

const secret = TEST_IP_HASH_SALT;
const now = new Date('2025-03-10T12:00:00.000Z');
const context: StepContext = { questionnaire: q, locale: 'es', secret, now, secure: false };

const cookieHeader = (state: DiagnosticState) => `${DIAGNOSTIC_COOKIE}=${encodeDiagnosticState(state)}`;
/** The `Cookie` header a browser sends back after `Set-Cookie: setCookie`. */
const sentBack = (setCookie: string) => setCookie.split(';')[0]!;
/** The state a `Set-Cookie` header keeps. */
const kept = (setCookie: string) => readDiagnosticState(sentBack(setCookie));

function stepRequest(fields: [string, string][], cookie?: string, url = 'http://localhost/es/step/'): Request {
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields),
  });
}

async function post(fields: [string, string][], cookie?: string, ctx: StepContext = context): Promise<StepOutcome> {
  const outcome = await takeStep(stepRequest(fields, cookie), ctx);
  if (outcome.kind === 'too-large') throw new Error('refused as too large');
  return outcome;
}

/** The numbers step as the validPayload's metric inputs typed in Spanish. */
const typedDraft: MetricDraft = {
  period: 'month',
  values: { customersAtStart: '200', customersLost: '6', mrrAtStart: '100.000', churnedMrr: '1.000', contractionMrr: '0', expansionMrr: '2.000' },
};
const draftFields = (draft: MetricDraft): [string, string][] => [['period', draft.period], ...Object.entries(draft.values).map(([k, v]): [string, string] => [k, v!])];

describe('takeStep', () => {
  it('goes on to step 2 once step 1 is answered, keeping its answers and a start token signed with the secret', async () => {
    const answers = pick(fullAnswers, stepIds(0));
    const outcome = await post([['n', '1'], ['go', 'next'], ...answerFields(answers)]);
    expect(outcome).toMatchObject({ kind: 'redirect', location: '/es/step/?n=2' });
    const state = kept(outcome.cookie);
    expect(state.answers).toEqual(answers);
    expect(state.startedAt).toBe(now.toISOString());
    expect(verifyStartToken(state.startToken, secret, { now })).toMatchObject({ ok: true, issuedAt: now });
    expect(verifyStartToken(state.startToken, 'another-secret', { now })).toEqual({ ok: false, reason: 'forged' });
  });

  it('sets the cookie on every path, Lax, for about five weeks (3,000,000 s), Secure only over HTTPS', async () => {
    const fields: [string, string][] = [['n', '1'], ...answerFields(pick(fullAnswers, stepIds(0)))];
    const plain = await post(fields);
    expect(plain.cookie).toMatch(new RegExp(`^${DIAGNOSTIC_COOKIE}=[^;]+; Path=/; SameSite=Lax; Max-Age=3000000$`));
    const secure = await post(fields, undefined, { ...context, secure: true });
    expect(secure.cookie).toMatch(/; Path=\/; SameSite=Lax; Max-Age=3000000; Secure$/);
  });

  it('keeps the start token and start time of the first page on the later ones', async () => {
    const first = await post([['n', '1'], ...answerFields(pick(fullAnswers, stepIds(0)))]);
    const later = new Date(now.getTime() + 60_000);
    const second = await post([['n', '2'], ...answerFields(pick(fullAnswers, stepIds(1)))], sentBack(first.cookie), { ...context, now: later });
    expect(kept(second.cookie).startToken).toBe(kept(first.cookie).startToken);
    expect(kept(second.cookie).startedAt).toBe(now.toISOString());
  });

  it('shows the same step with 400 when a question is unanswered, naming exactly it and keeping the others', async () => {
    const [missing, ...rest] = stepIds(1);
    const outcome = await post([['n', '2'], ['go', 'next'], ...answerFields(pick(fullAnswers, rest))]);
    expect(outcome.kind).toBe('show');
    if (outcome.kind !== 'show') return;
    expect(outcome.status).toBe(400);
    expect(outcome.view).toMatchObject({ step: 1, missing: [missing], blocked: false, answers: pick(fullAnswers, rest) });
    expect(kept(outcome.cookie).answers).toEqual(pick(fullAnswers, rest));
  });

  it('names a checklist ticked both with options and "None of these" as unanswered', async () => {
    const checklist = q.questions.find((x) => x.kind === 'checklist')!;
    const step = plan.steps.findIndex((s) => s.questionIds.includes(checklist.id));
    const answers = pick(fullAnswers, stepIds(step));
    const fields = answerFields(without(answers, checklist.id));
    const outcome = await post([['n', String(step + 1)], ...fields, [checklist.id, checklist.options![0]!.id], [checklist.id, NONE_OF_THESE]]);
    expect(outcome).toMatchObject({ kind: 'show', status: 400, view: { missing: [checklist.id] } });
    expect(kept(outcome.cookie).answers[checklist.id]).toBeUndefined();
  });

  it('goes back a step without asking for the unanswered questions', async () => {
    const outcome = await post([['n', '3'], ['go', 'back']]);
    expect(outcome).toMatchObject({ kind: 'redirect', location: '/es/step/?n=2' });
    expect(await post([['n', '1'], ['go', 'back']])).toMatchObject({ kind: 'redirect', location: '/es/step/?n=1' });
  });

  it('keeps what was answered on the step left by "back"', async () => {
    const [first] = stepIds(2);
    const outcome = await post([['n', '3'], ['go', 'back'], ...answerFields(pick(fullAnswers, [first!]))]);
    expect(kept(outcome.cookie).answers).toEqual(pick(fullAnswers, [first!]));
  });

  it('starts over: forgets the cookie and goes to the diagnostic page', async () => {
    const cookie = cookieHeader({ answers: fullAnswers, segment: {}, startedAt: now.toISOString() });
    const outcome = await post([['n', '3'], ['go', 'restart'], ...answerFields(pick(fullAnswers, stepIds(2)))], cookie);
    expect(outcome).toEqual({ kind: 'redirect', location: '/diagnostico/', cookie: `${DIAGNOSTIC_COOKIE}=; Path=/; SameSite=Lax; Max-Age=0` });
  });

  it('replaces only the posted step\'s answers, keeping the other steps\'', async () => {
    const cookie = cookieHeader({ answers: fullAnswers, segment: {} });
    const changed = Object.fromEntries(stepIds(1).map((id) => [id, otherAnswer(id)]));
    const outcome = await post([['n', '2'], ...answerFields(changed)], cookie);
    expect(outcome).toMatchObject({ kind: 'redirect', location: '/es/step/?n=3' });
    expect(kept(outcome.cookie).answers).toEqual({ ...fullAnswers, ...changed });
  });

  it('forgets a question of the posted step left unanswered, keeping the other steps\'', async () => {
    const cookie = cookieHeader({ answers: fullAnswers, segment: {} });
    const [dropped, ...rest] = stepIds(1);
    const outcome = await post([['n', '2'], ...answerFields(pick(fullAnswers, rest))], cookie);
    expect(outcome).toMatchObject({ kind: 'show', status: 400, view: { missing: [dropped] } });
    expect(kept(outcome.cookie).answers).toEqual(without(fullAnswers, dropped!));
  });

  it('goes from the last dimension to the numbers step', async () => {
    const last = plan.steps.length - 1;
    const outcome = await post([['n', String(last + 1)], ...answerFields(pick(fullAnswers, stepIds(last)))], cookieHeader({ answers: fullAnswers, segment: {} }));
    expect(outcome).toMatchObject({ kind: 'redirect', location: `/es/step/?n=${NUMBERS_STEP}` });
  });

  describe('on the numbers step', () => {
    const answered = cookieHeader({ answers: fullAnswers, segment: {} });

    it('goes to the results with the numbers, keeping the segment and the numbers as typed', async () => {
      const outcome = await post([['n', String(NUMBERS_STEP)], ['go', 'results'], ['businessModel', 'saas'], ['dealSize', 'acv-under-12k'], ...draftFields(typedDraft)], answered);
      expect(outcome).toMatchObject({ kind: 'redirect', location: '/resultados/' });
      const state = kept(outcome.cookie);
      expect(state.include).toBe(true);
      expect(state.segment).toEqual({ businessModel: 'saas', dealSize: 'acv-under-12k' });
      expect(state.draft).toMatchObject({ period: 'month', values: typedDraft.values });
      expect(state.answers).toEqual(fullAnswers);
    });

    it('shows the numbers step again with 400 and blocked when a figure cannot be read', async () => {
      const outcome = await post([['n', String(NUMBERS_STEP)], ['go', 'results'], ['customersAtStart', 'abc']], answered);
      expect(outcome.kind).toBe('show');
      if (outcome.kind !== 'show') return;
      expect(outcome.status).toBe(400);
      expect(outcome.view).toMatchObject({ step: plan.steps.length, blocked: true, missing: [] });
      expect(outcome.view.draft.values).toEqual({ customersAtStart: 'abc' });
      expect(kept(outcome.cookie).include).toBeUndefined();
      expect(kept(outcome.cookie).draft?.values).toEqual({ customersAtStart: 'abc' });
    });

    it('blocks the results on an ambiguous percent until its reading is chosen', async () => {
      const fields: [string, string][] = [['n', String(NUMBERS_STEP)], ['go', 'results'], ['grossMarginPct', '1.234']];
      expect(await post(fields, answered)).toMatchObject({ kind: 'show', status: 400, view: { blocked: true } });
      const chosen = await post([...fields, ['metric-grossMarginPct-reading', '1.234']], answered);
      expect(chosen).toMatchObject({ kind: 'redirect', location: '/resultados/' });
      expect(kept(chosen.cookie).draft?.chosen).toEqual({ grossMarginPct: { raw: '1.234', value: 1.234 } });
    });

    it('skips the numbers: to the results without them, even with a figure that cannot be read', async () => {
      const outcome = await post([['n', String(NUMBERS_STEP)], ['go', 'skip'], ['customersAtStart', 'abc']], answered);
      expect(outcome).toMatchObject({ kind: 'redirect', location: '/resultados/' });
      expect(kept(outcome.cookie).include).toBe(false);
    });

    it('sends a visitor with unanswered questions to the first step that has one', async () => {
      const cookie = cookieHeader({ answers: without(fullAnswers, stepIds(2)[1]!, stepIds(4)[0]!), segment: {} });
      for (const go of ['results', 'skip']) {
        const outcome = await post([['n', String(NUMBERS_STEP)], ['go', go], ...draftFields(typedDraft)], cookie);
        expect(outcome).toMatchObject({ kind: 'redirect', location: '/es/step/?n=3' });
        expect(kept(outcome.cookie).include).toBeUndefined();
      }
    });

    it('goes back to the last dimension step, keeping the numbers typed', async () => {
      const outcome = await post([['n', String(NUMBERS_STEP)], ['go', 'back'], ['customersAtStart', 'abc']], answered);
      expect(outcome).toMatchObject({ kind: 'redirect', location: `/es/step/?n=${plan.steps.length}` });
      expect(kept(outcome.cookie).draft?.values).toEqual({ customersAtStart: 'abc' });
    });

    it('drops a business model or deal size the content does not list', async () => {
      const outcome = await post([['n', String(NUMBERS_STEP)], ['go', 'skip'], ['businessModel', 'crypto'], ['dealSize', 'acv-under-12k']], answered);
      expect(kept(outcome.cookie).segment).toEqual({});
    });

    it('keeps the whole diagnostic, with the longest answers and every figure as a person types it, in the cookie', async () => {
      const longest: Answers = Object.fromEntries(
        q.questions.map((x) => [x.id, x.kind === 'checklist' ? x.options!.map((o) => o.id) : x.notApplicable ? 'not-applicable' : x.kind === 'yes-no' ? 'partly' : x.options!.map((o) => o.id).reduce((a, b) => (b.length > a.length ? b : a))]),
      );
      const figures = Object.keys({ ...typedDraft.values, salesAndMarketingSpend: 1, newCustomers: 1, arpa: 1, leads: 1, opportunities: 1, averageDealSize: 1, salesCycleDays: 1, forecastRevenue: 1, actualRevenue: 1 }).map(
        (field): [string, string] => [field, 'US$ 1.234.567'],
      );
      const cookie = cookieHeader({ answers: longest, segment: {}, startToken: signStartToken(secret, now), startedAt: now.toISOString() });
      const outcome = await post([['n', String(NUMBERS_STEP)], ['go', 'skip'], ['businessModel', 'b2c-subscription'], ['dealSize', 'acv-100k-250k'], ['currency', 'USD'], ['period', 'year'], ...figures, ['grossMarginPct', '1.234'], ['metric-grossMarginPct-reading', '1.234'], ['winRatePct', '1.234'], ['metric-winRatePct-reading', '1.234']], cookie);
      expect(outcome.cookie).toContain('Max-Age=3000000');
      expect(kept(outcome.cookie).answers).toEqual(longest);
      expect(Object.keys(kept(outcome.cookie).draft!.values)).toHaveLength(figures.length + 2);
    });
  });

  it('refuses a body over MAX_STEP_BYTES as too large, setting no cookie', async () => {
    const cookie = cookieHeader({ answers: fullAnswers, segment: {} });
    const outcome = await takeStep(stepRequest([['n', '1'], ['x', 'a'.repeat(MAX_STEP_BYTES)]], cookie), context);
    expect(outcome).toEqual({ kind: 'too-large' });
  });

  it('reads a body that is not a form as nothing posted: the step again, every question missing', async () => {
    const request = new Request('http://localhost/es/step/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":"2"}' });
    const outcome = await takeStep(request, context);
    expect(outcome).toMatchObject({ kind: 'show', status: 400, view: { step: 0, missing: stepIds(0) } });
  });
});

describe('stepView', () => {
  const state = (answers: Answers): DiagnosticState => ({ answers, segment: {} });
  const twoSteps = { ...pick(fullAnswers, stepIds(0)), ...pick(fullAnswers, stepIds(1)) };

  it('opens the step asked for (1-based) when the answers allow it', () => {
    expect(stepView(plan, state(twoSteps), '2').step).toBe(1);
    expect(stepView(plan, state(twoSteps), '3').step).toBe(2);
  });

  it('caps the step at the furthest the answers allow', () => {
    expect(stepView(plan, state({}), '5').step).toBe(0);
    expect(stepView(plan, state(twoSteps), '5').step).toBe(2);
    expect(stepView(plan, state(fullAnswers), '99').step).toBe(plan.steps.length);
  });

  it('opens the first step for a missing or unreadable number', () => {
    for (const n of [null, '', '0', '-1', '1.5', 'abc']) expect(stepView(plan, state(fullAnswers), n).step).toBe(0);
  });

  it('shows the state\'s answers, segment and draft, nothing missing or blocked', () => {
    const full: DiagnosticState = { answers: twoSteps, segment: { businessModel: 'saas' }, draft: typedDraft };
    expect(stepView(plan, full, '1')).toEqual({ step: 0, answers: twoSteps, segment: { businessModel: 'saas' }, draft: typedDraft, missing: [], blocked: false });
    expect(stepView(plan, state({}), '1').draft).toEqual({ period: 'month', values: {} });
  });
});

describe('diagnosticCookie and requestState', () => {
  it('reads back the state the cookie keeps', () => {
    const state: DiagnosticState = { answers: fullAnswers, segment: { businessModel: 'saas' }, include: false };
    const request = new Request('http://localhost/resultados/', { headers: { cookie: `a=1; ${sentBack(diagnosticCookie(state, true))}` } });
    expect(requestState(request)).toEqual(state);
  });

  it('reads an empty state from a request without the cookie', () => {
    expect(requestState(new Request('http://localhost/resultados/'))).toEqual({ answers: {}, segment: {} });
  });

  it('forgets the cookie rather than write one a browser would refuse', () => {
    const huge: DiagnosticState = { answers: Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`q${i}`, 'x'.repeat(60)])), segment: {} };
    expect(diagnosticCookie(huge, false)).toBe(`${DIAGNOSTIC_COOKIE}=; Path=/; SameSite=Lax; Max-Age=0`);
  });
});

const segment = { businessModel: 'saas', dealSize: 'acv-under-12k' };
const started = new Date(Date.now() - 10 * 60_000);
/** A diagnostic finished on the numbers step with the numbers, as the cookie holds it. */
const finishedState = (): DiagnosticState => ({
  answers: fullAnswers,
  segment,
  draft: typedDraft,
  include: true,
  startToken: signStartToken(TEST_IP_HASH_SALT, started),
  startedAt: started.toISOString(),
});
const expectedInputs = { period: 'month', customersAtStart: 200, customersLost: 6, mrrAtStart: 100_000, churnedMrr: 1000, contractionMrr: 0, expansionMrr: 2000 };

describe('finishedDiagnostic', () => {
  it('gives the answers, the segment and the numbers read from the draft', () => {
    expect(finishedDiagnostic(q, finishedState(), 'es')).toEqual({ answers: fullAnswers, segment, metricInputs: expectedInputs, draft: finishedState().draft, include: true });
  });

  it('leaves the numbers out when the numbers step was skipped, or nothing was typed', () => {
    expect(finishedDiagnostic(q, { ...finishedState(), include: false }, 'es')?.metricInputs).toBeNull();
    expect(finishedDiagnostic(q, { ...finishedState(), draft: undefined }, 'es')?.metricInputs).toBeNull();
  });

  it('scores the same report the domain builds from the same answers and numbers', () => {
    const finished = finishedDiagnostic(q, finishedState(), 'es')!;
    const report = buildReport(q, finished, 'es');
    const payload = validPayload(q);
    const expected = buildReport(q, { answers: payload.answers, segment: payload.segment!, metricInputs: payload.metricInputs ?? null }, 'es');
    expect(report.overall.score).toBe(expected.overall.score);
    expect(report.overall.score).not.toBeNull();
    expect(report.dimensions.map((d) => [d.id, d.score])).toEqual(expected.dimensions.map((d) => [d.id, d.score]));
    expect(report.metrics).toEqual(expected.metrics);
  });

  it('is null until the numbers step was left for the results', () => {
    expect(finishedDiagnostic(q, { ...finishedState(), include: undefined }, 'es')).toBeNull();
  });

  it('is null with an unanswered question, an answer the question does not offer, or an unknown segment', () => {
    expect(finishedDiagnostic(q, { ...finishedState(), answers: without(fullAnswers, q.questions[5]!.id) }, 'es')).toBeNull();
    expect(finishedDiagnostic(q, { ...finishedState(), answers: { ...fullAnswers, [q.questions[5]!.id]: 'made-up' } }, 'es')).toBeNull();
    expect(finishedDiagnostic(q, { ...finishedState(), segment: { businessModel: 'crypto' } }, 'es')).toBeNull();
  });
});

describe.each(TEST_DATABASES)('the results page without JavaScript on $name', (testDb) => {
  const database = openForSuite(testDb);
  let deps: LeadDeps;

  beforeEach(async () => {
    await clearLeadTables(database.db);
    deps = testLeadDeps(database.db, q);
  });

  const rows = async () => ({
    submissions: (await database.db.select({ n: count() }).from(submissions))[0]!.n,
    suspected: (await database.db.select({ n: count() }).from(suspectedSubmissions))[0]!.n,
  });
  const idempotencyKey = '7d5c0a63-3f5e-4d43-9a5f-2f0a8c1b9e11';
  const contactFields = (overrides: Record<string, string | null> = {}): [string, string][] =>
    Object.entries({ ...TEST_CONTACT, consent: 'on', idempotencyKey, ...overrides }).filter((e): e is [string, string] => e[1] !== null);
  const resultsPost = (fields: [string, string][], cookie?: string) =>
    new Request('http://localhost/resultados/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(fields),
    });
  const take = (request: Request, d: LeadDeps = deps) => resultsRequest(request, 'es', async () => d, '/diagnostico/');
  const asDraw = (outcome: Response | ResultsDraw): ResultsDraw => {
    if (outcome instanceof Response) throw new Error(`a ${outcome.status} response, not the page drawn`);
    return outcome;
  };

  it('stores the report asked for and goes to its permalink, with the cookie\'s answers and the server\'s score', async () => {
    const response = await take(resultsPost(contactFields(), cookieHeader(finishedState())));
    if (!(response instanceof Response)) throw new Error(`the page drawn with ${JSON.stringify(response.lead.errors)}`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/^\/es\/r\/[A-Za-z0-9_-]{32}$/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await rows()).toEqual({ submissions: 1, suspected: 0 });
    const [row] = await database.db.select().from(submissions);
    const expected = buildReport(q, { answers: fullAnswers, segment, metricInputs: expectedInputs as never }, 'es');
    expect(row!.answers).toEqual(fullAnswers);
    expect(row!.segment).toEqual(segment);
    expect(row!.metricInputs).toEqual(expectedInputs);
    expect(row!.overallScore).toBe(expected.overall.score);
    expect(row!.report).toEqual(expected);
    expect(row!.contactEmail).toBe(TEST_CONTACT.email);
    expect(row!.idempotencyKey).toBe(idempotencyKey);
    expect(response.headers.get('location')).toBe(`/es/r/${row!.token}`);
  });

  it('stores one submission when the same form is posted twice, going to the same permalink', async () => {
    const first = await take(resultsPost(contactFields(), cookieHeader(finishedState())));
    const again = await take(resultsPost(contactFields(), cookieHeader(finishedState())));
    expect(first).toBeInstanceOf(Response);
    expect(again).toBeInstanceOf(Response);
    expect((again as Response).status).toBe(303);
    expect((again as Response).headers.get('location')).toBe((first as Response).headers.get('location'));
    expect(await rows()).toEqual({ submissions: 1, suspected: 0 });
  });

  it('draws the form again with 400 and an error on exactly the empty name and email and the missing consent, storing nothing', async () => {
    const draw = asDraw(await take(resultsPost(contactFields({ name: '', email: '', consent: null }), cookieHeader(finishedState()))));
    expect(draw.status).toBe(400);
    expect(draw.lead.errors).toEqual({ name: 'required', email: 'required', consent: 'must-consent' });
    expect(draw.lead.idempotencyKey).toBe(idempotencyKey);
    expect(draw.lead.values).toMatchObject({ name: '', email: '', company: TEST_CONTACT.company, consent: false });
    expect(draw.headers['cache-control']).toBe('private, no-store');
    expect(draw.initial).toMatchObject({ answers: fullAnswers, segment, metricInputs: expectedInputs, include: true });
    expect(await rows()).toEqual({ submissions: 0, suspected: 0 });
  });

  it('marks an email that is not one as invalid rather than required', async () => {
    const draw = asDraw(await take(resultsPost(contactFields({ email: 'ana@example' }), cookieHeader(finishedState()))));
    expect(draw.status).toBe(400);
    expect(draw.lead.errors).toEqual({ email: 'invalid-email' });
    expect(await rows()).toEqual({ submissions: 0, suspected: 0 });
  });

  it('marks an empty company size required and one the content does not list invalid', async () => {
    const empty = asDraw(await take(resultsPost(contactFields({ companySize: '' }), cookieHeader(finishedState()))));
    expect(empty).toMatchObject({ status: 400, lead: { errors: { companySize: 'required' } } });
    const unknown = asDraw(await take(resultsPost(contactFields({ companySize: 'size-huge' }), cookieHeader(finishedState()))));
    expect(unknown.status).toBe(400);
    expect(unknown.lead.errors).toEqual({ companySize: 'invalid' });
    expect(await rows()).toEqual({ submissions: 0, suspected: 0 });
  });

  it('asks for the business model when the diagnostic did not give one, and stores the one posted', async () => {
    const cookie = cookieHeader({ ...finishedState(), segment: {} });
    const draw = asDraw(await take(resultsPost(contactFields(), cookie)));
    expect(draw).toMatchObject({ status: 400, lead: { errors: { businessModel: 'required' } } });
    expect(await rows()).toEqual({ submissions: 0, suspected: 0 });
    const stored = await take(resultsPost(contactFields({ businessModel: 'ecommerce' }), cookie));
    expect(stored).toBeInstanceOf(Response);
    const [row] = await database.db.select().from(submissions);
    expect(row!.segment).toEqual({ businessModel: 'ecommerce' });
  });

  it('sends a post without a finished diagnostic back to the diagnostic, storing nothing', async () => {
    for (const cookie of [undefined, cookieHeader({ ...finishedState(), include: undefined }), cookieHeader({ ...finishedState(), answers: without(fullAnswers, q.questions[0]!.id) })]) {
      const response = await take(resultsPost(contactFields(), cookie));
      expect(response).toBeInstanceOf(Response);
      expect((response as Response).status).toBe(303);
      expect((response as Response).headers.get('location')).toBe('/diagnostico/');
    }
    expect(await rows()).toEqual({ submissions: 0, suspected: 0 });
  });

  it('draws the page without a diagnostic for a visitor without the cookie, never cached', async () => {
    const draw = asDraw(await take(new Request('http://localhost/resultados/')));
    expect(draw.initial).toBeNull();
    expect(draw.status).toBe(200);
    expect(draw.headers).toEqual({ 'cache-control': 'private, no-store' });
    expect(draw.lead.values).toEqual({});
    expect(draw.lead.errors).toEqual({});
    expect(draw.lead.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('draws the finished diagnostic from the cookie, with a new report form each time', async () => {
    const request = () => new Request('http://localhost/resultados/', { headers: { cookie: cookieHeader(finishedState()) } });
    const draw = asDraw(await take(request()));
    expect(draw.initial).toMatchObject({ answers: fullAnswers, segment, metricInputs: expectedInputs, include: true });
    expect(draw.headers['cache-control']).toBe('private, no-store');
    expect(asDraw(await take(request())).lead.idempotencyKey).not.toBe(draw.lead.idempotencyKey);
  });

  it('draws the form with 429 and Retry-After past the per-IP limit', async () => {
    const limited = testLeadDeps(database.db, q, { env: { RATE_LIMIT_PER_HOUR: 1 } });
    expect(await take(resultsPost(contactFields(), cookieHeader(finishedState())), limited)).toBeInstanceOf(Response);
    const draw = asDraw(await take(resultsPost(contactFields({ idempotencyKey: '1b8e8f7e-2a7d-4c0e-9b1d-3c5a7e9f0a12' }), cookieHeader(finishedState())), limited));
    expect(draw.status).toBe(429);
    expect(draw.lead.errors).toEqual({ form: 'error-rate' });
    expect(Number(draw.headers['retry-after'])).toBeGreaterThan(0);
    expect(await rows()).toEqual({ submissions: 1, suspected: 0 });
  });

  it('draws the form with 503 when the database is unavailable', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const down = { ...deps, db: async () => Promise.reject(new Error('connect ECONNREFUSED')) };
      const draw = asDraw(await take(resultsPost(contactFields(), cookieHeader(finishedState())), down));
      expect(draw.status).toBe(503);
      expect(draw.lead.errors).toEqual({ form: 'error-network' });
      expect(draw.lead.idempotencyKey).toBe(idempotencyKey);
      expect(logged).toHaveBeenCalledWith('[submissions] database unavailable:', 'connect ECONNREFUSED');
    } finally {
      logged.mockRestore();
    }
  });

  it('takes a diagnostic answered page by page without JavaScript through to a stored report', async () => {
    let cookie: string | undefined;
    const realNow: StepContext = { ...context, now: new Date() };
    for (let step = 0; step < plan.steps.length; step++) {
      const outcome = await post([['n', String(step + 1)], ['go', 'next'], ...answerFields(pick(fullAnswers, stepIds(step)))], cookie, realNow);
      expect(outcome).toMatchObject({ kind: 'redirect', location: `/es/step/?n=${step + 2}` });
      cookie = sentBack(outcome.cookie);
    }
    const numbers = await post([['n', String(NUMBERS_STEP)], ['go', 'results'], ['businessModel', 'saas'], ['dealSize', 'acv-under-12k'], ...draftFields(typedDraft)], cookie, realNow);
    expect(numbers).toMatchObject({ kind: 'redirect', location: '/resultados/' });
    const response = await take(resultsPost(contactFields(), sentBack(numbers.cookie)));
    expect(response).toBeInstanceOf(Response);
    // Stored for the consultants, not quarantined: the start token the first page signed is accepted.
    expect(await rows()).toEqual({ submissions: 1, suspected: 0 });
    const [row] = await database.db.select().from(submissions);
    expect(row!.answers).toEqual(fullAnswers);
    expect(row!.metricInputs).toEqual(expectedInputs);
  });
});
