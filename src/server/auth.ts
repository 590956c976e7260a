import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { magicLink } from 'better-auth/plugins';
import type { Db } from './db/client.ts';
import { account, outbox, session, user, verification } from './db/schema.ts';
import type { Env } from './env.ts';
import { deliverPending, outboxRow, type Mailer } from './outbox.ts';
import { signInEmail } from './email/templates.ts';
import type { Questionnaire } from '../domain/schemas/questionnaire.ts';
import { hashIp, takeSlot } from './lib/rate-limit.ts';

/** Minutes a sign-in link stays valid. */
export const MAGIC_LINK_MINUTES = 15;
/** Sign-in link requests allowed per IP in 15 minutes. */
export const SIGN_IN_REQUESTS_PER_WINDOW = 5;
const SIGN_IN_LIMIT = { bucket: 'sign-in:ip', limit: SIGN_IN_REQUESTS_PER_WINDOW, windowMs: 15 * 60_000 };

export interface AuthDeps {
  db: Db;
  env: Pick<Env, 'SITE_URL' | 'BETTER_AUTH_SECRET' | 'CONSULTANT_EMAILS' | 'IP_HASH_SALT'>;
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
          // Checked again here: the link must never reach an address outside the list.
          if (!deps.env.CONSULTANT_EMAILS.includes(email.toLowerCase())) return;
          const message = signInEmail({ questionnaire: deps.questionnaire, url, minutes: MAGIC_LINK_MINUTES, locale: 'es' });
          const [row] = await deps.db.insert(outbox).values(outboxRow('sign-in', [email], message)).returning({ id: outbox.id });
          await deliverPending(deps.db, deps.mailer, { ids: [row!.id] });
        },
      }),
    ],
  });
}
export type Auth = ReturnType<typeof createAuth>;

/**
 * Asks for a sign-in link. Every request is counted by hashed IP (known and
 * unknown addresses alike) and the answer never says whether the address is a
 * consultant's.
 */
export async function requestSignInLink(
  auth: Auth,
  deps: AuthDeps,
  input: { email: string; ip: string; headers: Headers; now?: Date },
): Promise<'sent-if-known' | 'rate-limited' | 'invalid'> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(email) || email.length > 254) return 'invalid';
  const now = input.now ?? new Date();
  const ipHash = hashIp(input.ip, deps.env.IP_HASH_SALT);
  const slot = await takeSlot(deps.db, SIGN_IN_LIMIT, ipHash, now);
  if (!slot.allowed) return 'rate-limited';
  if (deps.env.CONSULTANT_EMAILS.includes(email)) {
    await auth.api.signInMagicLink({ body: { email, callbackURL: '/consultants/' }, headers: input.headers });
  }
  return 'sent-if-known';
}

/** The signed-in consultant, or null (no session, expired, or no longer in CONSULTANT_EMAILS). */
export async function currentConsultant(auth: Auth, deps: Pick<AuthDeps, 'env'>, headers: Headers): Promise<{ email: string; name: string } | null> {
  const found = await auth.api.getSession({ headers });
  if (!found) return null;
  const email = found.user.email.toLowerCase();
  if (!deps.env.CONSULTANT_EMAILS.includes(email)) return null;
  return { email, name: found.user.name };
}
