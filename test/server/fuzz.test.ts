import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/server/db/client.ts';
import { masterclassSignups, outbox, submissions } from '../../src/server/db/schema.ts';
import { createSubmission, MAX_BODY_BYTES, type LeadDeps } from '../../src/server/leads/submissions.ts';
import { METRIC_INPUT_FIELDS } from '../../src/domain/metrics.ts';
import { DONT_KNOW, NOT_APPLICABLE, scoredOptions } from '../../src/domain/question.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { TEST_DATABASES } from '../helpers/db.ts';
import { TEST_IP_HASH_SALT, validPayload, TEST_CONTACT } from '../helpers/submission.ts';
import { signStartToken, verifyStartToken } from '../../src/server/lib/start-token.ts';

const q = realQuestionnaire();
const CONSULTANTS = ['consultora@example.com'];
const ACCEPTED_STATUSES = [200, 201, 400, 413, 415, 429];
/** Requests generated: 1,500 in `npm test`, 10,000 in the quality suite (`FUZZ_RUNS`, set by its project). */
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS) || 1_500;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** A request to send, and what the test knows about it to predict the outcome. */
interface Case {
  kind: 'payload' | 'replay' | 'json' | 'raw' | 'oversize';
  body: string;
  contentType: string | undefined;
  contentLength?: string;
  /** The object sent, when the body is one (to tell a bot-like submission from a stored one). */
  sent?: Record<string, unknown>;
}

// ── values ────────────────────────────────────────────────────────────────────────────────

const numberLike = fc.oneof(
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e309', '-1', '0', '-0', '1e-7', '0x10', '1_000', '', ' 5 '),
  fc.constantFrom(0, -0, -1, 1, 0.5, 99.999, 100, 100.0001, 101, 2 ** 31, -(2 ** 31), Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE, 1e308, -1e308),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const lengthAround = (limits: number[]) => fc.constantFrom(...limits.flatMap((n) => [n - 1, n, n + 1])).chain((n) => fc.constantFrom('x', 'é', '𝕏', ' ').map((c) => c.repeat(n)));
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('\u0000', 'Ana\u0000', '\u0007\u001b[31m', '\ud800', 'a\udfffb', '\u202eevil', '\ufeff', '<script>alert(1)</script>', "' OR 1=1; --", '{{7*7}}', '../../etc/passwd', ' ', '\n'),
  lengthAround([100, 120, 160, 254, 500]),
);
const email = fc.oneof(
  fc.emailAddress(),
  fc.constantFrom('ana@example', 'ana perez@example.com', 'ANA@EXAMPLE.COM', ' ana@example.com ', 'a..b@example.com', 'a@b.c', 'a@-b.com', '@example.com', 'ana@', 'ana@exa\u0000mple.com', 'ñandú@example.com'),
  fc.constantFrom(242, 243, 244).map((n) => `${'a'.repeat(n)}@example.com`),
);
const dateLike = fc.oneof(
  fc.constantFrom('0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '9999-12-31T23:59:59.999Z', '2024-02-30T00:00:00Z', '2024-13-01T00:00:00Z', '2024-01-01T00:00:00+14:00', '2024-01-01T00:00:00', '2024-01-01', 'yesterday', '+275760-09-13T00:00:00Z'),
  fc.integer({ min: -10 * 60, max: 10 * 60 }).map((minutes) => new Date(Date.now() + minutes * 60_000).toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);
const uuidLike = fc.oneof(fc.uuid(), fc.uuid().map((u) => u.toUpperCase()), fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '123', ''));
const answerLike = fc.oneof(
  fc.constantFrom(NOT_APPLICABLE, DONT_KNOW, 'maybe', ''),
  fc.constantFrom(...q.questions.flatMap((question) => scoredOptions(question).map((o) => o.id))),
);
const junk: fc.Arbitrary<Json> = fc.oneof(
  numberLike,
  text,
  fc.constantFrom(null, true, false, [], {}, [[]], { a: { b: { c: [1, {}] } } }, [null], { length: 1e9 }),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);
/** Keys a careless `in` check or object spread would mistake for real ones. */
const extraKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'scores', 'report', 'id', 'token', ''), fc.string({ maxLength: 20 }));

