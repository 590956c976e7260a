import type { Rule } from './schemas/rule.ts';

/** Whether every condition of a rule holds for these scores. A dimension without a score fails its condition. */
export function ruleHolds(
  rule: Pick<Rule, 'when'>,
  scores: { overall: number | null; dimensions: Record<string, number | null>; dontKnowShare: number },
): boolean {
  return rule.when.every((condition) => {
    if ('dontKnowShareAtLeast' in condition) return scores.dontKnowShare >= condition.dontKnowShareAtLeast;
    const score = condition.dimension === 'overall' ? scores.overall : scores.dimensions[condition.dimension];
    if (score === null || score === undefined) return false;
    if (condition.below !== undefined && !(score < condition.below)) return false;
    if (condition.atLeast !== undefined && !(score >= condition.atLeast)) return false;
    return true;
  });
}
