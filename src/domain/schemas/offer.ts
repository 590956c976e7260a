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
  /**
   * The consultancy's booking page (Cal.com, HubSpot Meetings, Calendly…), offered on the results,
   * the permalink and the report email. Leave it out to use the site's own "request a call" form,
   * which stores the request and tells the consultants.
   */
  booking: z
    .strictObject({
      /** The scheduling link, https. */
      url: z.url({ protocol: /^https$/, error: 'must be an https:// address' }),
      /**
       * The query parameters the tool reads to prefill its form, for the visitor's name and email and
       * the permalink of their report (as a note); leave out those it does not read. Cal.com: `name`,
       * `email`, `notes`; Calendly: `name`, `email`, `a1`; HubSpot Meetings: `firstname`, `email`.
       */
      prefill: z.strictObject({ name: z.string().min(1).optional(), email: z.string().min(1).optional(), notes: z.string().min(1).optional() }).default({}),
    })
    .optional(),
});
export type Offer = z.infer<typeof OfferSchema>;
