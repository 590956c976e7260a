import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../../src/server/db/client.ts';
import { consultants, outbox, rateLimitCounters, session, verification } from '../../../src/server/db/schema.ts';
import { settled } from '../../../src/server/lib/after.ts';
import { cancelScheduledDrains } from '../../../src/server/outbox/outbox.ts';
import { createAuth, currentConsultant, handleAuthRoute, MAGIC_LINK_MINUTES, requestSignInLink, signInPost, SIGN_IN_LINKS_PER_ADDRESS, SIGN_IN_REQUESTS_PER_WINDOW, type Auth, type AuthDeps } from '../../../src/server/auth/auth.ts';
import { checkWorkspaceAccess } from '../../../src/server/auth/guard.ts';
import { inviteConsultant, isConsultant, listConsultants, removeConsultant } from '../../../src/server/consultants/index.ts';
import { realQuestionnaire } from '../../helpers/content.ts';
import { TEST_DATABASES } from '../../helpers/db.ts';

const q = realQuestionnaire();
const SITE = 'http://localhost:4321';
const WORKSPACE_ROUTES = ['/consultants/', '/consultants/funnel', '/consultants/submissions/1b4e28ba-2fa1-11d2-883f-0016d3cca427', '/consultants/export.csv', '/api/consultants/submissions'];

