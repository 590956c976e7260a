import type { Condition, Rule } from './schemas/rule.ts';

/** What a rule's conditions are tested against: the scores and the answers they came from. */
export interface RuleContext {
  overall: number | null;
  dimensions: Record<string, number | null>;
  dontKnowShare: number;
  /** Answers by question id: an option id (or `dont-know` / `not-applicable`), or the ticked ids of a checklist. */
  answers?: Readonly<Record<string, string | readonly string[]>>;
}

/**
 * Whether one condition holds. A dimension without a score, or a question without an answer, fails its
 * condition (an `absent` one too: nothing was said).
 */
export function conditionHolds(condition: Condition, context: RuleContext): boolean {
  if ('dontKnowShareAtLeast' in condition) return context.dontKnowShare >= condition.dontKnowShareAtLeast;
  if ('question' in condition) {
    const answer = context.answers?.[condition.question];
    if (answer === undefined) return false;
    const listed = typeof answer === 'string' ? condition.answer.includes(answer) : answer.some((id) => condition.answer.includes(id));
    return listed !== (condition.absent === true);
  }
  const score = condition.dimension === 'overall' ? context.overall : context.dimensions[condition.dimension];
  if (score === null || score === undefined) return false;
  if (condition.below !== undefined && !(score < condition.below)) return false;
  if (condition.atLeast !== undefined && !(score >= condition.atLeast)) return false;
  return true;
}

/** Whether every condition of a rule holds. */
export function ruleHolds(rule: Pick<Rule, 'when'>, context: RuleContext): boolean {
  return rule.when.every((condition) => conditionHolds(condition, context));
}
