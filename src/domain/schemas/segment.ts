import { z } from 'astro/zod';
import { LocalizedTextSchema } from './text.ts';
import { IdSchema } from './dimension.ts';

export const SegmentOptionSchema = z.strictObject({
  id: IdSchema.meta({ description: 'Stable identifier, used by benchmarks, e.g. `saas`.' }),
  label: LocalizedTextSchema.meta({ description: 'What the visitor reads in the picker.' }),
});
export type SegmentOption = z.infer<typeof SegmentOptionSchema>;

export const SegmentsFileSchema = z.strictObject({
  businessModels: z.array(SegmentOptionSchema).min(1, 'at least one business model is required').meta({
    description: 'Business models, e.g. B2B SaaS, B2B services, e-commerce.',
  }),
  dealSizes: z.array(SegmentOptionSchema).min(1, 'at least one deal size is required').meta({
    description: "Deal sizes as annual contract value bands, matching the benchmark studies' bands.",
  }),
  companySizes: z.array(SegmentOptionSchema).min(1, 'at least one company size is required').meta({
    description: 'Company sizes (people), asked on the "email me the report" form to qualify the lead, e.g. `size-11-50`.',
  }),
  peers: z
    .strictObject({
      minimumSample: z
        .number({ error: (issue) => (issue.input === undefined ? 'required' : 'must be a number of diagnostics, e.g. 30') })
        .int('must be a whole number')
        .min(10, 'must be at least 10')
        .meta({
          description:
            'How many stored diagnostics a group needs before anyone is compared with it, e.g. `30`. Below ' +
            'it, pages say how many are still missing. At least 10: with fewer, a percentage says too much ' +
            'about each company counted and too little about where the visitor stands.',
        }),
      allCompaniesOnly: z.array(IdSchema).default([]).meta({
        description:
          'Business models too mixed to compare within, e.g. `other`: their companies are compared with ' +
          'all companies only (ids of `businessModels`).',
      }),
    })
    .default({ minimumSample: 30, allCompaniesOnly: [] })
    .meta({
      description:
        'The comparison with other companies that took the diagnostic ("ahead of 62 % of the 48 companies ' +
        'in B2B SaaS…"), per business model and for all companies together.',
    }),
}).superRefine((file, ctx) => {
  const known = file.businessModels.map((m) => m.id);
  file.peers.allCompaniesOnly.forEach((id, index) => {
    if (!known.includes(id)) ctx.addIssue({ code: 'custom', path: ['peers', 'allCompaniesOnly', index], message: `unknown business model "${id}" (known: ${known.join(', ')})` });
  });
})
    .meta({ description: '`content/segments.yaml`: the choices that decide which benchmarks apply to a visitor.' });
export type Segments = z.infer<typeof SegmentsFileSchema>;

/** The visitor's segment; either part may be unknown. */
export const SegmentSchema = z.strictObject({
  businessModel: IdSchema.optional(),
  dealSize: IdSchema.optional(),
});
export type Segment = z.infer<typeof SegmentSchema>;
