import { z } from 'astro/zod';
import { CURRENCIES, METRIC_INPUT_FIELDS } from '../metrics.ts';
import { SegmentSchema } from './segment.ts';
import { SubmissionSchema } from './submission.ts';
import { DIAGNOSTIC_COOKIE, type DiagnosticState } from '../diagnostic-form.ts';

const typed = z.string().max(40);
const fields = Object.fromEntries(METRIC_INPUT_FIELDS.map((field) => [field, typed.optional()]));

/** The numbers step as typed (`MetricDraft`): each figure as the visitor wrote it, and the readings they confirmed. */
export const MetricDraftSchema = z.object({
  period: z.enum(['month', 'year']),
  currency: z.union([z.enum(CURRENCIES), z.literal('')]).optional(),
  values: z.strictObject(fields),
  chosen: z.partialRecord(z.enum(METRIC_INPUT_FIELDS), z.object({ raw: typed, value: z.number() })).optional(),
});

/** The `revops-diagnostic` cookie's content (`DiagnosticState`), as a browser sends it back: never trusted, always re-checked. */
export const DiagnosticStateSchema = z.object({
  answers: SubmissionSchema.shape.answers,
  segment: SegmentSchema.default({}),
  draft: MetricDraftSchema.optional(),
  include: z.boolean().optional(),
  startToken: SubmissionSchema.shape.startToken,
  startedAt: z.iso.datetime({ offset: true }).optional(),
}) satisfies z.ZodType<DiagnosticState, unknown>;

/** The state in a `Cookie` header, or an empty one when there is none or it cannot be read. */
export function readDiagnosticState(cookieHeader: string | null): DiagnosticState {
  const raw = (cookieHeader ?? '').split(/;\s*/).find((part) => part.startsWith(`${DIAGNOSTIC_COOKIE}=`))?.slice(DIAGNOSTIC_COOKIE.length + 1);
  if (!raw) return { answers: {}, segment: {} };
  try {
    const parsed = DiagnosticStateSchema.safeParse(JSON.parse(decodeURIComponent(raw)));
    if (parsed.success) return parsed.data;
  } catch {
    // A value that is not ours: start again.
  }
  return { answers: {}, segment: {} };
}
