// `npm run outbox`: sends every unsent email in the outbox now, ignoring backoff.
// With the embedded database, a running `npm run dev`/`npm start` holds it, so the
// running server is asked to do the work; otherwise the database is opened here.
import { env } from '../env.ts';
import { openDatabase } from '../db/client.ts';
import { deliverPending, resendMailer } from '../outbox.ts';

const config = env();

async function viaServer(): Promise<boolean> {
  if (config.DATABASE_URL) return false;
  try {
    const response = await fetch(new URL('/api/cron/outbox?all=1', config.SITE_URL), {
      headers: { authorization: `Bearer ${config.CRON_SECRET}` },
      signal: AbortSignal.timeout(15_000),
    });
    if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
    console.log(`outbox (via ${config.SITE_URL}):`, await response.json());
    return true;
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') return false;
    throw error;
  }
}

if (!(await viaServer())) {
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: `${config.DATA_DIR}/pglite` });
  try {
    const mailer = config.RESEND_API_KEY ? resendMailer(config.RESEND_API_KEY, config.EMAIL_FROM) : null;
    const result = await deliverPending(database.db, mailer, { ignoreBackoff: true });
    console.log(`outbox (${database.kind}):`, result);
    if (result.failed > 0) process.exitCode = 1;
  } finally {
    await database.close();
  }
}
