import { z } from 'astro/zod';
import { required } from './text.ts';

export const DurationSettingsSchema = z.strictObject({
  wordsPerMinute: z.number(required).int('must be a whole number').min(60, 'must be between 60 and 600').max(600, 'must be between 60 and 600').meta({
    description: 'Reading speed, in words a minute, of an adult reading on screen in their own language, e.g. 200.',
  }),
  secondsPerAnswer: z.number(required).min(0, 'must be between 0 and 60').max(60, 'must be between 0 and 60').meta({
    description: 'Seconds to choose and click one answer, besides reading it, e.g. 4.',
  }),
  secondsPerCheck: z.number(required).min(0, 'must be between 0 and 60').max(60, 'must be between 0 and 60').meta({
    description: 'Seconds to decide on one box of a checklist and tick it or not, besides reading it, e.g. 2.',
  }),
}).meta({
  description:
    '`content/duration.yaml`: the figures the time estimate is computed from ' +
    '(see `src/domain/duration.ts`). Research figures, not tuned to reach a number.',
});
export type DurationSettings = z.infer<typeof DurationSettingsSchema>;
