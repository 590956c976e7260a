import type { Segment } from './schemas/segment.ts';

/** A field problem, as the forms and the API report it. */
export interface FieldIssue {
  path: string[];
  message: string;
}

/**
 * Problems with a segment the browser sent: a business model or deal size the content does not list
 * (both are optional). Shared by the submission and the results page's PDF, which take the same segment.
 */
export function segmentIssues(segments: { businessModels: readonly { id: string }[]; dealSizes: readonly { id: string }[] }, segment: Segment): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const check = (field: keyof Segment, options: readonly { id: string }[]) => {
    const value = segment[field];
    if (value !== undefined && !options.some((o) => o.id === value)) issues.push({ path: ['segment', field], message: `must be one of: ${options.map((o) => o.id).join(', ')}` });
  };
  check('businessModel', segments.businessModels);
  check('dealSize', segments.dealSizes);
  return issues;
}
