import { z } from 'astro/zod';
import { LocalizedTextSchema } from './text.ts';

/** `content/offer.yaml`: the masterclass offered on the results page and in the email. */
export const OfferSchema = z.strictObject({
  /** The masterclass title, e.g. "Del caos al crecimiento". */
  title: LocalizedTextSchema,
  /** Two or three sentences: what the visitor learns and why now. */
  description: LocalizedTextSchema,
  /** The sign-up button's text. */
  cta: LocalizedTextSchema,
  /** When and how it takes place, e.g. "Online, 60 minutes, free". */
  format: LocalizedTextSchema,
});
export type Offer = z.infer<typeof OfferSchema>;