describe.each(TEST_DATABASES)('consultant sign-in on $name', (testDb) => {
  let database: Database;
  let auth: Auth;
  let deps: AuthDeps;

  beforeAll(async () => {
    database = await testDb.open();
    deps = {
      db: database.db,
      env: { SITE_URL: SITE, BETTER_AUTH_SECRET: 'test-secret-test-secret-test-secret-42', CONSULTANT_EMAILS: ['ana@example.com'], IP_HASH_SALT: 'test-salt-0123456789', EMAILS_PER_HOUR: 1000, SIGN_IN_EMAILS_PER_HOUR: 30 },
      mailer: null,
      questionnaire: q,
    };
    auth = createAuth(deps);
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await settled();
    await database.db.delete(rateLimitCounters);
    await database.db.delete(outbox);
    await database.db.delete(verification);
  });

  /** Requests a link for `email` (ana@example.com, typed in another case) and follows it; returns the session cookie. */
  async function signIn(email = 'Ana@Example.com'): Promise<string> {
    await database.db.delete(outbox);
    expect(await requestSignInLink(auth, deps, { email, ip: '192.0.2.1', headers: new Headers() })).toBe('sent-if-known');
    await settled();
    const [mail] = await database.db.select().from(outbox).where(eq(outbox.kind, 'sign-in'));
    const link = mail!.text!.match(/https?:\/\/\S+magic-link\/verify\S+/)![0];
    const response = await auth.handler(new Request(link));
    expect(response.status).toBe(302);
    const cookie = response.headers.getSetCookie().find((c) => c.includes('session_token'))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    return cookie.split(';')[0]!;
  }

  const access = (path: string, cookie?: string, method = 'GET', origin?: string) =>
    checkWorkspaceAccess(
      new Request(`${SITE}${path}`, { method, headers: { ...(cookie ? { cookie } : {}), ...(origin ? { origin } : {}) } }),
      new URL(`${SITE}${path}`),
      async () => ({ auth, deps }),
    );

  it('writes the email in the language the link was asked in, and the link opens the workspace in it', async () => {
    for (const locale of ['pt', 'en'] as const) {
      await database.db.delete(outbox);
      expect(await requestSignInLink(auth, deps, { email: 'ana@example.com', ip: `192.0.2.7${locale.length}`, headers: new Headers(), locale })).toBe('sent-if-known');
      await settled();
      const [mail] = await database.db.select().from(outbox).where(eq(outbox.kind, 'sign-in'));
      expect(mail!.subject).toBe(realQuestionnaire().emails['sign-in'].subject[locale]);
      const link = mail!.text!.match(/https?:\/\/\S+magic-link\/verify\S+/)![0];
      const response = await auth.handler(new Request(link));
      expect(response.status).toBe(302);
      const landing = new URL(response.headers.get('location')!, SITE);
      expect(`${landing.pathname}${landing.search}`).toBe(`/consultants/?lang=${locale}`);
    }
  });

  it('lands on the workspace page the consultant was sent to sign in from, and never outside the workspace', async () => {
    const cases = [
      ['/consultants/preview/?all=1', '/consultants/preview/?all=1&lang=en'],
      ['/consultants/submissions/abc', '/consultants/submissions/abc?lang=en'],
      ['https://evil.example/consultants/', '/consultants/?lang=en'],
      ['//evil.example/consultants/', '/consultants/?lang=en'],
      ['/consultants/sign-out', '/consultants/?lang=en'],
      ['/api/auth/sign-out', '/consultants/?lang=en'],
    ] as const;
    for (const [index, [next, expected]] of cases.entries()) {
      await database.db.delete(outbox);
      // Links per address are capped (3 per window): each case starts a fresh window.
      await database.db.delete(rateLimitCounters);
      const page = new Request(`${SITE}/consultants/sign-in?next=${encodeURIComponent(next)}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=ana%40example.com' });
      expect((await signInPost(async () => ({ auth, deps }), page, `192.0.2.${90 + index}`, 'page', 'en')).kind).toBe('ok');
      await settled();
      const [mail] = await database.db.select().from(outbox).where(eq(outbox.kind, 'sign-in'));
      const link = mail!.text!.match(/https?:\/\/\S+magic-link\/verify\S+/)![0];
      const landing = new URL((await auth.handler(new Request(link))).headers.get('location')!, SITE);
      expect(`${landing.origin}${landing.pathname}${landing.search}`, next).toBe(`${SITE}${expected}`);
    }
  });

  it('emails a link to a consultant and nothing to anyone else, with the same answer', async () => {
    expect(await requestSignInLink(auth, deps, { email: 'stranger@example.com', ip: '192.0.2.9', headers: new Headers() })).toBe('sent-if-known');
    expect(await database.db.select().from(outbox)).toHaveLength(0);
    expect(await requestSignInLink(auth, deps, { email: 'ana@example.com', ip: '192.0.2.9', headers: new Headers() })).toBe('sent-if-known');
    await settled();
    const mails = await database.db.select().from(outbox);
    expect(mails.map((m) => m.to)).toEqual([['ana@example.com']]);
    // The link is worthless once expired: the outbox drops it rather than send it late.
    expect(mails[0]!.expiresAt!.getTime() - mails[0]!.createdAt.getTime()).toBeLessThanOrEqual(MAGIC_LINK_MINUTES * 60_000 + 1000);
  });

  it('holds the sign-in limit under 40 parallel requests from one IP, on the page route', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, () => requestSignInLink(auth, deps, { email: 'ana@example.com', ip: '192.0.2.40', headers: new Headers() })),
    );
    await settled();
    expect(outcomes.filter((o) => o === 'sent-if-known')).toHaveLength(SIGN_IN_REQUESTS_PER_WINDOW);
    expect(outcomes.filter((o) => o === 'rate-limited')).toHaveLength(40 - SIGN_IN_REQUESTS_PER_WINDOW);
    // All for one address: only its first links are created and emailed.
    expect(await database.db.select().from(verification)).toHaveLength(SIGN_IN_LINKS_PER_ADDRESS);
    expect(await database.db.select().from(outbox)).toHaveLength(SIGN_IN_LINKS_PER_ADDRESS);
  });

  const magicLinkRequest = (email: string, headers: Record<string, string> = { origin: SITE }) =>
    new Request(`${SITE}/api/auth/sign-in/magic-link`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email, callbackURL: '/consultants/' }) });

  it("holds the same limit on Better Auth's own route under 40 parallel requests", async () => {
    const responses = await Promise.all(Array.from({ length: 40 }, () => handleAuthRoute(auth, deps, magicLinkRequest('ana@example.com'), '192.0.2.41')));
    await settled();
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(SIGN_IN_REQUESTS_PER_WINDOW);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40 - SIGN_IN_REQUESTS_PER_WINDOW);
    expect(await database.db.select().from(verification)).toHaveLength(SIGN_IN_LINKS_PER_ADDRESS);
    expect(await database.db.select().from(outbox)).toHaveLength(SIGN_IN_LINKS_PER_ADDRESS);
  });

  it("refuses Better Auth's sign-in route without the site's Origin, and closes its other routes", async () => {
    expect((await handleAuthRoute(auth, deps, magicLinkRequest('ana@example.com', {}), '192.0.2.42')).status).toBe(403);
    expect((await handleAuthRoute(auth, deps, magicLinkRequest('ana@example.com', { origin: 'https://evil.example' }), '192.0.2.42')).status).toBe(403);
    for (const [method, path] of [['POST', '/api/auth/sign-up/email'], ['POST', '/api/auth/send-verification-email'], ['GET', '/api/auth/ok'], ['POST', '/api/auth/magic-link/verify']]) {
      const response = await handleAuthRoute(auth, deps, new Request(`${SITE}${path}`, { method, headers: { origin: SITE, 'content-type': 'application/json' }, body: method === 'POST' ? '{"email":"ana@example.com"}' : undefined }), '192.0.2.42');
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    await settled();
    expect(await database.db.select().from(verification)).toHaveLength(0);
    expect(await database.db.select().from(outbox)).toHaveLength(0);
  });

  it('answers a known and an unknown address in the same time while the email provider hangs', async () => {
    // A provider that never answers until released (then fails at once, so the drain ends).
    let hangs = 0;
    let released = false;
    const waiting: (() => void)[] = [];
    const hanging: AuthDeps = {
      ...deps,
      mailer: {
        send: () => {
          hangs++;
          return new Promise((_, reject) => (released ? reject(new Error('provider down')) : waiting.push(() => reject(new Error('provider hung')))));
        },
      },
    };
    const hangingAuth = createAuth(hanging);
    const timed = async (email: string, ip: string) => {
      const start = performance.now();
      expect(await requestSignInLink(hangingAuth, hanging, { email, ip, headers: new Headers() })).toBe('sent-if-known');
      return performance.now() - start;
    };
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const known: number[] = [];
    const unknown: number[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        known.push(await timed('ana@example.com', `198.51.100.${i}`));
        unknown.push(await timed(`nobody${i}@example.com`, `198.51.100.${100 + i}`));
      }
      console.log('sign-in answer, median of 20 (ms): known', median(known).toFixed(2), 'unknown', median(unknown).toFixed(2));
      // The provider was reached and is hanging while the answers were given.
      await expect.poll(() => hangs, { timeout: 5000 }).toBeGreaterThan(0);
    } finally {
      released = true;
      for (const reject of waiting) reject();
      await settled();
      cancelScheduledDrains();
    }
    expect(Math.abs(median(known) - median(unknown))).toBeLessThan(5);
    expect(median(known)).toBeLessThan(100);
    // The links were still created and queued after the answers (as many as one address may get), and the provider was tried.
    expect(await database.db.select().from(outbox)).toHaveLength(SIGN_IN_LINKS_PER_ADDRESS);
  });

  it('delivers a sign-in link within seconds of the request, with no cron', async () => {
    const sent: { to: string[]; text: string }[] = [];
    const delivering: AuthDeps = { ...deps, mailer: { send: async (message) => (sent.push(message), { providerId: `p${sent.length}` }) } };
    const asked = Date.now();
    expect(await requestSignInLink(createAuth(delivering), delivering, { email: 'ana@example.com', ip: '192.0.2.50', headers: new Headers() })).toBe('sent-if-known');
    await expect.poll(() => sent.length, { timeout: 5000, interval: 20 }).toBe(1);
    expect(Date.now() - asked).toBeLessThan(5000);
    expect(sent[0]!.to).toEqual(['ana@example.com']);
    expect(sent[0]!.text).toMatch(/magic-link\/verify/);
    await settled();
    const [row] = await database.db.select().from(outbox);
    expect(row!.sentAt).not.toBeNull();
  });

  it('lets a consultant who asks again and again sign in, and floods nobody: links per address are capped, the answer unchanged', async () => {
    // A person clicking "send" six times, then once more from their phone.
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await requestSignInLink(auth, deps, { email: 'ana@example.com', ip: '192.0.2.3', headers: new Headers() }));
    answers.push(await requestSignInLink(auth, deps, { email: 'ana@example.com', ip: '198.51.100.3', headers: new Headers() }));
    expect(answers).toEqual(Array(7).fill('sent-if-known'));
    await settled();
    const links = await database.db.select().from(outbox).where(eq(outbox.kind, 'sign-in'));
    expect(links).toHaveLength(SIGN_IN_LINKS_PER_ADDRESS);
    // Each of them signs in.
    const link = links[0]!.text!.match(/https?:\/\/\S+magic-link\/verify\S+/)![0];
    expect((await auth.handler(new Request(link))).status).toBe(302);
    // Another consultant's address is not affected by the cap on Ana's.
    if (!(await isConsultant(database.db, 'bo@example.com'))) await inviteConsultant(database.db, { email: 'bo@example.com', name: 'Bo', role: 'consultant' }, 'ana@example.com');
    expect(await requestSignInLink(auth, deps, { email: 'bo@example.com', ip: '192.0.2.3', headers: new Headers() })).toBe('sent-if-known');
    await settled();
    expect(await database.db.select().from(outbox).where(eq(outbox.kind, 'sign-in'))).toHaveLength(SIGN_IN_LINKS_PER_ADDRESS + 1);
  });

  it('prints the sign-in link in the server log when no email provider is configured', async () => {
    const printed = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await requestSignInLink(auth, deps, { email: 'ana@example.com', ip: '192.0.2.4', headers: new Headers() });
      await settled();
      const [mail] = await database.db.select().from(outbox).where(eq(outbox.kind, 'sign-in'));
      const link = mail!.text!.match(/https?:\/\/\S+magic-link\/verify\S+/)![0];
      expect(printed.mock.calls.flat().join('\n')).toContain(link);
      // With a provider, a link never reaches the log.
      printed.mockClear();
      const withProvider: AuthDeps = { ...deps, mailer: { send: async () => ({ providerId: 'p' }) } };
      await requestSignInLink(createAuth(withProvider), withProvider, { email: 'ana@example.com', ip: '192.0.2.5', headers: new Headers() });
      await settled();
      expect(await database.db.select().from(outbox).where(eq(outbox.kind, 'sign-in'))).toHaveLength(2);
      expect(printed.mock.calls.flat().join('\n')).not.toMatch(/magic-link\/verify/);
    } finally {
      printed.mockRestore();
    }
  });

  it('rate-limits sign-in requests per IP', async () => {
    for (let i = 0; i < SIGN_IN_REQUESTS_PER_WINDOW; i++) {
      expect(await requestSignInLink(auth, deps, { email: `x${i}@example.com`, ip: '192.0.2.2', headers: new Headers() })).toBe('sent-if-known');
    }
    expect(await requestSignInLink(auth, deps, { email: 'ana@example.com', ip: '192.0.2.2', headers: new Headers() })).toBe('rate-limited');
    await settled();
    expect(await database.db.select().from(outbox)).toHaveLength(0);
  });

  describe('the sign-in post (signInPost), from the page and from the JSON route', () => {
    const open = async () => ({ auth, deps });
    const fromPage = (email: string, ip: string, opener: typeof open = open) =>
      signInPost(opener, new Request(`${SITE}/consultants/sign-in`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `email=${encodeURIComponent(email)}` }), ip, 'page');

    it('refuses an address that is not one as invalid naming email: 400 {error, issues} on the JSON route', async () => {
      expect(await fromPage('not-an-email', '192.0.2.60')).toEqual({ kind: 'invalid', error: 'Invalid request', issues: [{ path: ['email'], message: 'must be a valid email address' }] });
      const response = await handleAuthRoute(auth, deps, magicLinkRequest('ana@'), '192.0.2.60');
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'Invalid request', issues: [{ path: ['email'], message: 'must be a valid email address' }] });
      expect((await handleAuthRoute(auth, deps, new Request(`${SITE}/api/auth/sign-in/magic-link`, { method: 'POST', headers: { origin: SITE, 'content-type': 'text/plain' }, body: '{}' }), '192.0.2.60')).status).toBe(415);
      await settled();
      expect(await database.db.select().from(outbox)).toHaveLength(0);
    });

    it('answers rate-limited over the limit: 429 with Retry-After on the JSON route', async () => {
      for (let i = 0; i < SIGN_IN_REQUESTS_PER_WINDOW; i++) expect(await fromPage(`x${i}@example.com`, '192.0.2.61')).toEqual({ kind: 'ok', value: 'sent-if-known' });
      expect(await fromPage('ana@example.com', '192.0.2.61')).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 900 });
      const response = await handleAuthRoute(auth, deps, magicLinkRequest('ana@example.com'), '192.0.2.61');
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('900');
    });

    it('answers unavailable when the database is down: 503 on the JSON route', async () => {
      const down = () => Promise.reject(new Error('connect ECONNREFUSED'));
      expect(await fromPage('ana@example.com', '192.0.2.62', down)).toMatchObject({ kind: 'unavailable' });
      // A database every call of which fails, as one that went away after Better Auth was created.
      const gone = new Proxy({}, { get: () => () => { throw new Error('connect ECONNREFUSED'); } }) as AuthDeps['db'];
      const broken: AuthDeps = { ...deps, db: gone };
      const response = await handleAuthRoute(auth, broken, magicLinkRequest('ana@example.com'), '192.0.2.62');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('30');
    });
  });

  it('opens every workspace route with a valid session', async () => {
    const cookie = await signIn();
    expect(await currentConsultant(auth, deps, new Headers({ cookie }))).toMatchObject({ email: 'ana@example.com' });
    for (const path of WORKSPACE_ROUTES) expect(await access(path, cookie)).toMatchObject({ consultant: { email: 'ana@example.com' } });
  });

  for (const path of WORKSPACE_ROUTES) {
    it(`denies ${path} without a session and with an expired one`, async () => {
      const expected = path.startsWith('/api/') ? 401 : 303;
      expect(((await access(path)) as Response).status).toBe(expected);
      const cookie = await signIn();
      await database.db.update(session).set({ expiresAt: new Date(Date.now() - 1000) });
      const denied = (await access(path, cookie)) as Response;
      expect(denied.status).toBe(expected);
      if (expected === 303) expect(denied.headers.get('location')).toMatch(/^\/consultants\/sign-in\?next=/);
    });
  }

  it('seeds CONSULTANT_EMAILS as the first owners, then lets in only the team: a later list adds nobody', async () => {
    await signIn();
    expect((await listConsultants(database.db)).filter((c) => c.role === 'owner').map((c) => c.email)).toEqual(['ana@example.com']);
    await database.db.delete(outbox);
    const later: AuthDeps = { ...deps, env: { ...deps.env, CONSULTANT_EMAILS: ['ana@example.com', 'eve@example.com'] } };
    expect(await requestSignInLink(createAuth(later), later, { email: 'eve@example.com', ip: '192.0.2.80', headers: new Headers() })).toBe('sent-if-known');
    await settled();
    expect(await database.db.select().from(outbox)).toHaveLength(0);
  });

  it('signs in a consultant an owner invited, and refuses them at their next request once removed', async () => {
    if (!(await isConsultant(database.db, 'carla@example.com'))) await inviteConsultant(database.db, { email: 'carla@example.com', name: 'Carla', role: 'consultant' }, 'ana@example.com');
    const cookie = await signIn('carla@example.com');
    expect(await access('/consultants/', cookie)).toMatchObject({ consultant: { email: 'carla@example.com', name: 'Carla' } });
    expect(await removeConsultant(database.db, 'carla@example.com', 'ana@example.com')).toMatchObject({ sessionsEnded: 1 });
    expect(((await access('/consultants/', cookie)) as Response).status).toBe(303);
    expect(((await access('/api/consultants/submissions', cookie)) as Response).status).toBe(401);
    await database.db.delete(outbox);
    // A link asked for after the removal is never sent.
    expect(await requestSignInLink(auth, deps, { email: 'carla@example.com', ip: '192.0.2.81', headers: new Headers() })).toBe('sent-if-known');
    await settled();
    expect(await database.db.select().from(outbox)).toHaveLength(0);
  });

  it('refuses a removed consultant whose session survived (the team is read on every request)', async () => {
    if (!(await isConsultant(database.db, 'dora@example.com'))) await inviteConsultant(database.db, { email: 'dora@example.com', name: 'Dora', role: 'consultant' }, 'ana@example.com');
    const cookie = await signIn('dora@example.com');
    // Marked removed by hand, its session left alive: only the check of the team stands in the way.
    await database.db.update(consultants).set({ removedAt: new Date() }).where(eq(consultants.email, 'dora@example.com'));
    expect(await currentConsultant(auth, deps, new Headers({ cookie }))).toBeNull();
  });

  it('refuses state changes from another origin, even signed in', async () => {
    const cookie = await signIn();
    expect(((await access('/consultants/', cookie, 'POST', 'https://evil.example')) as Response).status).toBe(403);
    expect(await access('/consultants/', cookie, 'POST', SITE)).toMatchObject({ consultant: { email: 'ana@example.com' } });
  });
});
