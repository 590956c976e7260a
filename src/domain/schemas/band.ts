import { z } from 'astro/zod';
import { LocalizedTextSchema, required } from './text.ts';
import { IdSchema } from './dimension.ts';

const optionScore = z.number().int('must be a whole number from 0 to 4').min(0, 'must be a whole number from 0 to 4').max(4, 'must be a whole number from 0 to 4');

export const BandClaimSchema = z
  .strictObject({
    question: IdSchema.meta({ description: 'The question the text speaks about.' }),
    atLeast: optionScore.optional().meta({ description: 'The text assumes the answer scores at least this (0–4): any lower answer contradicts it.' }),
    atMost: optionScore.optional().meta({ description: 'The text assumes the answer scores at most this (0–4): any higher answer contradicts it.' }),
  })
  .refine((c) => c.atLeast !== undefined || c.atMost !== undefined, { message: 'give "atLeast", "atMost" or both' })
  .meta({
    description:
      'Something a band\'s summary asserts about one answer, e.g. "every opportunity is in the CRM": ' +
      '`{question: tooling-crm-single-source, atLeast: 4}`. Content is refused when an answer ' +
      'outside the claim can still reach the band, so declare every question the text speaks about.',
  });
export type BandClaim = z.infer<typeof BandClaimSchema>;

export const BandSchema = z.strictObject({
  id: IdSchema.meta({ description: 'Stable identifier, e.g. `initial`; recommendations point at it.' }),
  min: z.number(required).min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100').meta({
    description: 'Lowest score of the band (inclusive), 0–100. The first band starts at 0.',
  }),
  max: z.number(required).min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100').meta({
    description: "Where the next band starts (exclusive), 0–100; equal to the next band's `min`. The last band ends at 100.",
  }),
  label: LocalizedTextSchema.meta({ description: 'Short name of the level, e.g. "En construcción".' }),
  summary: LocalizedTextSchema.meta({
    description:
      'Two or three sentences telling the visitor what this level means for them: about the level as a whole, never an answer a visitor at this level may have contradicted.',
  }),
  claims: z.array(BandClaimSchema).optional().meta({
    description: 'The answers `summary` takes for granted, if any (see `BandClaimSchema`); content is refused when a contradicting answer can reach the band.',
  }),
  nextStep: z.enum(['call', 'masterclass'], { error: 'must be call or masterclass' }).optional().meta({
    description:
      'Overall bands only: what the results page leads with for a visitor in this band. `call` (book a ' +
      'call with a consultant: for the lower bands, where a conversation helps most) or `masterclass` ' +
      '(the masterclass first, the call as a second option). Unset: `call`.',
  }),
}).meta({
  description:
    'A maturity band: a range of scores with its label and summary. ' +
    'A score belongs to the band when `min ≤ score < max`; the top band (max 100) also holds 100.',
});
export type Band = z.infer<typeof BandSchema>;
/** What the results lead with: see `BandSchema.nextStep`. */
export type NextStep = NonNullable<Band['nextStep']>;

export const BandListSchema = z
  .array(BandSchema)
  .min(2, 'at least 2 bands are required')
  .superRefine((bands, ctx) => {
    const ids = new Set<string>();
    bands.forEach((band, index) => {
      if (ids.has(band.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate band id "${band.id}"` });
      ids.add(band.id);
      if (band.min >= band.max) ctx.addIssue({ code: 'custom', path: [index, 'max'], message: `must be greater than min (${band.min})` });
      if (index === 0 && band.min !== 0) ctx.addIssue({ code: 'custom', path: [index, 'min'], message: 'the first band must start at 0' });
      const previous = bands[index - 1];
      if (previous && band.min !== previous.max) {
        const what = band.min > previous.max ? 'gap' : 'overlap';
        ctx.addIssue({ code: 'custom', path: [index, 'min'], message: `${what}: must equal the previous band's max (${previous.max})` });
      }
      if (index === bands.length - 1 && band.max !== 100) ctx.addIssue({ code: 'custom', path: [index, 'max'], message: 'the last band must end at 100' });
    });
  })
  .meta({ description: 'Bands for 0–100, in order, without gaps or overlaps.' });

/**
 * What the visitor reads instead of a band when their answers say too little to
 * give one: no score, no band text, and why.
 */
export const NotAssessedSchema = z.strictObject({
  minKnownShare: z.number(required).min(0, 'must be between 0 and 1 (0.5 = half)').max(1, 'must be between 0 and 1 (0.5 = half)').meta({
    description:
      'The overall result is given only when at least this share (0–1; 0.5 = half) of the ' +
      'questions that apply to the visitor (not "Not applicable") were answered with one of ' +
      'their options rather than "I don\'t know".',
  }),
  overall: z.strictObject({
    label: LocalizedTextSchema,
    summary: LocalizedTextSchema,
    recommendation: z.strictObject({ title: LocalizedTextSchema, body: LocalizedTextSchema }),
  }).meta({
    description:
      'Instead of the overall band. `{known}` (questions answered with an option), `{total}` ' +
      '(questions that apply) and `{percent}` (`minKnownShare` as a percentage) are filled in. ' +
      '`recommendation` is shown with it: where to start when there is too little to assess.',
  }),
  dimension: z.strictObject({ label: LocalizedTextSchema, summary: LocalizedTextSchema }).meta({
    description: 'Instead of a dimension\'s band, when every answer in it was "I don\'t know" or "Not applicable".',
  }),
});
export type NotAssessed = z.infer<typeof NotAssessedSchema>;

export const BandsFileSchema = z.strictObject({
  overall: BandListSchema.meta({ description: 'Bands of the overall score.' }),
  dimensions: z.record(IdSchema, BandListSchema).meta({ description: "Bands of each dimension's score: `<dimension id>: [bands]`. Every dimension needs its own." }),
  notAssessed: NotAssessedSchema.meta({ description: 'What is said instead of a band when the answers are too few to assess.' }),
}).superRefine((file, ctx) => {
  for (const [dimension, bands] of Object.entries(file.dimensions)) {
    bands.forEach((band, index) => {
      if (band.nextStep) ctx.addIssue({ code: 'custom', path: ['dimensions', dimension, index, 'nextStep'], message: 'only overall bands take nextStep (what the results lead with)' });
    });
  }
}).meta({ description: '`content/bands.yaml`: overall bands, and the bands of each dimension (keyed by dimension id).' });
export type BandsFile = z.infer<typeof BandsFileSchema>;

