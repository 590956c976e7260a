import { describe, expect, it } from 'vitest';
import { z } from 'astro/zod';
import { formPage, parse, readForm, readPost, refusalResponse, REFUSAL_STATUS, respond, type Outcome, type Refusal } from '../../../src/server/lib/form.ts';
import { json } from '../../../src/server/lib/http.ts';

const LIMIT = 1024;
const post = (body: BodyInit | null, type?: string) => new Request('http://x/', { method: 'POST', headers: type ? { 'content-type': type } : {}, body });
const Schema = z.strictObject({ email: z.email('must be a valid email address'), consent: z.literal(true, { error: 'must be true' }), age: z.coerce.number().int().optional() });

describe('readPost', () => {
  it('reads JSON as its value and a form (urlencoded or multipart) as its fields, by content type', async () => {
    expect(await readPost(post('{"email":"a@b.co","n":[1]}', 'application/json'), { accept: 'json-or-form', maxBytes: LIMIT })).toEqual({ kind: 'ok', value: { email: 'a@b.co', n: [1] } });
    expect(await readPost(post('email=a%40b.co&age=3', 'application/x-www-form-urlencoded'), { accept: 'json-or-form', maxBytes: LIMIT })).toEqual({ kind: 'ok', value: { email: 'a@b.co', age: '3' } });
    const form = new FormData();
    form.set('email', 'a@b.co');
    expect(await readPost(new Request('http://x/', { method: 'POST', body: form }), { accept: 'json-or-form', maxBytes: LIMIT })).toEqual({ kind: 'ok', value: { email: 'a@b.co' } });
  });

  it('reads a ticked checkbox (`on`) as true and leaves other values for the schema to refuse', async () => {
    const read = (body: string) => readPost(post(body, 'application/x-www-form-urlencoded'), { accept: 'form', maxBytes: LIMIT, checkboxes: ['consent'] });
    expect(await read('consent=on')).toEqual({ kind: 'ok', value: { consent: true } });
    expect(await read('consent=maybe')).toEqual({ kind: 'ok', value: { consent: 'maybe' } });
    expect(await read('')).toEqual({ kind: 'ok', value: {} });
  });

  it('refuses another content type (415), broken JSON (400 naming the body) and an oversized body (413)', async () => {
    expect(await readPost(post('email=a', 'application/x-www-form-urlencoded'), { accept: 'json', maxBytes: LIMIT })).toMatchObject({ kind: 'unsupported', error: 'Content-Type must be application/json' });
    expect(await readPost(post('{"email":', 'application/json'), { accept: 'json', maxBytes: LIMIT })).toEqual({ kind: 'invalid', error: 'Body is not valid JSON', issues: [{ path: [], message: 'not valid JSON' }] });
    expect(await readPost(post('x'.repeat(LIMIT + 1), 'application/json'), { accept: 'json', maxBytes: LIMIT })).toEqual({ kind: 'too-large', error: `Body must be at most ${LIMIT} bytes` });
    expect(await readPost(post('x'.repeat(LIMIT + 1), 'application/x-www-form-urlencoded'), { accept: 'form', maxBytes: LIMIT, page: true })).toMatchObject({ kind: 'too-large' });
  });

  it('takes sendBeacon\'s text/plain as JSON only when asked', async () => {
    expect(await readPost(post('{"a":1}', 'text/plain'), { accept: 'json', maxBytes: LIMIT, textPlain: true })).toEqual({ kind: 'ok', value: { a: 1 } });
    expect((await readPost(post('{"a":1}', 'text/plain'), { accept: 'json', maxBytes: LIMIT })).kind).toBe('unsupported');
  });

  it('refuses a form that cannot be read, but on a page reads it as no fields so the form is shown back', async () => {
    const broken = () => post('not multipart', 'multipart/form-data; boundary=x');
    expect(await readPost(broken(), { accept: 'json-or-form', maxBytes: LIMIT })).toEqual({ kind: 'invalid', error: 'Body could not be read', issues: [{ path: [], message: 'unreadable body' }] });
    expect(await readPost(broken(), { accept: 'form', maxBytes: LIMIT, page: true })).toEqual({ kind: 'ok', value: {} });
    expect(await readPost(post('{}', 'application/json'), { accept: 'form', maxBytes: LIMIT, page: true })).toEqual({ kind: 'ok', value: {} });
  });
});

