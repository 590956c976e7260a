import { z } from 'astro/zod';
import { metricInputIssues, type MetricInputs } from '../metrics.ts';

/**
 * The visitor's numbers, as the API and the database take them. Its rules are
 * `metricInputIssues` (shared with the browser form); messages are error ids
 * such as `negative` or `lost-exceeds-start`.
 */
export const MetricInputsSchema = z.custom<MetricInputs>().superRefine((value, ctx) => {
  for (const issue of metricInputIssues(value)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});
