import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/server/db/client.ts';
import { outbox, rateLimitCounters, session } from '../../src/server/db/schema.ts';
import { createAuth, currentConsultant, requestSignInLink, SIGN_IN_REQUESTS_PER_WINDOW, type Auth, type AuthDeps } from '../../src/server/auth.ts';
import { checkWorkspaceAccess } from '../../src/server/guard.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { TEST_DATABASES } from '../helpers/db.ts';

const q = realQuestionnaire();
const SITE = 'http://localhost:4321';
const WORKSPACE_ROUTES = ['/consultants/', '/consultants/funnel', '/consultants/submissions/1b4e28ba-2fa1-11d2-883f-0016d3cca427', '/consultants/export.csv', '/api/consultants/submissions'];

describe.each(TEST_DATABASES)('consultant sign-in on $name', (testDb) => {
  let database: Database;
  let auth: Auth;
  let deps: AuthDeps;

  beforeAll(async () => {
    database = await testDb.open();
    deps = { db: database.db, env: { SITE_URL: SITE, BETTER_AUTH_SECRET: 'test-secret-test-secret-test-secret-42', CONSULTANT_EMAILS: ['ana@example.com'], IP_HASH_SALT: 'test-salt-0123456789' }, mailer: null, questionnaire: q };
    auth = createAuth(deps);
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await database.db.delete(rateLimitCounters);
    await database.db.delete(outbox);
  });

  /** Requests a link for ana@example.com and follows it; returns the session cookie. */
  async function signIn(): Promise<string> {
    expect(await requestSignInLink(auth, deps, { email: 'Ana@Example.com', ip: '192.0.2.1', headers: new Headers() })).toBe('sent-if-known');
    const [mail] = await database.db.select().from(outbox).where(eq(outbox.kind, 'sign-in'));
    const link = mail!.text.match(/https?:\/\/\S+magic-link\/verify\S+/)![0];
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

  it('emails a link to a consultant and nothing to anyone else, with the same answer', async () => {
    expect(await requestSignInLink(auth, deps, { email: 'stranger@example.com', ip: '192.0.2.9', headers: new Headers() })).toBe('sent-if-known');
    expect(await database.db.select().from(outbox)).toHaveLength(0);
    expect(await requestSignInLink(auth, deps, { email: 'ana@example.com', ip: '192.0.2.9', headers: new Headers() })).toBe('sent-if-known');
    const mails = await database.db.select().from(outbox);
    expect(mails.map((m) => m.to)).toEqual([['ana@example.com']]);
  });

  it('rate-limits sign-in requests per IP', async () => {
    for (let i = 0; i < SIGN_IN_REQUESTS_PER_WINDOW; i++) {
      expect(await requestSignInLink(auth, deps, { email: `x${i}@example.com`, ip: '192.0.2.2', headers: new Headers() })).toBe('sent-if-known');
    }
    expect(await requestSignInLink(auth, deps, { email: 'ana@example.com', ip: '192.0.2.2', headers: new Headers() })).toBe('rate-limited');
    expect(await database.db.select().from(outbox)).toHaveLength(0);
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

  it('denies a consultant removed from CONSULTANT_EMAILS', async () => {
    const cookie = await signIn();
    expect(await currentConsultant(auth, { env: { ...deps.env, CONSULTANT_EMAILS: ['other@example.com'] } }, new Headers({ cookie }))).toBeNull();
  });

  it('refuses state changes from another origin, even signed in', async () => {
    const cookie = await signIn();
    expect(((await access('/consultants/', cookie, 'POST', 'https://evil.example')) as Response).status).toBe(403);
    expect(await access('/consultants/', cookie, 'POST', SITE)).toMatchObject({ consultant: { email: 'ana@example.com' } });
  });
});