/** What each field of a submission may be replaced with: its own near-misses, then anything. */
const FIELDS: { path: Path; value: fc.Arbitrary<Json> }[] = [
  { path: ['locale'], value: fc.oneof(fc.constantFrom('es', 'pt', 'en', 'ES', 'fr', 'es-ES', ''), junk) },
  { path: ['answers'], value: junk },
  ...q.questions.map((question) => ({ path: ['answers', question.id] as Path, value: fc.oneof(answerLike, junk) })),
  { path: ['metricInputs'], value: fc.oneof(fc.constant(null), junk) },
  { path: ['metricInputs', 'period'], value: fc.oneof(fc.constantFrom('month', 'year', 'week'), junk) },
  ...METRIC_INPUT_FIELDS.map((field) => ({ path: ['metricInputs', field] as Path, value: fc.oneof(numberLike, junk) })),
  { path: ['segment'], value: junk },
  { path: ['segment', 'businessModel'], value: fc.oneof(fc.constantFrom(...q.segments.businessModels.map((m) => m.id), 'crypto', 'SaaS'), junk) },
  { path: ['segment', 'dealSize'], value: fc.oneof(fc.constantFrom(...q.segments.dealSizes.map((m) => m.id), 'huge'), junk) },
  { path: ['contact'], value: junk },
  { path: ['contact', 'name'], value: fc.oneof(text, junk) },
  { path: ['contact', 'email'], value: fc.oneof(email, junk) },
  { path: ['contact', 'company'], value: fc.oneof(text, fc.constant(null), junk) },
  { path: ['contact', 'role'], value: fc.oneof(text, fc.constant(null), junk) },
  { path: ['contact', 'companySize'], value: fc.oneof(fc.constantFrom(...q.segments.companySizes.map((size) => size.id), 'size-huge', ''), junk) },
  { path: ['contactConsent'], value: fc.oneof(fc.constantFrom(true, false, 'yes'), junk) },
  { path: ['firstTouch'], value: fc.oneof(fc.constant(null), fc.record({ source: text, referrer: text }), junk) },
  { path: ['consent'], value: fc.oneof(fc.constantFrom(true, false, 'true', 1, 'on'), junk) },
  { path: ['masterclass'], value: fc.oneof(fc.constantFrom(true, false, 'yes', 0), junk) },
  { path: ['startedAt'], value: fc.oneof(dateLike, junk) },
  {
    path: ['startToken'],
    value: fc.oneof(
      fc.integer({ min: -10 * 60, max: 10 * 60 }).map((minutes) => signStartToken(TEST_IP_HASH_SALT, new Date(Date.now() + minutes * 60_000))),
      fc.constant(signStartToken('another-salt-0123456789', new Date(Date.now() - 600_000))),
      fc.constantFrom('', 'v1', 'v1.0.AAAAAAAAAAAAAAAA.' + 'A'.repeat(43)),
      lengthAround([200]),
      junk,
    ),
  },
  { path: ['idempotencyKey'], value: fc.oneof(uuidLike, junk) },
  { path: ['website'], value: fc.oneof(fc.constantFrom('', 'http://spam.example'), text, junk) },
];

type Mutation = { op: 'set'; path: Path; value: Json } | { op: 'delete'; path: Path } | { op: 'add'; path: Path; key: string; value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...FIELDS).chain(({ path, value }) => value.map((v): Mutation => ({ op: 'set', path, value: v }))) },
  { weight: 2, arbitrary: fc.constantFrom(...FIELDS).map(({ path }): Mutation => ({ op: 'delete', path })) },
  {
    weight: 2,
    arbitrary: fc
      .record({ path: fc.constantFrom<Path>([], ['contact'], ['metricInputs'], ['segment'], ['answers']), key: extraKey, value: junk })
      .map(({ path, key, value }): Mutation => ({ op: 'add', path, key, value })),
  },
);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Applies a mutation to a JSON copy; a path through something that is no longer an object is left alone. */
function mutate(target: Record<string, unknown>, m: Mutation): void {
  const parentPath = m.op === 'add' ? m.path : m.path.slice(0, -1);
  let parent: unknown = target;
  for (const key of parentPath) parent = isObject(parent) ? parent[key] : undefined;
  if (!isObject(parent)) return;
  // defineProperty: `__proto__` must become an own key that JSON.stringify sends, not a prototype.
  const define = (key: string, value: unknown) => Object.defineProperty(parent, key, { value, enumerable: true, configurable: true, writable: true });
  // A copy: the constant values (`{}`, `[]`) are shared between cases, and one set inside another would make a circle.
  if (m.op === 'set') define(String(m.path.at(-1)), structuredClone(m.value));
  else if (m.op === 'delete') delete parent[String(m.path.at(-1))];
  else define(m.key, structuredClone(m.value));
}