describe('parse and readForm', () => {
  it('gives the data the schema makes of the body', async () => {
    expect(await readForm(post('email=a%40b.co&consent=on&age=7', 'application/x-www-form-urlencoded'), Schema, { accept: 'form', maxBytes: LIMIT, checkboxes: ['consent'], error: 'Invalid' })).toEqual({
      kind: 'ok',
      value: { email: 'a@b.co', consent: true, age: 7 },
    });
  });

  it('names every bad field, an unknown one included, with its message', () => {
    expect(parse(Schema, { email: 'nope', extra: 1 }, 'Invalid sign-up')).toEqual({
      kind: 'invalid',
      error: 'Invalid sign-up',
      issues: [
        { path: ['email'], message: 'must be a valid email address' },
        { path: ['consent'], message: 'must be true' },
        { path: ['extra'], message: 'is not an accepted field' },
      ],
    });
  });

  it('passes a refused read on without parsing', async () => {
    expect((await readForm(post('{}', 'text/plain'), Schema, { accept: 'json', maxBytes: LIMIT, error: 'Invalid' })).kind).toBe('unsupported');
  });
});

const refusals: [Refusal, number, Record<string, unknown>, string | null][] = [
  [{ kind: 'invalid', error: 'Invalid sign-up', issues: [{ path: ['email'], message: 'must be a valid email address' }] }, 400, { error: 'Invalid sign-up', issues: [{ path: ['email'], message: 'must be a valid email address' }] }, null],
  [{ kind: 'not-found', error: 'No submission with id x' }, 404, { error: 'No submission with id x' }, null],
  [{ kind: 'too-large', error: 'Body must be at most 1024 bytes' }, 413, { error: 'Body must be at most 1024 bytes' }, null],
  [{ kind: 'unsupported', error: 'Content-Type must be application/json' }, 415, { error: 'Content-Type must be application/json' }, null],
  [{ kind: 'rate-limited', error: 'Too many', retryAfterSeconds: 120 }, 429, { error: 'Too many' }, '120'],
  [{ kind: 'unavailable', error: 'The database is unavailable' }, 503, { error: 'The database is unavailable' }, '30'],
];

describe('one status per outcome', () => {
  for (const [refusal, status, body, retryAfter] of refusals) {
    it(`answers ${refusal.kind} with ${status}, {error${refusal.kind === 'invalid' ? ', issues' : ''}}${retryAfter ? ' and retry-after' : ''}, as JSON and on a page`, async () => {
      expect(REFUSAL_STATUS[refusal.kind]).toBe(status);
      const response = refusalResponse(refusal);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toEqual(body);
      expect(response.headers.get('retry-after')).toBe(retryAfter);

      const page = { status: 200, headers: new Headers() };
      const form = formPage(refusal, page);
      expect(page.status).toBe(status);
      expect(page.headers.get('retry-after')).toBe(retryAfter);
      expect(form.kind).toBe(refusal.kind);
    });
  }

  it('answers ok as the endpoint makes it, and leaves a page at 200', async () => {
    const outcome: Outcome<string> = { kind: 'ok', value: 'created' };
    const response = respond(outcome, (value) => json({ value }, 201));
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ value: 'created' });
    const page = { status: 200, headers: new Headers() };
    expect(formPage(outcome, page).kind).toBe('ok');
    expect(formPage(null, page).kind).toBe(null);
    expect(page.status).toBe(200);
  });

  it("gives a page each field's issue, by the field's name", () => {
    const form = formPage({ kind: 'invalid', error: 'Invalid', issues: [{ path: ['email'], message: 'must be a valid email address' }, { path: ['contact', 'name'], message: 'required' }] }, { headers: new Headers() });
    expect(form.issue('email')?.message).toBe('must be a valid email address');
    expect(form.issue('contact')?.message).toBe('required');
    expect(form.issue('consent')).toBeUndefined();
  });
});
