// `npm run seed:scale [submissions] [events]`: writes 100,000 invented submissions (and their consultants'
// activity) and 2,000,000 funnel events spread over the last year into an empty database, to see and
// measure the consultants' workspace at that scale (test/helpers/scale-fixture.ts says how they are
// made), then rebuilds the funnel's rollup and gathers the planner's statistics. Writes to DATABASE_URL;
// without it, to the embedded database in DATA_DIR, which works but takes far longer (stop `npm run dev`
// or `npm start` first: it allows one process at a time). Refuses a database that already has
// submissions, and the live site's environment (VERCEL_ENV=production).
import { env } from '../env.ts';
import { openDatabase } from '../db/client.ts';
import { loadQuestionnaireOrThrow } from '../content/index.ts';
import { SeedRefused, seedScale } from '../../../test/helpers/scale-fixture.ts';

// Checked before the environment is parsed, so the refusal is this message whatever else is set.
if (process.env.VERCEL_ENV === 'production') {
  console.error('seed:scale refuses to run with VERCEL_ENV=production: invented submissions must never reach the live site.');
  process.exit(1);
}
const config = env();
const count = (arg: string | undefined, fallback: number, name: string) => {
  const value = Number(arg ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 10_000_000) {
    console.error(`${name}: must be a whole number from 0 to 10000000, got ${arg}`);
    process.exit(1);
  }
  return value;
};
const submissions = count(process.argv[2], 100_000, 'submissions');
const events = count(process.argv[3], 2_000_000, 'events');

const q = loadQuestionnaireOrThrow(process.cwd());
if (!config.DATABASE_URL) {
  console.log(
    `seed:scale: DATABASE_URL is unset: writing to the embedded database in ${config.DATA_DIR}/pglite, which is slow (about a minute per 20,000 submissions, several minutes and gigabytes of disk at full size, where a Postgres server takes about two minutes).`,
  );
}
const database = await openDatabase({ url: config.DATABASE_URL, dataDir: `${config.DATA_DIR}/pglite` });
try {
  const result = await seedScale(database.db, q, { submissions, events, owners: config.CONSULTANT_EMAILS, log: (line) => console.log(`seed:scale: ${line}`) });
  console.log(
    `seed:scale: ${result.submissions.toLocaleString('en')} submissions, ${result.activity.toLocaleString('en')} activity rows and ${result.events.toLocaleString('en')} funnel events written to the ${database.kind} database in ${result.seconds.toFixed(1)} s.`,
  );
} catch (error) {
  if (!(error instanceof SeedRefused)) throw error;
  console.error(`seed:scale refuses: ${error.message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
