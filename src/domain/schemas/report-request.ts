import { z } from 'astro/zod';
import { ContactSchema, SubmissionSchema } from './submission.ts';

/**
 * `POST /api/report.pdf`: what the results page shows, to be made into a PDF on the server (and
 * nothing stored): the submission's answers, segment, numbers and language, and optionally who it
 * is for. Unknown keys are dropped, as in a submission.
 */
export const ReportPdfRequestSchema = SubmissionSchema.pick({ locale: true, answers: true, metricInputs: true, segment: true }).extend({
  /** The visitor's name and company, when they gave them: printed on the first page, never stored. */
  contact: ContactSchema.pick({ name: true, company: true }).partial().optional(),
});
export type ReportPdfRequest = z.input<typeof ReportPdfRequestSchema>;
