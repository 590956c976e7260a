// `npm run seed:peers [count] [seed]`: inserts `count` (default 200) invented submissions into the local
// database, so the peer percentile can be seen at work (test/helpers/peers-fixture.ts says how they are
// made), then recomputes the distributions. Refuses to run on the live site's environment
// (VERCEL_ENV=production): no invented figure may reach a production page. Stop `npm run dev` or
// `npm start` first when they use the embedded database (it allows one process at a time).
import { env } from '../env.ts';
import { openDatabase } from '../db/client.ts';
import { submissions } from '../db/schema.ts';
import { loadQuestionnaireOrThrow } from '../content/index.ts';
import { recomputeDistributions } from '../peers/index.ts';
import { dimensionSignature } from '../../domain/peers.ts';
import { peerFixtureRows } from '../../../test/helpers/peers-fixture.ts';

// Checked before the environment is parsed, so the refusal is this message whatever else is set.
if (process.env.VERCEL_ENV === 'production') {
  console.error('seed:peers refuses to run with VERCEL_ENV=production: invented submissions must never reach the live site.');
  process.exit(1);
}
const config = env();
const count = Number(process.argv[2] ?? 200);
const seed = Number(process.argv[3] ?? Date.now() % 1_000_000);
if (!Number.isInteger(count) || count < 1 || count > 100_000) {
  console.error(`count: must be a whole number from 1 to 100000, got ${process.argv[2]}`);
  process.exit(1);
}

const q = loadQuestionnaireOrThrow(process.cwd());
const database = await openDatabase({ url: config.DATABASE_URL, dataDir: `${config.DATA_DIR}/pglite` });
try {
  const rows = peerFixtureRows(q, { count, seed });
  for (let i = 0; i < rows.length; i += 500) await database.db.insert(submissions).values(rows.slice(i, i + 500));
  const signature = dimensionSignature(q.dimensions.map((d) => d.id));
  await recomputeDistributions(database.db, signature);
  console.log(`seed:peers: ${count} fixture submissions (seed ${seed}) added to the ${database.kind} database; distributions of ${signature} recomputed.`);
} finally {
  await database.close();
}
