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

/** Thrown by the body readers of `lib/body.ts`: the status and `{error, issues?}` to answer with. */
export class HttpError extends Error {
  readonly status: number;
  readonly error: string;
  readonly issues: FieldIssue[] | undefined;
  constructor(status: number, error: string, issues?: FieldIssue[]) {
    super(error);
    this.status = status;
    this.error = error;
    this.issues = issues;
  }

  /** The JSON answer: `{error, issues?}` with the status. */
  get response(): Response {
    return jsonError(this.status, this.error, this.issues);
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
