import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { magicLink } from 'better-auth/plugins';
import type { Db } from '../db/client.ts';
import { account, outbox, session, user, verification } from '../db/schema.ts';
import type { Env, SiteAddress } from '../env.ts';
import { emailCeilings, outboxRow, scheduleDrain, type Mailer } from '../outbox/index.ts';
import { after } from '../lib/after.ts';
import { json, jsonError } from '../lib/http.ts';
import { MAX_REQUEST_BODY_BYTES } from '../lib/body.ts';
import { ok, readForm, respond, type Outcome } from '../lib/form.ts';
import { z } from 'astro/zod';
import { signInEmail } from '../email/index.ts';
import type { Questionnaire } from '../../domain/schemas/questionnaire.ts';
import { hashIp, takeSlot } from '../lib/rate-limit.ts';
import { isEmailAddress, normalizeEmail } from '../../domain/email.ts';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../../domain/locale.ts';
import { ensureOwners, getConsultant, isConsultant } from '../consultants/index.ts';

/** Minutes a sign-in link stays valid. */
export const MAGIC_LINK_MINUTES = 15;
/**
 * Sign-in requests allowed per IP in 15 minutes, the default of `SIGN_IN_PER_IP_PER_15_MIN`: a
 * consultant who asks again and again (or an office of them behind one address) gets in; a script
 * trying addresses is stopped.
 */
export const SIGN_IN_REQUESTS_PER_WINDOW = 20;
/** Sign-in links emailed to one address in 15 minutes, whoever asks, the default of `SIGN_IN_LINKS_PER_ADDRESS_PER_15_MIN`: past it the answer is the same and nothing is sent, so nobody can flood a consultant's inbox. */
export const SIGN_IN_LINKS_PER_ADDRESS = 3;
const WINDOW_MS = 15 * 60_000;
const signInLimit = (env: Partial<Pick<Env, 'SIGN_IN_PER_IP_PER_15_MIN'>>) => ({ bucket: 'sign-in:ip', limit: env.SIGN_IN_PER_IP_PER_15_MIN ?? SIGN_IN_REQUESTS_PER_WINDOW, windowMs: WINDOW_MS });
const linksPerAddress = (env: Partial<Pick<Env, 'SIGN_IN_LINKS_PER_ADDRESS_PER_15_MIN'>>) => ({ bucket: 'sign-in:address', limit: env.SIGN_IN_LINKS_PER_ADDRESS_PER_15_MIN ?? SIGN_IN_LINKS_PER_ADDRESS, windowMs: WINDOW_MS });

const INVALID_EMAIL = 'must be a valid email address';

/** A request for a sign-in link: an address, lower-cased (other fields, such as Better Auth's `callbackURL`, are ignored). */
export const SignInRequestSchema = z.looseObject({
  email: z.string({ error: INVALID_EMAIL }).refine(isEmailAddress, INVALID_EMAIL).transform(normalizeEmail),
});

export interface AuthDeps {
  db: Db;
  /** `CONSULTANT_EMAILS`: the team's first owners, seeded while it has none (`ensureOwners`). */
  env: SiteAddress & Pick<Env, 'BETTER_AUTH_SECRET' | 'CONSULTANT_EMAILS' | 'IP_HASH_SALT' | 'EMAILS_PER_HOUR' | 'SIGN_IN_EMAILS_PER_HOUR'> & Partial<Pick<Env, 'SIGN_IN_PER_IP_PER_15_MIN' | 'SIGN_IN_LINKS_PER_ADDRESS_PER_15_MIN'>>;
  mailer: Mailer | null;
  questionnaire: Questionnaire;
}

