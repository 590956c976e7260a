/**
 * The diagnostic without JavaScript: each step posted as a plain form, checked with the same domain
 * functions as the island, the answers kept between pages in the visitor's own cookie
 * (`DiagnosticState`), the results drawn by the server, and the report asked for with a plain form.
 * Nothing is stored on the server until the visitor asks for the report.
 */
import { randomUUID } from 'node:crypto';
import type { Questionnaire } from '../../domain/schemas/questionnaire.ts';
import { SubmissionSchema } from '../../domain/schemas/submission.ts';
import { LEAD_CONTACT_FIELDS, leadFormErrors, type LeadErrors } from '../../domain/lead-form.ts';
import type { Locale } from '../../domain/locale.ts';
import { DIAGNOSTIC_COOKIE, DIAGNOSTIC_COOKIE_SECONDS, encodeDiagnosticState, readStepAnswers, type DiagnosticState, type DiagnosticView } from '../../domain/diagnostic-form.ts';
import { readDiagnosticState } from '../../domain/schemas/diagnostic-state.ts';
import { diagnosticPlan, furthestStep, type DiagnosticPlan } from '../../domain/diagnostic-progress.ts';
import { parseMetricDraft, type MetricDraft } from '../../domain/metric-draft.ts';
import { CURRENCIES, METRIC_INPUT_FIELDS, type MetricInputs } from '../../domain/metrics.ts';
import { answerIssues } from '../../domain/scoring.ts';
import { segmentIssues } from '../../domain/segment.ts';
import { pagePath } from '../../domain/routes.ts';
import { parse, readPost } from '../lib/form.ts';
import { storeSubmission, type LeadDeps } from '../leads/index.ts';
import { signStartToken } from '../lib/start-token.ts';

/** Largest step posted: a step's answers and the numbers as typed are a few kilobytes. */
export const MAX_STEP_BYTES = 16 * 1024;


/** The path the diagnostic's form posts to, and where a step is opened by number (`?n=2`): `/<locale>/step/`. */
export function stepPath(locale: Locale, step?: number): string {
  return `/${locale}/step/${step === undefined ? '' : `?n=${step}`}`;
}

/** The `Set-Cookie` value that keeps `state` (or forgets it, for `null`). */
export function diagnosticCookie(state: DiagnosticState | null, secure: boolean): string {
  // Figures typed at their longest may not fit beside the answers: the answers are kept, the figures dropped.
  const value = state ? (encodeDiagnosticState(state) ?? encodeDiagnosticState({ ...state, draft: undefined })) : null;
  const attributes = `Path=/; SameSite=Lax; Max-Age=${value ? DIAGNOSTIC_COOKIE_SECONDS : 0}${secure ? '; Secure' : ''}`;
  return `${DIAGNOSTIC_COOKIE}=${value ?? ''}; ${attributes}`;
}

/** The visitor's state from the request's cookie; empty without one. */
export function requestState(request: Request): DiagnosticState {
  return readDiagnosticState(request.headers.get('cookie'));
}

/** A step's outcome: a page to show (with the status), or where to go next; either way, the cookie to set. */
export type StepOutcome =
  | { kind: 'show'; view: DiagnosticView; status: number; cookie: string }
  | { kind: 'redirect'; location: string; cookie: string };

const EMPTY_DRAFT: MetricDraft = { period: 'month', values: {} };

/** The step the address opens (`?n=2`, 1-based), kept within the steps the answers allow. */
export function stepView(plan: DiagnosticPlan, state: DiagnosticState, n: string | null): DiagnosticView {
  const asked = Number(n);
  const furthest = furthestStep(plan, state.answers);
  const step = Number.isInteger(asked) && asked >= 1 ? Math.min(asked - 1, furthest) : 0;
  return { step, answers: state.answers, segment: state.segment, draft: state.draft ?? EMPTY_DRAFT, missing: [], blocked: false };
}

/** The numbers step's fields as posted, as the island keeps them (`MetricDraft`). */
function postedDraft(fields: Record<string, unknown>, previous: MetricDraft | undefined): MetricDraft {
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string).slice(0, 40) : '');
  const values: MetricDraft['values'] = {};
  const chosen: NonNullable<MetricDraft['chosen']> = {};
  for (const field of METRIC_INPUT_FIELDS) {
    const raw = text(field);
    if (raw) values[field] = raw;
    const reading = Number(text(`metric-${field}-reading`));
    if (raw && text(`metric-${field}-reading`) && Number.isFinite(reading)) chosen[field] = { raw, value: reading };
    else if (previous?.chosen?.[field]?.raw === raw && raw) chosen[field] = previous.chosen[field];
  }
  const currency = text('currency');
  return {
    period: text('period') === 'year' ? 'year' : 'month',
    currency: (CURRENCIES as readonly string[]).includes(currency) ? (currency as MetricDraft['currency']) : '',
    values,
    chosen,
  };
}

export interface StepContext {
  questionnaire: Questionnaire;
  locale: Locale;
  /** Signs the start on the first page posted (`IP_HASH_SALT`). */
  secret: string;
  now: Date;
  /** Whether the cookie is sent over HTTPS only. */
  secure: boolean;
}

