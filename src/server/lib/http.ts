/** One problem with a request, located by its JSON path. */
export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

/** JSON response with no caching. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/** The one shape of every 4xx/5xx body: `{error, issues?}`; `issues` name each bad field. */
export function jsonError(status: number, error: string, issues?: FieldIssue[], headers: Record<string, string> = {}): Response {
  return json(issues ? { error, issues } : { error }, status, headers);
}

/** Thrown by the body readers of `lib/body.ts`; carries the response to send. */
export class HttpError extends Error {
  readonly response: Response;
  constructor(response: Response, message: string) {
    super(message);
    this.response = response;
  }
}

/** zod issues as `{path, message}` for a 400; an unknown key of a strict object gets its own issue at its own path. */
export function fieldIssues(issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }[]): FieldIssue[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map((key) => (typeof key === 'number' ? key : String(key)));
    if (issue.code === 'unrecognized_keys' && issue.keys?.length) return issue.keys.map((key) => ({ path: [...path, key], message: 'is not an accepted field' }));
    return [{ path, message: issue.message }];
  });
}