/** Better Auth with its Drizzle adapter and the magic-link plugin; links go out through the outbox. */
export function createAuth(deps: AuthDeps) {
  const secure = deps.env.SITE_URL.startsWith('https://');
  return betterAuth({
    baseURL: deps.env.SITE_URL,
    basePath: '/api/auth',
    secret: deps.env.BETTER_AUTH_SECRET,
    database: drizzleAdapter(deps.db, { provider: 'pg', schema: { user, session, account, verification } }),
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    advanced: { useSecureCookies: secure, defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure } },
    telemetry: { enabled: false },
    trustedOrigins: [new URL(deps.env.SITE_URL).origin],
    plugins: [
      magicLink({
        expiresIn: MAGIC_LINK_MINUTES * 60,
        async sendMagicLink({ email, url }) {
          // Checked again here: the link must never reach an address outside the team.
          if (!(await isConsultant(deps.db, email))) return;
          const message = signInEmail({ questionnaire: deps.questionnaire, url, minutes: MAGIC_LINK_MINUTES, locale: linkLocale(url, deps.env.SITE_URL) });
          await deps.db.insert(outbox).values(outboxRow('sign-in', [email], message, { expiresAt: new Date(Date.now() + MAGIC_LINK_MINUTES * 60_000) }));
          // Without an email provider (a local run), the link is only in the outbox: print it where the person running the server looks.
          if (!deps.mailer) console.log(`[sign-in] no email provider (RESEND_API_KEY is unset); sign-in link for ${email}, valid ${MAGIC_LINK_MINUTES} minutes:\n${url}`);
          scheduleDrain({ db: async () => deps.db, mailer: deps.mailer, ceilings: emailCeilings(deps.env), suppressionSalt: deps.env.IP_HASH_SALT });
        },
      }),
    ],
  });
}
export type Auth = ReturnType<typeof createAuth>;

/**
 * Where a sign-in link lands: the workspace page the consultant was sent to sign in from (`next`, a
 * path of the workspace only, e.g. a bookmarked results preview), else its list; in the language
 * they asked in (`lang=`) when known.
 */
function signInCallback(locale: Locale | undefined, next?: string | null): string {
  const page = next && /^\/consultants\/[^\\\s]*$/.test(next) && !/^\/consultants\/sign-(in|out)/.test(next) ? next : '/consultants/';
  return locale ? `${page}${page.includes('?') ? '&' : '?'}lang=${locale}` : page;
}

