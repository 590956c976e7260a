import type { APIContext } from 'astro';
import { env } from './env.ts';
import { database } from './db/client.ts';
import { currentQuestionnaire } from './content/index.ts';
import { emailCeilings, resendMailer, type DrainDeps, type Mailer } from './outbox/index.ts';
import type { LeadDeps } from './leads/index.ts';
import type { FunnelDeps } from './funnel/index.ts';
import { createAuth, type Auth, type AuthDeps } from './auth/index.ts';

/** The process's database, from DATABASE_URL or embedded PGlite in DATA_DIR. */
export async function db() {
  const config = env();
  return (await database(() => ({ url: config.DATABASE_URL, dataDir: `${config.DATA_DIR}/pglite` }))).db;
}

/** Resend when RESEND_API_KEY is set; otherwise none (emails stay in the outbox). */
export function mailer(): Mailer | null {
  const config = env();
  return config.RESEND_API_KEY ? resendMailer(config.RESEND_API_KEY, config.EMAIL_FROM) : null;
}

/** What the outbox drain needs: the database, the mailer and the sending ceilings. */
export function outboxDeps(): DrainDeps {
  return { db, mailer: mailer(), ceilings: emailCeilings(env()) };
}

/** Pages (`Astro`) and endpoints alike carry the request and the client's address. */
type RequestContext = Pick<APIContext, 'request' | 'clientAddress'>;

function clientIp(context: RequestContext): string {
  try {
    return context.clientAddress;
  } catch {
    return context.request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() ?? 'unknown';
  }
}

/** What the lead endpoints need, wired to the real environment. */
export async function leadDeps(context: RequestContext): Promise<LeadDeps> {
  return { db, questionnaire: await currentQuestionnaire(), env: env(), mailer: mailer(), ip: clientIp(context) };
}

/** What `POST /api/events` needs, wired to the real environment. */
export function funnelDeps(context: RequestContext): FunnelDeps {
  return { db, env: env(), ip: clientIp(context) };
}

let authInstance: Promise<{ auth: Auth; deps: AuthDeps }> | undefined;

/** Better Auth over the process's database, created on first use. */
export function consultantAuth(): Promise<{ auth: Auth; deps: AuthDeps }> {
  authInstance ??= (async () => {
    const deps: AuthDeps = { db: await db(), env: env(), mailer: mailer(), questionnaire: await currentQuestionnaire() };
    return { auth: createAuth(deps), deps };
  })().catch((error: unknown) => {
    authInstance = undefined;
    throw error;
  });
  return authInstance;
}

export { clientIp };
