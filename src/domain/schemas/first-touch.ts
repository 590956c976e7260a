import { z } from 'astro/zod';
import { isPlainText } from './text.ts';

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`).refine(isPlainText, 'must be plain text, without control characters');
const short = text(200).optional();

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
  referrer: text(500).optional(),
  /** The path the visit landed on, without its query, e.g. `/es/`. */
  landingPath: text(300).optional(),
  /** When the visit landed, ISO 8601. */
  at: z.iso.datetime({ offset: true }).optional(),
});
export type FirstTouch = z.infer<typeof FirstTouchSchema>;
