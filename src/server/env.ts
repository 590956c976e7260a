import { z } from 'astro/zod';

const list = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean));

/** An origin as a browser sends it: `https://host[:port]`, nothing after; `http://` for loopback hosts only (local tests). */
function isEmbedOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  // Also keeps out wildcards (`https://*.example`), which URL parsing lets through: each site is named.
  if (url.origin !== value || !/^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/.test(url.hostname)) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname)));
}

/** A Standard Webhooks secret: `whsec_` and 24 to 64 bytes in base64 (the range the specification recommends). */
function isWebhookSecret(value: string): boolean {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(value);
  if (!match || match[1]!.length % 4 !== 0) return false;
  const bytes = Buffer.from(match[1]!, 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

/** The server's configuration, read once from the environment. See the README's configuration table. */
export const EnvSchema = z
  .object({
    /** `production` on the live site (Vercel sets VERCEL_ENV): secrets become required. */
    VERCEL_ENV: z.string().optional(),
    /** postgres://… for a real Postgres; unset: embedded PGlite in DATA_DIR. */
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
    /**
     * The most connections to DATABASE_URL that one server process (one function instance on
     * Vercel) opens at once; N instances open at most N × this many. Unset: 2 on Vercel (a
     * request's transaction, plus the work after the response or a concurrent request), 5 elsewhere.
     */
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).optional(),
    /** Set by Vercel (to `1`) at build and at run time: builds with `@astrojs/vercel`, and sizes the database pool for many small instances. */
    VERCEL: z.string().optional(),
    /** Where the embedded database keeps its files. */
    DATA_DIR: z.string().default('.data'),
    /** Public address of the site, for links in emails and sign-in; unset (local runs only): the address each request came to, whatever the port. */
    SITE_URL: z.url().optional(),
    /** Resend API key; unset: emails stay in the outbox (readable at /dev/outbox). */
    RESEND_API_KEY: z.string().min(1).optional(),
    /** Sender of every email. */
    EMAIL_FROM: z.string().default('Diagnóstico RevOps <diagnostico@localhost>'),
    /** The first owners of the consultants' workspace, comma-separated: seeds the team while it has no owner; then owners manage it in the workspace. */
    CONSULTANT_EMAILS: list,
    /**
     * The sites allowed to frame the diagnostic (`public/embed.js`), comma-separated origins such as
     * `https://www.consultora.example,https://consultora.example` (no path, no trailing slash; `http://`
     * only for localhost). Unset: no site may (`frame-ancestors 'none'`).
     */
    EMBED_ORIGINS: z
      .string()
      .default('')
      .transform((value) => value.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean))
      .superRefine((origins, ctx) => {
        for (const origin of origins) {
          if (!isEmbedOrigin(origin)) ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin: write https://host or https://host:port, without a path or trailing slash` });
        }
      }),
    /** Bearer token for GET /api/cron/outbox. */
    CRON_SECRET: z.string().min(16, 'must be at least 16 characters').default('local-cron-secret-not-for-production'),
    /** Signs the consultants' session cookies. */
    BETTER_AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').default('local-auth-secret-not-for-production-0123456789'),
    /** Salt for hashing client IPs (only hashes are stored). */
    IP_HASH_SALT: z.string().min(16, 'must be at least 16 characters').default('local-salt-not-for-production'),
    /** Submissions allowed per IP per hour; masterclass sign-ups have the same limit, counted apart. */
    RATE_LIMIT_PER_HOUR: z.coerce.number().int().positive().default(10),
    /** Ceiling on every email the site sends in an hour (reports, masterclass, notices), whoever asks; past it emails wait for the next hour. */
    EMAILS_PER_HOUR: z.coerce.number().int().positive().default(300),
    /** Consultants' sign-in links per hour, a budget of their own: the ceiling above never locks a consultant out. */
    SIGN_IN_EMAILS_PER_HOUR: z.coerce.number().int().positive().default(30),
    /** Consultants' sign-in requests per IP per 15 minutes (the page and Better Auth's route share them). */
    SIGN_IN_PER_IP_PER_15_MIN: z.coerce.number().int().positive().default(20),
    /** Sign-in links emailed to one address per 15 minutes, whoever asks; past it the answer is the same and nothing is sent. */
    SIGN_IN_LINKS_PER_ADDRESS_PER_15_MIN: z.coerce.number().int().positive().default(3),
    /** Funnel events accepted per IP per hour (a whole diagnostic sends about 12). */
    EVENTS_PER_IP_PER_HOUR: z.coerce.number().int().positive().default(300),
    /** Funnel events stored per UTC day in all; more are answered and dropped, so the table cannot grow without bound. */
    EVENTS_PER_DAY: z.coerce.number().int().positive().default(100_000),
    /** Fewer seconds than this between the signed start token (issued by the server when the visitor starts) and the submission means a bot. */
    MIN_FILL_SECONDS: z.coerce.number().int().nonnegative().default(30),
    /** HubSpot private app access token (scopes in the README); unset: nothing is written to HubSpot. */
    HUBSPOT_TOKEN: z.string().min(1).optional(),
    /** HubSpot's API address; unset: `https://api.hubapi.com`. The tests point it at a local stub. */
    HUBSPOT_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
    /** Where every lead event is POSTed, signed (Standard Webhooks); unset: no webhook. */
    WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
    /**
     * The webhook's signing secret, shared with the receiver: `whsec_` followed by 24 to 64 random bytes
     * in base64 (e.g. `echo "whsec_$(openssl rand -base64 32)"`); required when WEBHOOK_URL is set.
     */
    WEBHOOK_SECRET: z
      .string()
      .refine(isWebhookSecret, 'must be "whsec_" followed by 24 to 64 random bytes in base64, e.g. whsec_$(openssl rand -base64 32)')
      .optional(),
    /**
     * The signing secret of this site's webhook endpoint in Resend (`whsec_…`, shown on the webhook's page
     * in Resend): how POST /api/webhooks/resend knows a bounce or complaint really comes from Resend.
     * Unset: that endpoint answers 503 and delivery states and bounce suppressions are not recorded.
     */
    RESEND_WEBHOOK_SECRET: z.string().refine(isWebhookSecret, 'must be the "whsec_…" signing secret Resend shows for the webhook').optional(),
  })
  .superRefine((env, ctx) => {
    if (env.WEBHOOK_URL && !env.WEBHOOK_SECRET) ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRET'], message: 'required when WEBHOOK_URL is set' });
    if (env.VERCEL_ENV !== 'production') return;
    for (const key of ['DATABASE_URL', 'RESEND_API_KEY', 'SITE_URL'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required in production' });
    }
    for (const key of ['CRON_SECRET', 'IP_HASH_SALT', 'BETTER_AUTH_SECRET'] as const) {
      if (env[key].includes('not-for-production')) ctx.addIssue({ code: 'custom', path: [key], message: 'required in production' });
    }
    if (env.EMAIL_FROM.endsWith('@localhost>')) ctx.addIssue({ code: 'custom', path: ['EMAIL_FROM'], message: 'required in production' });
    if (env.CONSULTANT_EMAILS.length === 0) ctx.addIssue({ code: 'custom', path: ['CONSULTANT_EMAILS'], message: 'required in production' });
  });
export type Env = z.infer<typeof EnvSchema>;

/** The site's address as links use it: SITE_URL, or the address the request came to when it is unset (`siteUrl` in src/server/runtime.ts). */
export interface SiteAddress {
  SITE_URL: string;
}

/** How the process's Postgres pool is sized: DATABASE_POOL_MAX, else 2 connections on Vercel and 5 elsewhere; on Vercel an unused connection is closed after 5 s, elsewhere after 20 s. */
export function databasePool(config: Pick<Env, 'DATABASE_POOL_MAX' | 'VERCEL'>): { poolMax: number; idleTimeoutMs: number } {
  const onVercel = Boolean(config.VERCEL);
  return { poolMax: config.DATABASE_POOL_MAX ?? (onVercel ? 2 : 5), idleTimeoutMs: onVercel ? 5_000 : 20_000 };
}

/** Where a local server listens when SITE_URL is unset: what `npm run outbox` asks. */
export function localSiteUrl(config: Pick<Env, 'SITE_URL'>): string {
  return config.SITE_URL ?? `http://localhost:${process.env.PORT ?? 4321}`;
}

/** Thrown by `parseEnv`: one line per problem, naming the variable. */
export class EnvError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid environment:\n${problems.join('\n')}`);
    this.problems = problems;
  }
}

/** Parses an environment; throws an `EnvError` with one line per problem. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable (`DATABASE_URL=`) means unset.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = EnvSchema.safeParse(present);
  if (result.success) return result.data;
  throw new EnvError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
}

let cached: Env | undefined;
/** The process environment, parsed on first use; throws an `EnvError` when it is invalid. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

let reported = false;
/**
 * Why this server cannot serve on-demand requests, or null when it can. The problems are
 * logged once (with the variables' names); callers answer `503 server not configured`
 * without naming them to the visitor.
 */
export function configurationProblem(): string[] | null {
  try {
    env();
    return null;
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    if (!reported) console.error(error.message);
    reported = true;
    return error.problems;
  }
}