/**
 * A posted step: its answers merged into the visitor's state, then, by the button pressed (`go`):
 * back a step; on to the next once every question of this one is answered (else the same step,
 * its unanswered questions marked, 400); from the numbers step to the results, once every figure
 * is readable (else the numbers step with its errors, 400), with the numbers ("results") or without ("skip");
 * or start over. Refused only when the body is too large (413).
 */
export async function takeStep(request: Request, context: StepContext): Promise<StepOutcome | { kind: 'too-large' }> {
  const { questionnaire: q, locale } = context;
  const plan = diagnosticPlan(q);
  const body = await readPost(request, { accept: 'form', maxBytes: MAX_STEP_BYTES, page: true, lists: q.questions.map((question) => question.id) });
  if (body.kind !== 'ok') return { kind: 'too-large' };
  const fields = body.value as Record<string, unknown>;
  const previous = requestState(request);
  const cookie = (state: DiagnosticState | null) => diagnosticCookie(state, context.secure);
  if (fields.go === 'restart') return { kind: 'redirect', location: pagePath('diagnostic', locale), cookie: cookie(null) };

  const step = Math.min(Math.max(Math.trunc(Number(fields.n)) - 1 || 0, 0), plan.steps.length);
  const state: DiagnosticState = {
    ...previous,
    startToken: previous.startToken ?? signStartToken(context.secret, context.now),
    startedAt: previous.startedAt ?? context.now.toISOString(),
  };
  const current = plan.steps[step];
  let missing: string[] = [];
  if (current) {
    const questions = q.questions.filter((question) => current.questionIds.includes(question.id));
    const posted = readStepAnswers(questions, (id) => (Array.isArray(fields[id]) ? (fields[id] as string[]) : []));
    const answers = { ...state.answers };
    for (const id of current.questionIds) delete answers[id];
    state.answers = { ...answers, ...posted.answers };
    missing = current.questionIds.filter((id) => posted.answers[id] === undefined);
  } else {
    const segment = { ...state.segment };
    for (const part of ['businessModel', 'dealSize'] as const) {
      const id = typeof fields[part] === 'string' ? (fields[part] as string) : '';
      if (id) segment[part] = id;
      else delete segment[part];
    }
    state.segment = segmentIssues(q.segments, segment).length === 0 ? segment : {};
    state.draft = postedDraft(fields, previous.draft);
  }
  const show = (view: Partial<DiagnosticView>, status: number): StepOutcome => ({
    kind: 'show',
    view: { step, answers: state.answers, segment: state.segment, draft: state.draft ?? EMPTY_DRAFT, missing: [], blocked: false, ...view },
    status,
    cookie: cookie(state),
  });
  const to = (n: number): StepOutcome => ({ kind: 'redirect', location: stepPath(locale, n), cookie: cookie(state) });

  if (fields.go === 'back') return to(Math.max(step, 1));
  if (current) return missing.length > 0 ? show({ missing }, 400) : to(step + 2);
  // The numbers step: to the results, once every question has its answer.
  const unanswered = furthestStep(plan, state.answers);
  if (unanswered < plan.steps.length) return to(unanswered + 1);
  const include = fields.go !== 'skip';
  if (include && parseMetricDraft(state.draft ?? EMPTY_DRAFT, locale).problems.length > 0) return show({ blocked: true }, 400);
  state.include = include;
  return { kind: 'redirect', location: pagePath('results', locale), cookie: cookie(state) };
}

/** A finished diagnostic: what the Report is built from, and the numbers as typed (for the island to carry on from). */
export interface FinishedDiagnostic {
  answers: DiagnosticState['answers'];
  segment: DiagnosticState['segment'];
  metricInputs: MetricInputs | null;
  draft: MetricDraft;
  include: boolean;
}

/** What the results are built from when the state holds a finished diagnostic; `null` otherwise. */
export function finishedDiagnostic(q: Questionnaire, state: DiagnosticState, locale: Locale): FinishedDiagnostic | null {
  if (state.include === undefined) return null;
  if (answerIssues(q.questions, state.answers, { requireAll: true }).length > 0) return null;
  if (segmentIssues(q.segments, state.segment).length > 0) return null;
  const draft = state.draft ?? EMPTY_DRAFT;
  const metrics = parseMetricDraft(draft, locale);
  return { answers: state.answers, segment: state.segment, metricInputs: state.include && metrics.any ? metrics.inputs : null, draft, include: state.include };
}


/** The "email me the report" form's fields, as the page draws them back with their errors. */
export interface LeadFormView {
  /** A key per drawn form: posting it twice stores one submission. */
  idempotencyKey: string;
  values: Record<string, string | boolean>;
  errors: LeadErrors;
}

const LEAD_TEXT_FIELDS = [...LEAD_CONTACT_FIELDS, 'businessModel', 'website'] as const;
const LEAD_CHOICES = ['consent', 'contactConsent', 'masterclass'] as const;

