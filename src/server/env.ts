import { z } from 'astro/zod';

const list = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean));

/** The server's configuration, read once from the environment. See the README's configuration table. */
export const EnvSchema = z
  .object({
    /** `production` on the live site (Vercel sets VERCEL_ENV): secrets become required. */
    VERCEL_ENV: z.string().optional(),
    /** postgres://… for a real Postgres; unset: embedded PGlite in DATA_DIR. */
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
    /** Where the embedded database keeps its files. */
    DATA_DIR: z.string().default('.data'),
    /** Public address of the site, for links in emails. */
    SITE_URL: z.url().default('http://localhost:4321'),
    /** Resend API key; unset: emails stay in the outbox (readable at /dev/outbox). */
    RESEND_API_KEY: z.string().min(1).optional(),
    /** Sender of every email. */
    EMAIL_FROM: z.string().default('Diagnóstico RevOps <diagnostico@localhost>'),
    /** Consultants notified of each submission (and allowed to sign in), comma-separated. */
    CONSULTANT_EMAILS: list,
    /** Bearer token for GET /api/cron/outbox. */
    CRON_SECRET: z.string().min(16, 'must be at least 16 characters').default('local-cron-secret-not-for-production'),
    /** Signs the consultants' session cookies. */
    BETTER_AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').default('local-auth-secret-not-for-production-0123456789'),
    /** Salt for hashing client IPs (only hashes are stored). */
    IP_HASH_SALT: z.string().min(16, 'must be at least 16 characters').default('local-salt-not-for-production'),
    /** Submissions allowed per IP per hour. */
    RATE_LIMIT_PER_HOUR: z.coerce.number().int().positive().default(10),
    /** Fewer seconds than this between starting and submitting means a bot. */
    MIN_FILL_SECONDS: z.coerce.number().int().nonnegative().default(30),
  })
  .superRefine((env, ctx) => {
    if (env.VERCEL_ENV !== 'production') return;
    for (const key of ['DATABASE_URL', 'RESEND_API_KEY'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required in production' });
    }
    for (const key of ['CRON_SECRET', 'IP_HASH_SALT', 'BETTER_AUTH_SECRET'] as const) {
      if (env[key].includes('not-for-production')) ctx.addIssue({ code: 'custom', path: [key], message: 'required in production' });
    }
    if (env.EMAIL_FROM.endsWith('@localhost>')) ctx.addIssue({ code: 'custom', path: ['EMAIL_FROM'], message: 'required in production' });
    if (env.CONSULTANT_EMAILS.length === 0) ctx.addIssue({ code: 'custom', path: ['CONSULTANT_EMAILS'], message: 'required in production' });
  });
export type Env = z.infer<typeof EnvSchema>;

/** Parses an environment; throws one line per problem. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable (`DATABASE_URL=`) means unset.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = EnvSchema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid environment:\n${lines.join('\n')}`);
}

let cached: Env | undefined;
/** The process environment, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
