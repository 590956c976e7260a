import { z } from 'astro/zod';
import { currentMetricInputs, metricInputIssues, type MetricInputs } from '../metrics.ts';

/**
 * The visitor's numbers, as the API and the database take them: `period`,
 * optionally the `currency` of money amounts (`EUR`, `USD`, `MXN`, `BRL`, …),
 * and each figure as a plain JSON number. Its rules are `metricInputIssues`
 * (shared with the browser form); messages are error ids such as `negative`
 * or `lost-exceeds-start`. A key of an earlier version (`customersWon`) is
 * still accepted and read as the field that now holds its fact.
 */
export const MetricInputsSchema = z
  .custom<MetricInputs>()
  .superRefine((value, ctx) => {
    for (const issue of metricInputIssues(value)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  })
  .transform(currentMetricInputs);
