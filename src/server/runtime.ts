import type { APIContext } from 'astro';
import { databasePool, env } from './env.ts';
import { database } from './db/client.ts';
import { currentQuestionnaire } from './content/index.ts';
import { emailCeilings, resendMailer, type DrainDeps, type Mailer } from './outbox/index.ts';
import { submissionEmailRenderer, type LeadDeps } from './leads/index.ts';
import { crmConfig, type CrmDrainDeps } from './crm/index.ts';
import type { FunnelDeps } from './funnel/index.ts';
import { createAuth, type Auth, type AuthDeps } from './auth/index.ts';

/** The process's database, from DATABASE_URL or embedded PGlite in DATA_DIR. */
export async function db() {
  const config = env();
  return (await database(() => ({ url: config.DATABASE_URL, dataDir: `${config.DATA_DIR}/pglite`, ...databasePool(config) }))).db;
}

/** Resend when RESEND_API_KEY is set; otherwise none (emails stay in the outbox). */
export function mailer(): Mailer | null {
  const config = env();
  return config.RESEND_API_KEY ? resendMailer(config.RESEND_API_KEY, config.EMAIL_FROM) : null;
}

/** What the outbox drain needs: the database, the mailer, the sending ceilings and the renderer of a submission's emails. */
export function outboxDeps(): DrainDeps {
  const config = env();
  return { db, mailer: mailer(), ceilings: emailCeilings(config), suppressionSalt: config.IP_HASH_SALT, render: submissionEmailRenderer({ questionnaire: currentQuestionnaire, env: config }) };
}

/** What the CRM drain needs: the database and where events go (HUBSPOT_TOKEN, WEBHOOK_URL). */
export async function crmDeps(): Promise<CrmDrainDeps> {
  return { db, config: crmConfig(env(), await currentQuestionnaire()) };
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

/**
 * The site's address for links (emails, permalinks, sign-in): SITE_URL, or when it is unset
 * (local runs; production requires it) the origin the request came to, so a server started on
 * any port links to itself.
 */
export function siteUrl(request: Request): string {
  return env().SITE_URL ?? new URL(request.url).origin;
}

/** What the lead endpoints need, wired to the real environment. */
export async function leadDeps(context: RequestContext): Promise<LeadDeps> {
  return { db, questionnaire: await currentQuestionnaire(), env: { ...env(), SITE_URL: siteUrl(context.request) }, mailer: mailer(), ip: clientIp(context) };
}

/** What `POST /api/events` needs, wired to the real environment. */
export function funnelDeps(context: RequestContext): FunnelDeps {
  return { db, env: env(), ip: clientIp(context) };
}

/** One Better Auth per site address: one with SITE_URL set; without it, one per origin the server is reached at. */
const authInstances = new Map<string, Promise<{ auth: Auth; deps: AuthDeps }>>();

/** Better Auth over the process's database for the site `request` came to, created on first use. */
export function consultantAuth(request: Request): Promise<{ auth: Auth; deps: AuthDeps }> {
  const site = siteUrl(request);
  let instance = authInstances.get(site);
  if (!instance) {
    instance = (async () => {
      const deps: AuthDeps = { db: await db(), env: { ...env(), SITE_URL: site }, mailer: mailer(), questionnaire: await currentQuestionnaire() };
      return { auth: createAuth(deps), deps };
    })().catch((error: unknown) => {
      authInstances.delete(site);
      throw error;
    });
    authInstances.set(site, instance);
  }
  return instance;
}

export { clientIp };
