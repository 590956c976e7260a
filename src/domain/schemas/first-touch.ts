import { z } from 'astro/zod';

const short = z.string().trim().max(200, 'must be at most 200 characters').optional();

/**
 * Where a lead came from the first time they visited (first touch): the UTM parameters of the
 * landing address, the referring site and the page they landed on. Kept by the browser from the
 * first page of the visit, sent with the submission.
 */
export const FirstTouchSchema = z.strictObject({
  source: short,
  medium: short,
  campaign: short,
  term: short,
  content: short,
  /** The referring page's address (`document.referrer`), when it was another site. */
  referrer: z.string().trim().max(500, 'must be at most 500 characters').optional(),
  /** The path the visit landed on, without its query, e.g. `/es/`. */
  landingPath: z.string().trim().max(300, 'must be at most 300 characters').optional(),
  /** When the visit landed, ISO 8601. */
  at: z.iso.datetime({ offset: true }).optional(),
});
export type FirstTouch = z.infer<typeof FirstTouchSchema>;