/** The language a sign-in link was asked in, read back from its landing page; Spanish when it names none. */
function linkLocale(url: string, siteUrl: string): Locale {
  const callback = new URL(url).searchParams.get('callbackURL');
  const locale = callback ? new URL(callback, siteUrl).searchParams.get('lang') : null;
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

/**
 * Asks for a sign-in link. Every request is counted by hashed IP and by hashed address (known and
 * unknown addresses alike) and the answer never says whether the address is a
 * consultant's, not even by its timing: the link is created, queued and sent
 * after the answer, so both answers do the same work. Past `SIGN_IN_LINKS_PER_ADDRESS` links to
 * one address in the window, the answer stays the same and no email goes out. The email is written in `locale`, and the
 * link opens the workspace in it; without one, the email is in Spanish and the workspace picks its language as usual.
 */
export async function requestSignInLink(
  auth: Auth,
  deps: AuthDeps,
  input: { email: string; ip: string; headers: Headers; now?: Date; locale?: Locale; next?: string | null },
): Promise<'sent-if-known' | 'rate-limited' | 'invalid'> {
  if (!isEmailAddress(input.email)) return 'invalid';
  const email = normalizeEmail(input.email);
  const now = input.now ?? new Date();
  const ipHash = hashIp(input.ip, deps.env.IP_HASH_SALT);
  const slot = await takeSlot(deps.db, signInLimit(deps.env), ipHash, now);
  if (!slot.allowed) return 'rate-limited';
  // The address is counted by the same salted hash as IPs: no address is stored for an unknown one.
  const address = await takeSlot(deps.db, linksPerAddress(deps.env), hashIp(email, deps.env.IP_HASH_SALT), now);
  // CONSULTANT_EMAILS seeds the team's first owners; the team itself says who may sign in. Both
  // lookups run for known and unknown addresses alike, so the answer's timing tells nothing.
  await ensureOwners(deps.db, deps.env.CONSULTANT_EMAILS);
  const known = await isConsultant(deps.db, email);
  if (address.allowed && known) {
    after('sign-in link', () => auth.api.signInMagicLink({ body: { email, callbackURL: signInCallback(input.locale, input.next) }, headers: input.headers }));
  }
  return 'sent-if-known';
}

/** Seconds a client is told to wait after the sign-in limit: its window. */
const SIGN_IN_RETRY_AFTER_SECONDS = 15 * 60;

/**
 * A sign-in request posted by the sign-in page (a form) or to Better Auth's route (JSON), as
 * an outcome: `ok` (sent if the address is a consultant's), `invalid` naming `email`,
 * `rate-limited`, or `unavailable` when the database (or Better Auth over it) cannot be reached.
 * `locale`: the language the page was shown in, for the email and the workspace the link opens.
 */
export async function signInPost(
  open: () => Promise<{ auth: Auth; deps: AuthDeps }>,
  request: Request,
  ip: string,
  from: 'page' | 'json',
  locale?: Locale,
): Promise<Outcome<'sent-if-known'>> {
  const read = from === 'page' ? { accept: 'form', maxBytes: MAX_REQUEST_BODY_BYTES, page: true } as const : { accept: 'json', maxBytes: MAX_SIGN_IN_BODY_BYTES } as const;
  const body = await readForm(request, SignInRequestSchema, { ...read, error: 'Invalid request' });
  if (body.kind !== 'ok') return body;
  let sent: Awaited<ReturnType<typeof requestSignInLink>>;
  try {
    const { auth, deps } = await open();
    // The sign-in page's own address carries where the guard sent the consultant from (`?next=`).
    const next = from === 'page' ? new URL(request.url).searchParams.get('next') : null;
    sent = await requestSignInLink(auth, deps, { email: body.value.email, ip, headers: request.headers, next, ...(locale ? { locale } : {}) });
  } catch (error) {
    console.error('[sign-in] failed:', error);
    return { kind: 'unavailable', error: 'The database is unavailable; no link was sent. Retry later.' };
  }
  if (sent === 'invalid') return { kind: 'invalid', error: 'Invalid request', issues: [{ path: ['email'], message: INVALID_EMAIL }] };
  if (sent === 'rate-limited') return { kind: 'rate-limited', error: 'Too many sign-in requests from this address; try again later.', retryAfterSeconds: SIGN_IN_RETRY_AFTER_SECONDS };
  return ok(sent);
}

/** Better Auth's routes that are reachable over HTTP: following the emailed link. */
const OPEN_AUTH_ROUTES = new Set(['GET /api/auth/magic-link/verify']);

/**
 * `/api/auth/*`. Asking for a link (`POST /api/auth/sign-in/magic-link`) goes through
 * `requestSignInLink`, with the same limit, answer and timing as the sign-in page, and
 * only from the site's own origin; following a link goes to Better Auth; every other
 * Better Auth route is closed (404), so none can send email or create rows unguarded.
 */
export async function handleAuthRoute(auth: Auth, deps: AuthDeps, request: Request, ip: string): Promise<Response> {
  const url = new URL(request.url);
  const route = `${request.method} ${url.pathname.replace(/\/$/, '')}`;
  if (route === 'POST /api/auth/sign-in/magic-link') {
    if (request.headers.get('origin') !== new URL(deps.env.SITE_URL).origin) return jsonError(403, 'Cross-origin request refused');
    return respond(await signInPost(async () => ({ auth, deps }), request, ip, 'json'), () => json({ status: true }));
  }
  if (OPEN_AUTH_ROUTES.has(route)) return auth.handler(request);
  return jsonError(404, 'Not found');
}

/** A sign-in request is an address: 2 KB is plenty. */
const MAX_SIGN_IN_BODY_BYTES = 2 * 1024;

/**
 * The signed-in consultant, or null (no session, expired, or no longer on the team). Read from the
 * team on every request, so a consultant removed by an owner is refused at their next request.
 */
export async function currentConsultant(auth: Auth, deps: Pick<AuthDeps, 'db' | 'env'>, headers: Headers): Promise<{ email: string; name: string } | null> {
  const found = await auth.api.getSession({ headers });
  if (!found) return null;
  await ensureOwners(deps.db, deps.env.CONSULTANT_EMAILS);
  const consultant = await getConsultant(deps.db, found.user.email);
  if (!consultant) return null;
  return { email: consultant.email, name: consultant.name || found.user.name };
}
