/**
 * `npm start`: serves the production build (`dist/`) with the Node adapter's own handler and
 * adds the security headers to every response. The adapter serves prerendered pages, assets
 * and the 404 page without running Astro's middleware, so this is the one place that reaches
 * them all, and it bounds every request body before any route reads it (`boundNodeRequest`).
 * Text responses are compressed, as Vercel's CDN compresses them.
 * Listens on HOST and PORT (default localhost:4321, as the adapter does).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import compression from 'compression';
import { boundNodeRequest } from './lib/body.ts';
import { EnvError, parseEnv } from './env.ts';
import { contentSecurityPolicies, EMBED_PAGE_HEADERS, pagePathname, SECURITY_HEADERS, type StaticPageHeaders } from './lib/security-headers.ts';
import { isEmbedPath } from '../domain/routes.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

// A production server missing its secrets refuses to start, naming them, rather than answer 503s.
try {
  parseEnv(process.env);
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(`Not starting: ${error.message}`);
  process.exit(1);
}

const dist = new URL('../../dist/', import.meta.url);

// The standalone entry starts its own server on import unless told not to.
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const { handler, options } = (await import(new URL('server/entry.mjs', dist).href)) as { handler: NodeHandler; options: { host?: string | boolean; port?: number } };
// Looked up here by exact page rather than left to the adapter, which matches paths by
// substring and sends nothing for `/en/diagnostic/` when the build recorded `/en/diagnostic`.
// On-demand pages send their own policy, which replaces this one.
const policies = contentSecurityPolicies(JSON.parse(readFileSync(new URL('_headers.json', dist), 'utf8')) as StaticPageHeaders[]);

const host = process.env.HOST ?? (options.host === true ? '0.0.0.0' : options.host || 'localhost');
const port = Number(process.env.PORT ?? options.port ?? 4321);

// Pages, scripts and styles go compressed (gzip or Brotli, as the browser accepts), as a CDN would send them;
// PDFs and images, already compressed, go as they are.
const compress = compression();

const server = createServer((req, res) => {
  const path = pagePathname(req.url ?? '/');
  // The embeddable pages are on demand: their policy, with the allowed sites, comes from the middleware.
  for (const [name, value] of Object.entries(isEmbedPath(path) ? EMBED_PAGE_HEADERS : SECURITY_HEADERS)) res.setHeader(name, value);
  const recorded = policies.byPath.get(path);
  res.setHeader('Content-Security-Policy', recorded ?? policies.fallback);
  // A prerendered page: the adapter's static handler sets the recorded policy again, matching pages by
  // substring (`/` would take `/404`'s, whose hashes are not the landing's inline styles), so the one
  // set above stands. On-demand pages are left alone: theirs comes with the response and replaces it.
  if (recorded) {
    const setHeader = res.setHeader.bind(res);
    res.setHeader = ((name: string, value: number | string | readonly string[]) =>
      name.toLowerCase() === 'content-security-policy' ? res : setHeader(name, value)) as typeof res.setHeader;
  }
  boundNodeRequest(req, res).then(
    (accepted) => accepted && compress(req as never, res as never, () => handler(req, res)),
    () => res.destroy(), // the client left mid-body: nobody to answer
  );
});
server.listen(port, host, () => console.log(`Serving dist/ on http://${host}:${port}`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => server.close(() => process.exit(0)));
