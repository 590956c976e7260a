import { z } from 'astro/zod';
import { FUNNEL_EVENTS } from '../funnel.ts';
import { LocaleSchema, required } from './text.ts';

/** Highest step number accepted; the diagnostic has far fewer. */
export const MAX_FUNNEL_STEP = 50;

/** A random id the browser keeps for the tab's session (`revops:visit` in sessionStorage), to count each visit once. */
export const VisitIdSchema = z.string(required).regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 letters, digits, "_" or "-"');

/**
 * `POST /api/events`: one anonymous funnel event. Strict on purpose: any other
 * key (an email, a name…) is rejected, so no personal data can be stored.
 */
export const FunnelEventSchema = z
  .strictObject({
    /** What happened; see `FUNNEL_EVENTS`. */
    name: z.enum(FUNNEL_EVENTS, { error: `must be one of: ${FUNNEL_EVENTS.join(', ')}` }),
    locale: LocaleSchema,
    /** The 1-based step just completed; only on `step` events, and required there. */
    step: z.int('must be a whole number').min(1, 'must be at least 1').max(MAX_FUNNEL_STEP, `must be at most ${MAX_FUNNEL_STEP}`).optional(),
    visitId: VisitIdSchema,
  })
  .superRefine((event, ctx) => {
    if (event.name === 'step' && event.step === undefined) ctx.addIssue({ code: 'custom', path: ['step'], message: 'required for a step event' });
    if (event.name !== 'step' && event.step !== undefined) ctx.addIssue({ code: 'custom', path: ['step'], message: 'only allowed on step events' });
  });
export type FunnelEvent = z.infer<typeof FunnelEventSchema>;