/** The report form as first drawn: empty, with a new idempotency key. */
export function newLeadForm(): LeadFormView {
  return { idempotencyKey: randomUUID(), values: {}, errors: {} };
}

/**
 * The results page's "email me the report" form posted without JavaScript: the contact from the
 * form, the diagnostic from the visitor's cookie, stored as `POST /api/submissions` stores it.
 * `ok` with the permalink to go to, or the form to draw again with its errors (and the status).
 */
export async function requestReport(
  request: Request,
  state: DiagnosticState,
  finished: FinishedDiagnostic,
  locale: Locale,
  deps: LeadDeps,
): Promise<{ kind: 'stored'; location: string } | { kind: 'form'; form: LeadFormView; status: number; retryAfterSeconds?: number }> {
  const body = await readPost(request, { accept: 'form', maxBytes: MAX_STEP_BYTES, checkboxes: LEAD_CHOICES });
  if (body.kind === 'too-large') return { kind: 'form', form: { ...newLeadForm(), errors: { form: 'error-invalid' } }, status: 413 };
  const fields = (body.kind === 'ok' ? body.value : {}) as Record<string, unknown>;
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
  const values: LeadFormView['values'] = {};
  for (const name of LEAD_TEXT_FIELDS) values[name] = text(name);
  for (const name of LEAD_CHOICES) values[name] = fields[name] === true;
  const idempotencyKey = /^[0-9a-f-]{36}$/i.test(text('idempotencyKey')) ? text('idempotencyKey') : randomUUID();
  const form = (errors: LeadErrors, status: number, retryAfterSeconds?: number) => ({
    kind: 'form' as const, form: { idempotencyKey, values, errors }, status, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
  const businessModel = finished.segment.businessModel ?? text('businessModel');
  const payload = {
    locale,
    answers: finished.answers,
    metricInputs: finished.metricInputs,
    segment: { ...finished.segment, ...(businessModel ? { businessModel } : {}) },
    contact: Object.fromEntries(LEAD_CONTACT_FIELDS.map((name) => [name, text(name)])),
    consent: fields.consent === true,
    contactConsent: fields.contactConsent === true,
    masterclass: fields.masterclass === true,
    startedAt: state.startedAt ?? new Date().toISOString(),
    ...(state.startToken ? { startToken: state.startToken } : {}),
    idempotencyKey,
    website: text('website'),
  };
  const parsed = parse(SubmissionSchema, payload, 'Invalid submission');
  const issues = parsed.kind === 'invalid' ? [...parsed.issues] : [];
  if (!businessModel) issues.push({ path: ['segment', 'businessModel'], message: 'required' });
  if (issues.length > 0 || parsed.kind !== 'ok') {
    const errors = leadFormErrors(issues);
    // An empty field is "required", as the island says it, whatever else its rule says of an empty text.
    for (const name of LEAD_CONTACT_FIELDS) if (errors[name] && !text(name).trim()) errors[name] = 'required';
    if (!businessModel) errors.businessModel = 'required';
    return form(errors, 400);
  }
  const stored = await storeSubmission(parsed.value, deps);
  if (stored.kind === 'ok') return { kind: 'stored', location: stored.value.resultUrl };
  if (stored.kind === 'invalid') return form(leadFormErrors(stored.issues), 400);
  if (stored.kind === 'rate-limited') return form({ form: 'error-rate' }, 429, stored.retryAfterSeconds);
  return form({ form: 'error-network' }, stored.kind === 'unavailable' ? 503 : 400);
}

/** What the results page draws: the finished diagnostic (or `null`), the report form, and the page's status. */
export interface ResultsDraw {
  initial: ReturnType<typeof finishedDiagnostic>;
  lead: LeadFormView;
  status: number;
  headers: Record<string, string>;
}

/**
 * The results page's request: drawn from the visitor's cookie, or, posted, the report form taken
 * (`requestReport`): a 303 to the permalink once stored, else the form drawn again with its errors.
 * A post without a finished diagnostic goes back to the diagnostic.
 */
export async function resultsRequest(request: Request, locale: Locale, deps: () => Promise<LeadDeps>, diagnosticPath: string): Promise<Response | ResultsDraw> {
  const leads = await deps();
  const state = requestState(request);
  const initial = finishedDiagnostic(leads.questionnaire, state, locale);
  // Drawn from the visitor's cookie: never shared by a cache. (A crawler, without one, is shown the way to the diagnostic.)
  const headers = { 'cache-control': 'private, no-store' };
  if (request.method !== 'POST') return { initial, lead: newLeadForm(), status: 200, headers };
  if (!initial) return new Response(null, { status: 303, headers: { location: diagnosticPath, 'cache-control': 'no-store' } });
  const outcome = await requestReport(request, state, initial, locale, leads);
  if (outcome.kind === 'stored') return new Response(null, { status: 303, headers: { location: outcome.location, 'cache-control': 'no-store' } });
  return {
    initial,
    lead: outcome.form,
    status: outcome.status,
    headers: { ...headers, ...(outcome.retryAfterSeconds === undefined ? {} : { 'retry-after': String(outcome.retryAfterSeconds) }) },
  };
}

