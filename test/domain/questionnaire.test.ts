import { describe, expect, it } from 'vitest';
import { assembleQuestionnaire, formatContentIssue, type ContentSources } from '../../src/domain/questionnaire.ts';
import { realSources } from '../helpers/content.ts';

function problems(mutate: (sources: ContentSources) => void): string[] {
  const sources = realSources();
  mutate(sources);
  const result = assembleQuestionnaire(sources, 'test');
  return result.ok ? [] : result.issues.map(formatContentIssue);
}

const list = (data: unknown) => data as Record<string, any>[];
const obj = (data: unknown) => data as Record<string, any>;

describe('assembleQuestionnaire', () => {
  it('accepts the project content', () => {
    expect(problems(() => {})).toEqual([]);
  });

  it('the project content has 25–35 questions across at least 7 dimensions', () => {
    const sources = realSources();
    const result = assembleQuestionnaire(sources, 'v');
    if (!result.ok) throw new Error('invalid');
    expect(result.questionnaire.questions.length).toBeGreaterThanOrEqual(25);
    expect(result.questionnaire.questions.length).toBeLessThanOrEqual(35);
    expect(result.questionnaire.dimensions.map((d) => d.id)).toEqual(
      expect.arrayContaining(['alignment', 'smart-goals', 'data-quality', 'tooling', 'reporting', 'decisions', 'cross-team']),
    );
  });

  it('names the file, field path and locale of a missing translation', () => {
    const found = problems((s) => {
      const file = s.questions.find((f) => f.path.endsWith('data-quality.yaml'))!;
      const question = list(file.data).find((q) => q.options)!;
      delete question.options[1].label.pt;
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^content\/questions\/data-quality\.yaml: \[\d+\]\.options\[1\]\.label\.pt: required$/);
  });

  it('rejects unknown keys', () => {
    const found = problems((s) => {
      list(s.dimensions.data)[0]!.colour = 'red';
    });
    expect(found).toEqual([expect.stringMatching(/^content\/dimensions\.yaml: \[0\]: Unrecognized key: "colour"/)]);
  });

  it('rejects duplicate question ids across files', () => {
    const found = problems((s) => {
      const a = list(s.questions[0]!.data)[0]!;
      list(s.questions[1]!.data)[0]!.id = a.id;
    });
    expect(found.some((line) => line.includes(`duplicate question id`))).toBe(true);
  });

  it('rejects a question pointing at a missing dimension', () => {
    const found = problems((s) => {
      list(s.questions[0]!.data)[0]!.dimension = 'pricing';
    });
    expect(found.some((line) => /\[0\]\.dimension: unknown dimension "pricing"/.test(line))).toBe(true);
  });

  it('rejects a gap between bands', () => {
    const found = problems((s) => {
      obj(s.bands.data).overall[1].min += 1;
    });
    expect(found).toContainEqual(expect.stringMatching(/^content\/bands\.yaml: overall\[1\]\.min: gap: must equal the previous band's max/));
  });

  it('rejects overlapping bands', () => {
    const found = problems((s) => {
      obj(s.bands.data).dimensions['data-quality'][1].min -= 5;
    });
    expect(found).toContainEqual(expect.stringMatching(/^content\/bands\.yaml: dimensions\.data-quality\[1\]\.min: overlap/));
  });

  it('requires a recommendation for every dimension and band', () => {
    const found = problems((s) => {
      const recs = list(s.recommendations.data);
      recs.splice(recs.findIndex((r) => r.dimension === 'tooling'), 1);
    });
    expect(found).toContainEqual(expect.stringMatching(/^content\/recommendations\.yaml: missing a recommendation for dimension "tooling"/));
  });

  it('rejects a scale question whose scores are not 0 to 4', () => {
    const found = problems((s) => {
      const file = s.questions.find((f) => list(f.data).some((q) => q.kind === 'scale'))!;
      const question = list(file.data).find((q) => q.kind === 'scale')!;
      question.options[4].score = 3;
    });
    expect(found).toContainEqual(expect.stringMatching(/options\[4\]\.score: must be 4/));
  });

  it('rejects a benchmark for an unknown segment', () => {
    const found = problems((s) => {
      list(s.benchmarks.data)[0]!.businessModels = ['crypto'];
    });
    expect(found).toContainEqual(expect.stringMatching(/^content\/benchmarks\.yaml: \[0\]\.businessModels\[0\]: unknown segment "crypto"/));
  });

  it('rejects a rule on an unknown dimension', () => {
    const found = problems((s) => {
      list(s.rules.data)[0]!.when[0] = { dimension: 'pricing', below: 40 };
    });
    expect(found).toContainEqual(expect.stringMatching(/^content\/rules\.yaml: \[0\]\.when\[0\]\.dimension: unknown dimension "pricing"/));
  });

  it('reports a missing UI text with its group, key and locale', () => {
    const found = problems((s) => {
      delete obj(s.ui.data).results.title.en;
    });
    expect(found).toEqual(['content/ui.yaml: results.title.en: required']);
  });
});
