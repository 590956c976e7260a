import { z } from 'astro/zod';
import { LocalizedTextSchema, required, textGroup } from './text.ts';
import { LOCALES } from '../locale.ts';
import { EmailSchema } from './submission.ts';
import { IdSchema } from './dimension.ts';

/**
 * The words a privacy text may hold in braces, filled in from this file's other fields, so the
 * consultancy's name and addresses are written once: `{name}`, `{legalName}`, `{legalAddress}`,
 * `{privacyEmail}` (shown as a link to write to it).
 */
export const POLICY_PLACEHOLDERS = ['name', 'legalName', 'legalAddress', 'privacyEmail'] as const;
export type PolicyPlaceholder = (typeof POLICY_PLACEHOLDERS)[number];

/** An image of the site's own, as its address under `public/`. */
const PublicPathSchema = z
  .string(required)
  .trim()
  .regex(/^\/(?!.*\.\.)[\w\-./]+\.(svg|png|jpe?g|webp|avif)$/i, 'must be the path of an image under public/, starting with "/", e.g. /consultancy/logo.svg');

/** A size in CSS pixels, as the image is shown. */
const PixelsSchema = z.number(required).int('must be a whole number of pixels').min(16, 'must be at least 16').max(600, 'must be at most 600');

const PolicyTextSchema = LocalizedTextSchema.superRefine((text, ctx) => {
  for (const locale of LOCALES) {
    for (const [, name] of text[locale].matchAll(/\{(\w*)\}/g)) {
      if (!(POLICY_PLACEHOLDERS as readonly string[]).includes(name!))
        ctx.addIssue({ code: 'custom', path: [locale], message: `unknown placeholder {${name}} (known: ${POLICY_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})` });
    }
  }
}).meta({ description: `A text in every language, which may use only these placeholders: ${POLICY_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.` });

export const PolicySectionSchema = z.strictObject({
  id: IdSchema.meta({
    description:
      "A short, stable name for the section's address (`/es/privacy/#rights`), lowercase words joined " +
      'by hyphens. Other pages and emails may link to it: change it only with them.',
  }),
  heading: LocalizedTextSchema.meta({ description: 'The section\'s heading, e.g. "Tus derechos".' }),
  paragraphs: z.array(PolicyTextSchema).min(1, 'must have at least one paragraph').meta({
    description: "The section's paragraphs, in order. Plain words, second person; one idea per paragraph.",
  }),
  items: z.array(PolicyTextSchema).min(1, 'leave `items` out rather than empty').optional().meta({
    description: 'A bulleted list shown after the paragraphs, e.g. the data collected, one item each.',
  }),
  closing: z.array(PolicyTextSchema).min(1, 'leave `closing` out rather than empty').optional().meta({
    description: 'Paragraphs shown after the list, e.g. a caveat about it.',
  }),
}).meta({ description: 'One section of the privacy policy: a heading, its paragraphs, an optional list, and optional paragraphs after the list.' });
export type PolicySection = z.infer<typeof PolicySectionSchema>;

export const ConsultancySchema = z.strictObject({
  name: z.string(required).trim().min(1, 'required').meta({
    description: 'The consultancy\'s name as clients know it (the brand, not the legal name), e.g. "Cauce RevOps".',
  }),
  logo: z.strictObject({
    src: PublicPathSchema.meta({
      description: 'Its path under `public/`: `/consultancy/logo.svg` is the file `public/consultancy/logo.svg`. An SVG stays sharp at any size.',
    }),
    alt: LocalizedTextSchema.meta({ description: 'What the logo says, for screen readers, e.g. "Cauce RevOps logo"; the name itself is usually enough.' }),
    width: PixelsSchema.meta({ description: "Width shown, in CSS pixels; with `height`, the logo's proportions." }),
    height: PixelsSchema.meta({ description: 'Height shown, in CSS pixels.' }),
  }).meta({ description: 'The consultancy\'s logo, shown on the landing\'s "who we are".' }),
  presentation: LocalizedTextSchema.meta({ description: "Two or three sentences on who the consultancy is and what it does for companies like the visitor's." }),
  consultants: z
    .array(
      z.strictObject({
        name: z.string(required).trim().min(1, 'required').meta({ description: 'Full name, as they sign their emails.' }),
        photo: PublicPathSchema.meta({
          description: 'A square picture under `public/` (shown at 72 × 72 px; 144 × 144 px or larger stays sharp), e.g. `/consultancy/ana.jpg`.',
        }),
        role: LocalizedTextSchema.meta({ description: 'Their role, short, e.g. "Socia fundadora · RevOps".' }),
      }),
    )
    .min(1, 'must list at least one consultant')
    .meta({ description: 'The consultants a prospect may meet, in the order shown.' }),
  privacyEmail: EmailSchema.meta({
    description:
      'Where people write about their data (access, correction, erasure): an address someone reads. ' +
      "Shown in every page's footer and in the policy wherever it says `{privacyEmail}`.",
  }),
  legal: z.strictObject({
    name: z.string(required).trim().min(1, 'required').meta({ description: 'The registered name, e.g. "Cauce Consultoría S.L."; fills `{legalName}`.' }),
    address: z.string(required).trim().min(1, 'required').meta({ description: 'The registered address, in one line, with the country; fills `{legalAddress}`.' }),
  }).meta({ description: 'The company legally responsible for the data (the controller), as registered.' }),
  texts: textGroup(['who-we-are', 'team', 'footer-by', 'privacy-policy', 'privacy-description', 'privacy-contact', 'contents', 'updated']).meta({
    description:
      'The short texts of the landing\'s "who we are", the footer and the privacy page. `{name}` is the ' +
      "consultancy's name; `{date}` the policy's last update, written out in the page's language.",
  }),
  privacy: z.strictObject({
    updated: z.iso.date({ error: 'must be a date written YYYY-MM-DD' }).meta({
      description: 'The day of the last change that matters to readers, as YYYY-MM-DD; the page says "Last updated: …".',
    }),
    intro: PolicyTextSchema.meta({ description: 'One or two sentences under the title: what the policy covers and which laws it follows.' }),
    sections: z.array(PolicySectionSchema).min(1, 'must have at least one section').superRefine((sections, ctx) => {
      const seen = new Set<string>();
      sections.forEach((section, index) => {
        if (seen.has(section.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate section id "${section.id}"` });
        seen.add(section.id);
      });
    }).meta({ description: "The policy's sections, in order; each gets a heading and an entry in the page's contents." }),
  }).meta({ description: 'The privacy policy, shown at `/<locale>/privacy/`.' }),
})
    .meta({
      description:
        '`content/consultancy.yaml`: who is behind the site — the consultancy, its consultants, its ' +
        "privacy contact and its privacy policy — shown on the landing, in every page's footer and on " +
        'the privacy page (`/es/privacy/`, `/pt/privacy/`, `/en/privacy/`).',
    });
export type Consultancy = z.infer<typeof ConsultancySchema>;
