import { describe, expect, it } from 'vitest';
import { assembleQuestionnaire, formatContentIssue, type ContentSources } from '../../src/domain/questionnaire.ts';
import { METRIC_IDS } from '../../src/domain/metrics.ts';
import { realSources } from '../helpers/content.ts';

/** The content problems after breaking a copy of the real rules. */
function problems(mutate: (rules: Record<string, any>[]) => void): string[] {
  const sources: ContentSources = realSources();
  mutate(sources.rules.data as Record<string, any>[]);
  const result = assembleQuestionnaire(sources, 'test');
  return result.ok ? [] : result.issues.map(formatContentIssue);
}
const index = (rules: Record<string, any>[], id: string) => rules.findIndex((r) => r.id === id);

describe('rules over metrics in the content', () => {
  it('names an unknown placeholder by file, rule, field and locale', () => {
    let at = -1;
    const found = problems((rules) => {
      at = index(rules, 'clv-cac-below-1');
      rules[at]!.body.pt = 'Seu índice é {foo}.';
    });
    expect(found).toEqual([`content/rules.yaml: rules[${at}].body.pt: unknown placeholder {foo} (a metric id: ${METRIC_IDS.join(', ')})`]);
  });
  it('refuses a placeholder in a title too, and one on a metric the rule does not test', () => {
    let at = -1;
    const found = problems((rules) => {
      at = index(rules, 'tool-sprawl');
      rules[at]!.title.en = 'Your NRR is {nrr}';
    });
    expect(found).toEqual([expect.stringMatching(new RegExp(`^content/rules\\.yaml: rules\\[${at}\\]\\.title\\.en: placeholder \\{nrr\\} needs a condition on nrr in "when"`))]);
  });
  it('accepts a placeholder on a metric tested by a verdict or tone condition', () => {
    expect(problems((rules) => void (rules[index(rules, 'churn-worse-than-benchmark')]!.title.en = 'You lose {annualChurnRate} a year'))).toEqual([]);
    expect(problems((rules) => void (rules[index(rules, 'churn-worse-than-benchmark')]!.title.en = 'You lose {monthlyChurnRate} a month'))).toHaveLength(1);
  });
  it('names an unknown metric, verdict and tone', () => {
    expect(problems((rules) => void (rules[0]!.when = [{ metric: 'ltvCac', below: 3 }]))).toEqual([
      `content/rules.yaml: rules[0].when[0].metric: unknown metric "ltvCac" (known: ${METRIC_IDS.join(', ')})`,
    ]);
    expect(problems((rules) => void (rules[0]!.when = [{ metric: 'nrr', verdict: ['bad'] }]))).toEqual([
      expect.stringMatching(/^content\/rules\.yaml: rules\[0\]\.when\[0\]\.verdict\[0\]: unknown verdict "bad" \(known: top-quartile, .*worse-than-range\)$/),
    ]);
    expect(problems((rules) => void (rules[0]!.when = [{ metric: 'nrr', tone: ['worse', 'good'] }]))).toEqual([
      'content/rules.yaml: rules[0].when[0].tone[1]: unknown tone "good" (known: better, neutral, worse)',
    ]);
  });
  it('names an unknown business model or deal size, with those of content/segments.yaml', () => {
    expect(problems((rules) => void (rules[0]!.when = [{ businessModel: ['saas', 'fintech'] }]))).toEqual([
      'content/rules.yaml: rules[0].when[0].businessModel[1]: unknown business model "fintech" (known in content/segments.yaml: saas, b2c-subscription, b2b-services, ecommerce, other)',
    ]);
    expect(problems((rules) => void (rules[0]!.when = [{ dealSize: ['huge'] }]))).toEqual([
      expect.stringMatching(/^content\/rules\.yaml: rules\[0\]\.when\[0\]\.dealSize\[0\]: unknown deal size "huge" \(known in content\/segments\.yaml: acv-under-12k, /),
    ]);
  });
  it('wants a bound on a metric condition, and lists the condition forms otherwise', () => {
    expect(problems((rules) => void (rules[0]!.when = [{ metric: 'nrr' }]))).toEqual(['content/rules.yaml: rules[0].when[0]: give "below", "atLeast" or both']);
    expect(problems((rules) => void (rules[0]!.when = [{ metric: 'nrr', below: 'a hundred' }]))).toEqual([expect.stringMatching(/^content\/rules\.yaml: rules\[0\]\.when\[0\]: must be .*\{metric, below\/atLeast\}, \{metric, verdict\}, \{metric, tone\} or \{businessModel\/dealSize\}$/)]);
    expect(problems((rules) => void (rules[0]!.when = [{ businessModel: [] }]))).toEqual(['content/rules.yaml: rules[0].when[0].businessModel: list at least one id from content/segments.yaml']);
  });
  it('accepts every condition kind together', () => {
    expect(
      problems((rules) => {
        rules[0]!.when = [
          { dimension: 'tooling', atLeast: 10 },
          { dontKnowShareAtLeast: 0.1 },
          { metric: 'clvToCac', atLeast: 1, below: 3 },
          { metric: 'cacPaybackMonths', verdict: ['bottom-quartile'] },
          { metric: 'annualChurnRate', tone: ['worse'] },
          { businessModel: ['saas'], dealSize: ['acv-under-12k'] },
        ];
      }),
    ).toEqual([]);
  });
});