// ── requests ──────────────────────────────────────────────────────────────────────────────

const JSON_TYPE = 'application/json';
const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant(JSON_TYPE) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json ;charset=latin1',
      'text/plain',
      'text/json',
      'application/jsonx',
      'application/json-patch+json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      '',
      undefined,
    ),
  },
);

const validBase = fc.record({ locale: fc.constantFrom('es', 'pt', 'en'), masterclass: fc.boolean(), withMetrics: fc.boolean(), email: fc.emailAddress() });

const payloadCase: fc.Arbitrary<Case> = fc
  .record({ base: validBase, mutations: fc.array(mutation, { maxLength: 3 }), contentType, contentLength: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('0', '10', '-1', 'abc', String(MAX_BODY_BYTES + 1)) }) })
  .map(({ base, mutations, contentType, contentLength }) => {
    const sent = JSON.parse(
      JSON.stringify(validPayload(q, { locale: base.locale as 'es', masterclass: base.masterclass, contact: { ...TEST_CONTACT, name: 'Fuzz', email: base.email }, ...(base.withMetrics ? {} : { metricInputs: null }) })),
    ) as Record<string, unknown>;
    for (const m of mutations) mutate(sent, m);
    return { kind: 'payload', body: JSON.stringify(sent), contentType, contentLength, sent };
  });

const jsonCase: fc.Arbitrary<Case> = fc
  .record({ value: fc.jsonValue({ maxDepth: 4 }), contentType })
  .map(({ value, contentType }) => ({ kind: 'json', body: JSON.stringify(value) ?? 'null', contentType }));

const rawCase: fc.Arbitrary<Case> = fc
  .record({
    body: fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.constantFrom('', ' ', 'null', 'NaN', 'Infinity', '{"locale":', '{"a":1}{"b":2}', '[1,]', "{'locale':'es'}", 'locale=es&consent=true', '\u0000', '\ufeff{}', '{"__proto__":{"admin":true}}'),
      fc.nat({ max: 2000 }).map((n) => JSON.stringify(validPayload(q)).slice(0, n)),
    ),
    contentType,
  })
  .map(({ body, contentType }) => ({ kind: 'raw', body, contentType }));

const oversizeCase: fc.Arbitrary<Case> = fc
  .record({ extra: fc.integer({ min: 1, max: 4096 }), field: fc.constantFrom('website', 'padding', 'name') })
  .map(({ extra, field }) => {
    const sent = validPayload(q) as unknown as Record<string, unknown>;
    const filler = 'x'.repeat(MAX_BODY_BYTES + extra);
    if (field === 'name') sent.contact = { name: filler, email: 'big@example.com' };
    else sent[field] = filler;
    return { kind: 'oversize', body: JSON.stringify(sent), contentType: JSON_TYPE };
  });

/** Bodies already stored, to send again (idempotency: 200, nothing new). */
const stored: string[] = [];
const replayCase: fc.Arbitrary<Case> = fc.nat().map((i) => {
  const body = stored.length > 0 ? stored[i % stored.length]! : JSON.stringify(validPayload(q));
  return { kind: 'replay', body, contentType: JSON_TYPE, sent: JSON.parse(body) as Record<string, unknown> };
});

const anyCase: fc.Arbitrary<Case> = fc.oneof(
  { weight: 60, arbitrary: payloadCase },
  { weight: 12, arbitrary: jsonCase },
  { weight: 12, arbitrary: rawCase },
  { weight: 5, arbitrary: replayCase },
  { weight: 3, arbitrary: oversizeCase },
);

function request(c: Case): Request {
  const headers: Record<string, string> = {};
  if (c.contentType !== undefined) headers['content-type'] = c.contentType;
  if (c.contentLength !== undefined) headers['content-length'] = c.contentLength;
  // A string body would get `text/plain` by default; bytes leave the content type absent when the case has none.
  return new Request('http://localhost/api/submissions', { method: 'POST', headers, body: new TextEncoder().encode(c.body) });
}

/** The fields of the objects that refuse any other key. */
const STRICT_OBJECTS: Record<string, readonly string[]> = {
  contact: ['name', 'email', 'company', 'role', 'companySize'],
  segment: ['businessModel', 'dealSize'],
  metricInputs: ['period', ...METRIC_INPUT_FIELDS],
};

