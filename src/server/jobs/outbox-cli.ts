// `npm run outbox`: sends every unsent email in the outbox now, then every undelivered CRM
// event, ignoring backoff, in batches, for at most ten minutes. With the embedded database, a running
// `npm run dev`/`npm start` holds it, so the running server is asked to do the work
// (as many times as it takes); otherwise the database is opened here.
import { env, localSiteUrl } from '../env.ts';
import { openDatabase } from '../db/client.ts';
import { drainOutbox, emailCeilings, resendMailer } from '../outbox/index.ts';
import { crmConfig, drainCrm } from '../crm/index.ts';
import { loadQuestionnaireOrThrow } from '../content/index.ts';

const config = env();
const site = localSiteUrl(config);
const BUDGET_MS = 10 * 60_000;
const started = Date.now();

async function viaServer(): Promise<boolean> {
  if (config.DATABASE_URL) return false;
  try {
    for (;;) {
      const response = await fetch(new URL('/api/cron/outbox?all=1', site), {
        headers: { authorization: `Bearer ${config.CRON_SECRET}` },
        signal: AbortSignal.timeout(120_000),
      });
      if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
      const result = (await response.json()) as { remaining: number; failed: number; crm: { remaining: number; failed: number } };
      console.log(`outbox (via ${site}):`, result);
      if (result.failed > 0 || result.crm.failed > 0) process.exitCode = 1;
      if ((result.remaining === 0 && result.crm.remaining === 0) || Date.now() - started > BUDGET_MS) return true;
    }
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') return false;
    throw error;
  }
}

if (!(await viaServer())) {
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: `${config.DATA_DIR}/pglite` });
  try {
    const mailer = config.RESEND_API_KEY ? resendMailer(config.RESEND_API_KEY, config.EMAIL_FROM) : null;
    const result = await drainOutbox(database.db, mailer, { ignoreBackoff: true, ceilings: emailCeilings(config), suppressionSalt: config.IP_HASH_SALT, budgetMs: BUDGET_MS });
    console.log(`outbox (${database.kind}):`, result);
    // A new submission's emails are rendered by the server (its templates are built with the site): one that
    // stopped before rendering them leaves them to the next server's drain or the daily cron.
    if (result.unrendered > 0) console.log(`${result.unrendered} email(s) wait to be rendered by the server: start it (npm start), or call ${site}/api/cron/outbox`);
    const crm = await drainCrm(database.db, crmConfig(config, loadQuestionnaireOrThrow(process.cwd())), { ignoreBackoff: true, budgetMs: BUDGET_MS });
    console.log(`crm (${database.kind}):`, crm);
    if (result.failed > 0 || result.remaining > 0 || result.unrendered > 0 || crm.failed > 0 || crm.remaining > 0) process.exitCode = 1;
  } finally {
    await database.close();
  }
}
