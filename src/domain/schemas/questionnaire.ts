import { z } from 'astro/zod';
import { DimensionSchema } from './dimension.ts';
import { QuestionSchema } from './question.ts';
import { BandsFileSchema } from './band.ts';
import { RecommendationsFileSchema } from './recommendation.ts';
import { RulesFileSchema } from './rule.ts';
import { BenchmarksFileSchema } from './benchmark.ts';
import { SegmentsFileSchema } from './segment.ts';
import { OfferSchema } from './offer.ts';
import { UiTextsSchema } from './ui-texts.ts';
import { EmailTextsSchema } from './email-texts.ts';
import { WorkspaceTextsSchema } from './workspace-texts.ts';
import { DurationSettingsSchema } from './duration.ts';
import { ConsultancySchema } from './consultancy.ts';

/** Everything the diagnostic is made of, assembled from `content/` and checked as a whole. */
export const QuestionnaireSchema = z.strictObject({
  /** A hash of the content: stored with each submission to know which wording was answered. */
  version: z.string().min(1),
  dimensions: z.array(DimensionSchema),
  /** All questions, ordered by dimension then by their own order. */
  questions: z.array(QuestionSchema),
  bands: BandsFileSchema,
  recommendations: RecommendationsFileSchema,
  rules: RulesFileSchema,
  benchmarks: BenchmarksFileSchema,
  segments: SegmentsFileSchema,
  offer: OfferSchema,
  ui: UiTextsSchema,
  emails: EmailTextsSchema,
  /** Reading speed and seconds per answer, for the time estimate. */
  duration: DurationSettingsSchema,
  /** The consultants' workspace texts. */
  workspace: WorkspaceTextsSchema,
  /** Who is behind the site: the consultancy, its consultants, its privacy policy. */
  consultancy: ConsultancySchema,
});
export type Questionnaire = z.infer<typeof QuestionnaireSchema>;

