/** The variables production refuses to start without (src/server/env.ts). */
export const REQUIRED_IN_PRODUCTION = ['DATABASE_URL', 'RESEND_API_KEY', 'CRON_SECRET', 'IP_HASH_SALT', 'BETTER_AUTH_SECRET', 'EMAIL_FROM', 'CONSULTANT_EMAILS', 'SITE_URL'];

/** A production environment with nothing set: only what a process needs to run. */
export const bareProduction = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', VERCEL_ENV: 'production' };
