/**
 * The embedded database's stand-in in Vercel builds (see astro.config.mjs): a function has no
 * writable disk to keep PGlite's files, and production requires DATABASE_URL anyway. A deployment
 * without DATABASE_URL (a preview, say) answers 503 "database unavailable" and logs this.
 */
export async function openEmbedded(_dataDir: string, _loadDataDir?: Blob, _logger?: unknown): Promise<never> {
  throw new Error('DATABASE_URL is not set, and this build has no embedded database (Vercel builds leave PGlite out): set DATABASE_URL');
}
