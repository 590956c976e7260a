import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Logger } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import * as schema from './schema.ts';

/**
 * Opens the embedded database (PGlite) in `dataDir`, `memory://` for one in memory, or from the
 * dump `loadDataDir`, telling `logger` every statement. Loaded only when there is no DATABASE_URL;
 * Vercel builds replace this module with `embedded-absent.ts` (see astro.config.mjs), leaving
 * PGlite's 17 MB out of the function.
 */
export async function openEmbedded(dataDir: string, loadDataDir?: Blob, logger: Logger | false = false) {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  // The workspace's search indexes need pg_trgm, which PGlite ships as an extension to load.
  const client = new PGlite(dataDir, { extensions: { pg_trgm }, ...(loadDataDir ? { loadDataDir } : {}) });
  return { db: drizzle(client, { schema, logger }), close: () => client.close() };
}