/** A key that is no field of `contact`, `segment` or `metricInputs` makes the submission invalid, whatever else it holds. */
function hasUnknownKey(sent: Record<string, unknown> | undefined): boolean {
  return Object.entries(STRICT_OBJECTS).some(([name, fields]) => {
    const value = sent?.[name];
    return isObject(value) && Object.keys(value).some((key) => !fields.includes(key));
  });
}

/** Taken for a bot (honeypot filled, or no valid start token): answered 201, kept apart from the submissions, nothing sent. */
function looksLikeBot(sent: Record<string, unknown> | undefined, now: number): boolean {
  if (!sent) return false;
  return Boolean(sent.website) || !verifyStartToken(sent.startToken as string | undefined, TEST_IP_HASH_SALT, { now: new Date(now) }).ok;
}

// ── the property ──────────────────────────────────────────────────────────────────────────

describe(`POST /api/submissions under ${FUZZ_RUNS.toLocaleString('en')} generated requests`, () => {
  let database: Database;
  let deps: LeadDeps;

  beforeAll(async () => {
    database = await TEST_DATABASES[0]!.open();
    deps = {
      db: async () => database.db,
      questionnaire: q,
      env: { SITE_URL: 'https://diagnostico.example', CONSULTANT_EMAILS: CONSULTANTS, IP_HASH_SALT: TEST_IP_HASH_SALT, RATE_LIMIT_PER_HOUR: 1_000_000, MIN_FILL_SECONDS: 0, EMAILS_PER_HOUR: 1_000_000, SIGN_IN_EMAILS_PER_HOUR: 30 },
      mailer: null,
      ip: '203.0.113.9',
    };
    // Without a mailer each queued email is logged as held; 10,000 requests would flood the output.
    vi.spyOn(console, 'info').mockImplementation(() => {});
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await database?.close();
  });

  /** The three row counts in one round trip (twice per request). */
  const rows = async () => {
    const [counts] = await database.db
      .select({
        submissions: sql<number>`(select count(*) from ${submissions})::int`,
        outbox: sql<number>`(select count(*) from ${outbox})::int`,
        masterclass: sql<number>`(select count(*) from ${masterclassSignups})::int`,
      })
      .from(sql`(select 1) as one`);
    return counts!;
  };

  it('never answers 5xx, and stores exactly one submission per 201 and nothing for any other answer', { timeout: 300_000 }, async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(anyCase, async (c) => {
        const before = await rows();
        const startedAt = Date.now();
        const response = await createSubmission(request(c), deps);
        const after = await rows();
        seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
        const why = `${c.kind} ${c.contentType ?? '(no content type)'}: ${response.status} ${await response.clone().text()}`;

        expect(ACCEPTED_STATUSES, why).toContain(response.status);
        if (!/^application\/json\s*(;|$)/i.test(c.contentType ?? '')) expect(response.status, why).toBe(415);
        else if (c.kind === 'oversize' || Number(c.contentLength) > MAX_BODY_BYTES) expect(response.status, why).toBe(413);
        else if (c.kind === 'payload' && hasUnknownKey(c.sent)) expect(response.status, why).toBe(400);
        if (c.kind === 'replay' && stored.length > 0) expect(response.status, why).toBe(200);

        if (response.status === 201 && !looksLikeBot(c.sent, startedAt)) {
          expect(after.submissions - before.submissions, why).toBe(1);
          const signedUp = after.masterclass - before.masterclass;
          expect(c.sent?.masterclass === true ? [0, 1] : [0], why).toContain(signedUp);
          expect(after.outbox - before.outbox, why).toBe(1 + CONSULTANTS.length + signedUp);
          stored.push(c.body);
        } else {
          expect(after, why).toEqual(before);
        }
        if (response.status >= 400) {
          const body = (await response.json()) as { error?: unknown; issues?: { path: unknown[]; message: string }[] };
          expect(typeof body.error, why).toBe('string');
          if (response.status === 400) {
            expect(body.issues?.length, why).toBeGreaterThan(0);
            expect(body.issues!.every((i) => Array.isArray(i.path) && i.message.length > 0), why).toBe(true);
          }
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
    // The generators reach every kind of answer, not only the easy rejections.
    for (const status of [200, 201, 400, 413, 415]) expect(seen.get(status) ?? 0, `${status} answers: ${JSON.stringify([...seen])}`).toBeGreaterThan(20);
  });
});
