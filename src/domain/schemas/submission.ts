import { z } from 'astro/zod';
import { isEmailAddress, MAX_EMAIL_LENGTH, normalizeEmail } from '../email.ts';
import { LocaleSchema, isPlainText, required } from './text.ts';
import { MetricInputsSchema } from './metric-inputs.ts';
import { SegmentSchema } from './segment.ts';
import { IdSchema } from './dimension.ts';
import { FirstTouchSchema } from './first-touch.ts';
import { VisitIdSchema } from './funnel-event.ts';

/** An email address by the site's one rule (`src/domain/email.ts`), stored trimmed and lowercase. */
export const EmailSchema = z
  .string(required)
  .trim()
  .max(MAX_EMAIL_LENGTH, `must be at most ${MAX_EMAIL_LENGTH} characters`)
  .refine(isEmailAddress, 'must be a valid email address')
  .transform(normalizeEmail);

const text = (max: number) =>
  z
    .string(required)
    .trim()
    .min(1, 'required')
    .max(max, `must be at most ${max} characters`)
    .refine(isPlainText, 'must be plain text, without control characters');
/** Who asks for the report: enough to qualify the lead. */
export const ContactSchema = z.strictObject({
  name: text(120),
  email: EmailSchema,
  company: text(160),
  role: text(120),
  /** An id of `companySizes` in content/segments.yaml (checked by the server). */
  companySize: IdSchema,
});
export type Contact = z.infer<typeof ContactSchema>;

/** `POST /api/submissions`: a completed diagnostic with the visitor's contact. Unknown keys (scores a client might send) are dropped: the server scores. */
export const SubmissionSchema = z.object({
  locale: LocaleSchema,
  /**
   * Answers by question id: an option id (or `dont-know` / `not-applicable`), or for a checklist the
   * list of ticked option ids. Checked against the questionnaire by the server (`answerIssues`).
   */
  answers: z.record(
    z.string().max(100),
    z.union([z.string().max(100), z.array(z.string().max(100)).max(50)], { error: 'must be an option id or a list of option ids' }),
    { error: 'must be an object of answers by question id' },
  ),
  metricInputs: MetricInputsSchema.nullable().optional(),
  segment: SegmentSchema.default({}),
  contact: ContactSchema,
  /** The visitor asked for the report by email; must be true (the report cannot be sent otherwise). */
  consent: z.literal(true, { error: 'must be true: the visitor has to agree to receive the report by email' }),
  /** A consultant may contact the visitor (a separate, optional choice); only then does the lead reach the CRM. */
  contactConsent: z.boolean().default(false),
  /** Also sign up for the masterclass. */
  masterclass: z.boolean().default(false),
  /** Where the visit came from the first time (UTM parameters, referrer), as the browser kept it. */
  firstTouch: FirstTouchSchema.nullable().optional(),
  /** When the visitor started the diagnostic (ISO 8601), as the browser says: stored and shown, never trusted. */
  startedAt: z.iso.datetime({ error: 'must be an ISO 8601 date-time', offset: true }),
  /** The signed token `POST /api/events` answered to the visitor's `started` event: the server measures the fill time from it. Without a valid one the submission is taken for a bot's. */
  startToken: z.string().max(200, 'must be at most 200 characters').optional(),
  /**
   * The permalink token of the submission this diagnostic was taken again from ("take it again"): with
   * the same email, it proves the visitor may see the change since then on the new permalink.
   */
  retakeOf: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/, 'must be a permalink token').optional(),
  /** A UUID the client keeps for this submission, so a retry never creates a second one. */
  idempotencyKey: z.uuid('must be a UUID'),
  /** Left empty by people; bots fill it. */
  website: z.string().max(500).optional(),
});
export type Submission = z.infer<typeof SubmissionSchema>;
export type SubmissionPayload = z.input<typeof SubmissionSchema>;

/** `POST /api/masterclass`: a sign-up for the masterclass. */
export const MasterclassSignupSchema = z.strictObject({
  locale: LocaleSchema,
  name: text(120),
  email: EmailSchema,
  consent: z.literal(true, { error: 'must be true: the visitor has to agree to be contacted' }),
  /** The visit's id (the funnel's), so a sign-up on the page counts once in the funnel; a new one when the page had no script. */
  visitId: VisitIdSchema.or(z.literal('')).optional().transform((value) => value || undefined),
  /** The session chosen (`sessions[].id` in content/offer.yaml); required while any is upcoming (checked by the server). */
  session: IdSchema.optional(),
  /** The results permalink token, when signing up from a report. */
  token: z.string().max(100).optional(),
  website: z.string().max(500).optional(),
});
export type MasterclassSignup = z.infer<typeof MasterclassSignupSchema>;
