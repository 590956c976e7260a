/**
 * The one way a post is taken, by endpoints and pages alike: its body read (bounded) into a plain
 * object, parsed by a zod schema, and what the handler made of it (an `Outcome`) answered with one
 * status code per kind: as `{error, issues?}` JSON by an endpoint, or as the status and the errors
 * beside each field by a server-rendered form (which so works without JavaScript).
 */
import type { z } from 'astro/zod';
import { readFormBody, readJsonBody } from './body.ts';
import { fieldIssues, HttpError, jsonError, type FieldIssue } from './http.ts';

/** The status code of each way a post can be refused; the only place they are chosen. */
export const REFUSAL_STATUS = {
  invalid: 400,
  'not-found': 404,
  'too-large': 413,
  unsupported: 415,
  'rate-limited': 429,
  unavailable: 503,
} as const;

/** Seconds a client should wait before retrying when the database is unavailable. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 30;

/** Why a post was refused; `error` is the JSON answer's `error`, `issues` name each bad field. */
export type Refusal =
  | { kind: 'invalid'; error: string; issues: FieldIssue[] }
  | { kind: 'not-found' | 'too-large' | 'unsupported' | 'unavailable'; error: string }
  | { kind: 'rate-limited'; error: string; retryAfterSeconds: number };

/** What a post came to: `ok` with the handler's value, or a refusal. */
export type Outcome<T> = { kind: 'ok'; value: T } | Refusal;

export function ok<T>(value: T): Outcome<T> {
  return { kind: 'ok', value };
}

const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

export interface ReadOptions {
  /** Largest body, in bytes; beyond it the post is refused `too-large` (413). */
  maxBytes: number;
  /** `json`: JSON only (else 415); `form`: an HTML form only; `json-or-form`: either, by its content type. */
  accept: 'json' | 'form' | 'json-or-form';
  /** Also reads `text/plain` as JSON: `navigator.sendBeacon` sends strings that way. */
  textPlain?: boolean;
  /** Checkboxes of the form: sent as `on` when ticked, read as `true`. */
  checkboxes?: readonly string[];
  /** Fields a form may send several times (checkboxes sharing a name): read as lists of strings. */
  lists?: readonly string[];
  /**
   * For a page: a body that is not a readable form reads as no fields, so the form is shown back
   * with its missing fields marked; only `too-large` refuses it.
   */
  page?: boolean;
}

/** What the body readers of `body.ts` refuse: 413, 415, or 400 for broken JSON. */
function refusalOf(error: HttpError): Refusal {
  if (error.status === REFUSAL_STATUS['too-large']) return { kind: 'too-large', error: error.error };
  if (error.status === REFUSAL_STATUS.unsupported) return { kind: 'unsupported', error: error.error };
  return { kind: 'invalid', error: error.error, issues: error.issues ?? [] };
}

/**
 * A post's body as a plain object: a form's fields as strings, or the JSON value. Refused
 * `too-large` past `maxBytes`, `unsupported` for a content type it does not accept, `invalid`
 * for broken JSON or a form that cannot be read (but see `page`).
 */
export async function readPost(request: Request, options: ReadOptions): Promise<Outcome<unknown>> {
  const type = request.headers.get('content-type') ?? '';
  try {
    if (options.accept === 'form' || (options.accept === 'json-or-form' && FORM_TYPE.test(type))) {
      const form = await readFormBody(request, options.maxBytes);
      const fields: Record<string, unknown> = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
      for (const list of options.lists ?? []) fields[list] = form.getAll(list).map(String);
      for (const box of options.checkboxes ?? []) if (fields[box] === 'on' || fields[box] === 'true') fields[box] = true;
      return ok(fields);
    }
    return ok(await readJsonBody(request, options.maxBytes, { textPlain: options.textPlain }));
  } catch (error) {
    const refusal: Refusal = error instanceof HttpError ? refusalOf(error) : { kind: 'invalid', error: 'Body could not be read', issues: [{ path: [], message: 'unreadable body' }] };
    return options.page && refusal.kind !== 'too-large' ? ok({}) : refusal;
  }
}

/** `body` parsed by `schema`: its data, or `invalid` with `error` and an issue per bad field. */
export function parse<S extends z.ZodType>(schema: S, body: unknown, error: string): Outcome<z.output<S>> {
  const parsed = schema.safeParse(body);
  return parsed.success ? ok(parsed.data) : { kind: 'invalid', error, issues: fieldIssues(parsed.error.issues) };
}

/** `readPost` then `parse`: a post's data as `schema` has it, or why it was refused. */
export async function readForm<S extends z.ZodType>(request: Request, schema: S, options: ReadOptions & { error: string }): Promise<Outcome<z.output<S>>> {
  const body = await readPost(request, options);
  return body.kind === 'ok' ? parse(schema, body.value, options.error) : body;
}

/** The `retry-after` header a refusal is answered with (429 and 503), if any. */
function retryAfter(refusal: Refusal): Record<string, string> {
  if (refusal.kind === 'rate-limited') return { 'retry-after': String(refusal.retryAfterSeconds) };
  if (refusal.kind === 'unavailable') return { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) };
  return {};
}

/** A refusal as JSON: its status, `{error, issues?}`, and `retry-after` for 429 and 503. */
export function refusalResponse(refusal: Refusal): Response {
  return jsonError(REFUSAL_STATUS[refusal.kind], refusal.error, refusal.kind === 'invalid' ? refusal.issues : undefined, retryAfter(refusal));
}

/** An endpoint's answer: `ok` as `answer` makes it, a refusal as `refusalResponse`. */
export function respond<T>(outcome: Outcome<T>, answer: (value: T) => Response): Response {
  return outcome.kind === 'ok' ? answer(outcome.value) : refusalResponse(outcome);
}

/**
 * An outcome on a server-rendered form: sets the page's status (and `retry-after`) as an
 * endpoint's would be, and returns the issue of each field, to show beside it.
 * @example const form = formPage(outcome, Astro.response); form.issue('email')?.message
 */
export function formPage(outcome: Outcome<unknown> | null, response: { status?: number; headers: Headers }): { kind: Outcome<unknown>['kind'] | null; issue: (field: string) => FieldIssue | undefined } {
  if (outcome && outcome.kind !== 'ok') {
    response.status = REFUSAL_STATUS[outcome.kind];
    for (const [name, value] of Object.entries(retryAfter(outcome))) response.headers.set(name, value);
  }
  const issues = outcome?.kind === 'invalid' ? outcome.issues : [];
  return { kind: outcome?.kind ?? null, issue: (field) => issues.find((i) => i.path[0] === field) };
}
