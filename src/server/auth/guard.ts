import { currentConsultant, type Auth, type AuthDeps } from './auth.ts';
import { jsonError } from '../lib/http.ts';
import { configurationProblem } from '../env.ts';

/** Workspace paths reachable without a session. */
const PUBLIC = new Set(['/consultants/sign-in', '/consultants/sign-in/']);

export function isWorkspacePath(path: string): boolean {
  return path === '/consultants' || path.startsWith('/consultants/') || path.startsWith('/api/consultants');
}

/**
 * Who may use a workspace route: a Response to send instead (403 cross-origin
 * change, 303 to sign-in for pages, 401 for APIs, 503 when sessions cannot be
 * read), or the signed-in consultant (null on public paths).
 */
export async function checkWorkspaceAccess(
  request: Request,
  url: URL,
  session: () => Promise<{ auth: Auth; deps: Pick<AuthDeps, 'db' | 'env'> }>,
): Promise<Response | { consultant: { email: string; name: string } | null }> {
  if (!['GET', 'HEAD'].includes(request.method) && request.headers.get('origin') !== url.origin) {
    return jsonError(403, 'Cross-origin request refused');
  }
  if (PUBLIC.has(url.pathname)) return { consultant: null };
  let consultant = null;
  try {
    const { auth, deps } = await session();
    consultant = await currentConsultant(auth, deps, request.headers);
  } catch (error) {
    console.error('[auth] session check failed:', error);
    return jsonError(503, 'The database is unavailable', undefined, { 'retry-after': '30' });
  }
  if (consultant) return { consultant };
  if (url.pathname.startsWith('/api/')) return jsonError(401, 'Sign in first');
  return new Response(null, { status: 303, headers: { location: `/consultants/sign-in?next=${encodeURIComponent(url.pathname + url.search)}` } });
}

/**
 * `503 {"error": "Server not configured"}` while the environment is invalid, else null. The
 * answer never names the missing variables (the log does, once).
 */
export function notConfigured(): Response | null {
  return configurationProblem() ? jsonError(503, 'Server not configured', undefined, { 'retry-after': '300' }) : null;
}
