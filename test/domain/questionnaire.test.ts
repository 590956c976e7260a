import { describe, expect, it } from 'vitest';
import { assembleQuestionnaire, formatContentIssue, formatPath, type ContentSources } from '../../src/domain/questionnaire.ts';
import { realSources, contentProblems } from '../helpers/content.ts';

const problems = contentProblems;

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
    expect(found[0]).toMatch(/^content\/questions\/data-quality\.yaml: questions\[\d+\]\.options\[1\]\.label\.pt: required$/);
  });

  it('rejects unknown keys', () => {
    const found = problems((s) => {
      list(s.dimensions.data)[0]!.colour = 'red';
    });
    expect(found).toEqual([expect.stringMatching(/^content\/dimensions\.yaml: dimensions\[0\]: Unrecognized key: "colour"/)]);
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
    expect(found).toContainEqual(expect.stringMatching(/^content\/recommendations\.yaml: recommendations: missing a recommendation for dimension "tooling"/));
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
    expect(found).toContainEqual(expect.stringMatching(/^content\/benchmarks\.yaml: benchmarks\[0\]\.businessModels\[0\]: unknown segment "crypto"/));
  });

  it('rejects a rule on an unknown dimension', () => {
    const found = problems((s) => {
      list(s.rules.data)[0]!.when[0] = { dimension: 'pricing', below: 40 };
    });
    expect(found).toContainEqual(expect.stringMatching(/^content\/rules\.yaml: rules\[0\]\.when\[0\]\.dimension: unknown dimension "pricing"/));
  });

  it('rejects a rule on an unknown question or an answer the question does not offer', () => {
    expect(problems((s) => { list(s.rules.data)[0]!.when = [{ question: 'no-such-question', answer: ['x'] }]; })).toEqual([
      'content/rules.yaml: rules[0].when[0].question: unknown question "no-such-question"',
    ]);
    const found = problems((s) => { list(s.rules.data)[0]!.when = [{ question: 'tooling-crm-single-source', answer: ['spreadsheets', 'excel', 'dont-know'] }]; });
    expect(found).toEqual([expect.stringMatching(/^content\/rules\.yaml: rules\[0\]\.when\[0\]\.answer\[1\]: "excel" is not an answer of question "tooling-crm-single-source" \(its answers: spreadsheets, mixed, crm, dont-know\)$/)]);
    expect(problems((s) => { list(s.rules.data)[0]!.when = [{ question: 'tooling-crm-single-source', answer: ['not-applicable'] }]; })).toHaveLength(1);
  });

  it('reports a missing UI text with its group, key and locale', () => {
    const found = problems((s) => {
      delete obj(s.ui.data).results.title.en;
    });
    expect(found).toEqual(['content/ui.yaml: results.title.en: required']);
  });

  it('passes the version through and orders dimensions by their order', () => {
    const sources = realSources();
    const dimensions = list(sources.dimensions.data);
    for (const dimension of dimensions) dimension.order = 100 - dimension.order;
    const result = assembleQuestionnaire(sources, 'v-42');
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.questionnaire.version).toBe('v-42');
    expect(result.questionnaire.dimensions.map((d) => d.id)).toEqual(dimensions.map((d) => d.id).reverse());
  });

  it('orders questions by their dimension\'s order, then by their own order', () => {
    const sources = realSources();
    for (const dimension of list(sources.dimensions.data)) dimension.order = 100 - dimension.order;
    // Rotate the order within each file: the last question becomes the first.
    for (const file of sources.questions) list(file.data).forEach((question, index, all) => (question.order = ((index + 1) % all.length) + 1));
    sources.questions.reverse();
    const result = assembleQuestionnaire(sources, 'v');
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const dimensionIds = result.questionnaire.dimensions.map((d) => d.id);
    const expected = dimensionIds.flatMap((id) =>
      sources.questions
        .flatMap((f) => list(f.data))
        .filter((q) => q.dimension === id)
        .sort((a, b) => a.order - b.order)
        .map((q) => q.id),
    );
    expect(result.questionnaire.questions.map((q) => q.id)).toEqual(expected);
    expect(result.questionnaire.questions[0]!.dimension).toBe(dimensionIds[0]);
    const first = list(realSources().questions.find((f) => list(f.data)[0]!.dimension === dimensionIds[0])!.data);
    expect(result.questionnaire.questions.slice(0, first.length).map((q) => q.id)).toEqual([first.at(-1)!.id, ...first.slice(0, -1).map((q) => q.id)]);
  });
});

describe('content messages', () => {
  it('says "required" for a missing field or file', () => {
    expect(problems((s) => void delete list(s.dimensions.data)[0]!.name)).toEqual(['content/dimensions.yaml: dimensions[0].name: required']);
    expect(problems((s) => void delete list(s.questions[0]!.data)[0]!.order)).toEqual([`${realSources().questions[0]!.path}: questions[0].order: required`]);
    expect(problems((s) => void (s.offer.data = undefined))).toEqual(['content/offer.yaml: required']);
  });

  it('names the kind of value expected in words an author reads', () => {
    expect(problems((s) => void (list(s.dimensions.data)[0]!.name = 'Alignment'))).toEqual(['content/dimensions.yaml: dimensions[0].name: must be a group of fields']);
    expect(problems((s) => void (s.rules.data = null))).toEqual(['content/rules.yaml: rules: must be a list']);
    expect(problems((s) => void (list(s.dimensions.data)[0]!.weight = 'heavy'))).toEqual(['content/dimensions.yaml: dimensions[0].weight: must be a number']);
    expect(problems((s) => void (list(s.questions[0]!.data)[0]!.notApplicable = 'yes'))).toEqual([`${realSources().questions[0]!.path}: questions[0].notApplicable: must be a boolean`]);
  });

  it('keeps the schema\'s own messages', () => {
    expect(problems((s) => void (list(s.dimensions.data)[0]!.weight = 0))).toEqual(['content/dimensions.yaml: dimensions[0].weight: must be greater than 0']);
    expect(problems((s) => void (list(s.rules.data)[0]!.when[0] = { below: 4 }))).toEqual([
      'content/rules.yaml: rules[0].when[0]: must be {dimension, below/atLeast}, {dontKnowShareAtLeast}, {question, answer}, {metric, below/atLeast}, {metric, verdict}, {metric, tone} or {businessModel/dealSize}',
    ]);
  });

  it('reports every problem, in every file, not just the first', () => {
    const found = problems((s) => {
      list(s.dimensions.data)[0]!.weight = 0;
      delete obj(s.offer.data).title.es;
      list(s.rules.data)[1]!.id = 'Not An Id';
    });
    expect(found).toEqual([
      'content/dimensions.yaml: dimensions[0].weight: must be greater than 0',
      'content/rules.yaml: rules[1].id: must be lowercase words joined by hyphens, e.g. "data-quality"',
      'content/offer.yaml: title.es: required',
    ]);
  });
});

describe('formatPath and formatContentIssue', () => {
  it('writes list indexes in brackets and field names joined by dots', () => {
    expect(formatPath([2, 'options', 1, 'label', 'pt'])).toBe('[2].options[1].label.pt');
    expect(formatPath(['dimensions', 'data-quality', 0, 'min'])).toBe('dimensions.data-quality[0].min');
    expect(formatPath([])).toBe('');
  });

  it('leaves out an empty path', () => {
    expect(formatContentIssue({ file: 'content/offer.yaml', path: '', message: 'required' })).toBe('content/offer.yaml: required');
    expect(formatContentIssue({ file: 'content/offer.yaml', path: 'title.es', message: 'required' })).toBe('content/offer.yaml: title.es: required');
  });
});

describe('references between content files', () => {
  const known = 'alignment, smart-goals, data-quality, tooling, reporting, decisions, cross-team';

  it('rejects a duplicate dimension id', () => {
    expect(problems((s) => void list(s.dimensions.data).push(structuredClone(list(s.dimensions.data)[0]!)))).toEqual([
      'content/dimensions.yaml: dimensions[7].id: duplicate dimension id "alignment"',
    ]);
  });

  it('requires at least one question file', () => {
    expect(problems((s) => void (s.questions = []))).toContain('content/questions/: no question files found');
  });

  it('rejects a dimension without questions', () => {
    // Recommendations that point at the removed questions are reported too.
    expect(problems((s) => void (s.questions = s.questions.filter((f) => !f.path.endsWith('/tooling.yaml'))))).toContain(
      'content/dimensions.yaml: dimensions[3]: dimension "tooling" has no questions',
    );
  });

  it('names both files of a duplicate question id', () => {
    const sources = realSources();
    const [a, b] = sources.questions;
    const id = list(a!.data)[0]!.id;
    expect(
      problems((s) => {
        list(s.questions[1]!.data)[2]!.id = id;
      }),
    ).toContain(`${b!.path}: questions[2].id: duplicate question id "${id}" (also in ${a!.path})`);
  });

  it('lists the known dimensions for a question on an unknown one', () => {
    const path = realSources().questions[0]!.path;
    expect(problems((s) => void (list(s.questions[0]!.data)[1]!.dimension = 'pricing'))).toContainEqual(
      `${path}: questions[1].dimension: unknown dimension "pricing" (known: ${known})`,
    );
  });

  it('rejects bands for an unknown dimension', () => {
    expect(problems((s) => void (obj(s.bands.data).dimensions.pricing = obj(s.bands.data).dimensions.tooling))).toEqual([
      `content/bands.yaml: dimensions.pricing: unknown dimension "pricing" (known: ${known})`,
    ]);
  });

  it('requires bands for every dimension, once, without a message per recommendation', () => {
    expect(problems((s) => void delete obj(s.bands.data).dimensions.tooling)).toEqual([
      'content/bands.yaml: dimensions.tooling: required: every dimension needs its bands',
    ]);
  });

  it('rejects a recommendation for an unknown dimension', () => {
    expect(problems((s) => void (list(s.recommendations.data)[0]!.dimension = 'pricing'))).toEqual([
      `content/recommendations.yaml: recommendations[0].dimension: unknown dimension "pricing" (known: ${known})`,
      'content/recommendations.yaml: recommendations: missing a recommendation for dimension "alignment", band "low"',
    ]);
  });

  it('rejects a recommendation for a band its dimension does not have', () => {
    expect(problems((s) => void (list(s.recommendations.data)[0]!.band = 'top'))).toEqual([
      'content/recommendations.yaml: recommendations[0].band: unknown band "top" for dimension "alignment" (known: low, medium, high)',
      'content/recommendations.yaml: recommendations: missing a recommendation for dimension "alignment", band "low"',
    ]);
  });

  it('rejects two recommendations for the same dimension and band', () => {
    const copy = (s: ContentSources) => ({ ...structuredClone(list(s.recommendations.data)[0]!), id: 'another' });
    expect(problems((s) => void list(s.recommendations.data).push(copy(s)))).toEqual([
      `content/recommendations.yaml: recommendations[${list(realSources().recommendations.data).length}]: duplicate recommendation for alignment/low`,
    ]);
  });

  it('names the exact dimension and band of a missing recommendation', () => {
    expect(problems((s) => {
      const recs = list(s.recommendations.data);
      recs.splice(recs.findIndex((r) => r.dimension === 'cross-team' && r.band === 'high'), 1);
    })).toEqual(['content/recommendations.yaml: recommendations: missing a recommendation for dimension "cross-team", band "high"']);
  });

  it('rejects a duplicate rule id', () => {
    expect(problems((s) => void (list(s.rules.data)[1]!.id = list(s.rules.data)[0]!.id))).toEqual(['content/rules.yaml: rules[1].id: duplicate rule id "tool-sprawl"']);
  });

  it('lists "overall" among the known dimensions of a rule, and accepts it', () => {
    expect(problems((s) => void (list(s.rules.data)[0]!.when[1] = { dimension: 'pricing', atLeast: 10 }))).toEqual([
      `content/rules.yaml: rules[0].when[1].dimension: unknown dimension "pricing" (known: overall, ${known})`,
    ]);
    expect(problems((s) => void (list(s.rules.data)[0]!.when[1] = { dimension: 'overall', atLeast: 10 }))).toEqual([]);
    expect(problems((s) => void (list(s.rules.data)[0]!.when[1] = { dontKnowShareAtLeast: 0.5 }))).toEqual([]);
  });

  it('rejects a duplicate business model or deal size id', () => {
    expect(problems((s) => void obj(s.segments.data).businessModels.push(structuredClone(obj(s.segments.data).businessModels[0])))).toEqual([
      'content/segments.yaml: businessModels[5].id: duplicate id "saas"',
    ]);
    expect(problems((s) => void obj(s.segments.data).dealSizes.push(structuredClone(obj(s.segments.data).dealSizes[0])))).toEqual([
      'content/segments.yaml: dealSizes[6].id: duplicate id "acv-under-12k"',
    ]);
  });

  it('rejects a duplicate benchmark id', () => {
    const count = list(realSources().benchmarks.data).length;
    expect(problems((s) => void list(s.benchmarks.data).push(structuredClone(list(s.benchmarks.data)[0]!)))).toEqual([
      `content/benchmarks.yaml: benchmarks[${count}].id: duplicate benchmark id "monthly-churn-b2b-recurly-2019"`,
    ]);
  });

  it('rejects a benchmark for an unknown deal size, listing the known ones', () => {
    expect(problems((s) => void (list(s.benchmarks.data)[2]!.dealSizes = ['acv-under-12k', 'huge']))).toEqual([
      'content/benchmarks.yaml: benchmarks[2].dealSizes[1]: unknown segment "huge" (known in content/segments.yaml: acv-under-12k, acv-12k-25k, acv-25k-50k, acv-50k-100k, acv-100k-250k, acv-over-250k)',
    ]);
  });

  it('rejects a benchmark for an unknown business model, listing the known ones', () => {
    expect(problems((s) => void (list(s.benchmarks.data)[0]!.businessModels = ['saas', 'crypto']))).toEqual([
      'content/benchmarks.yaml: benchmarks[0].businessModels[1]: unknown segment "crypto" (known in content/segments.yaml: saas, b2c-subscription, b2b-services, ecommerce, other)',
    ]);
  });
});

describe('a file that fails its schema', () => {
  it('does not make questions, bands, recommendations or rules look like they point at unknown dimensions', () => {
    expect(problems((s) => void (list(s.dimensions.data)[0]!.weight = 0))).toEqual(['content/dimensions.yaml: dimensions[0].weight: must be greater than 0']);
  });

  it('does not make its dimension look empty', () => {
    const path = realSources().questions[0]!.path;
    expect(problems((s) => void (list(s.questions[0]!.data)[0]!.kind = 'essay'))).toEqual([`${path}: questions[0].kind: must be one of: single, scale, yes-no, checklist`]);
  });

  it('does not make recommendations look unknown or missing when the bands fail', () => {
    expect(problems((s) => void (obj(s.bands.data).overall[0].label = 'Inicial'))).toEqual(['content/bands.yaml: overall[0].label: must be a group of fields']);
  });

  it('does not make benchmarks look like they point at unknown segments when the segments fail', () => {
    expect(problems((s) => void (obj(s.segments.data).businessModels[0].label = 'SaaS'))).toEqual(['content/segments.yaml: businessModels[0].label: must be a group of fields']);
  });

  it('fails the whole questionnaire when any one file fails', () => {
    for (const key of ['bands', 'recommendations', 'rules', 'benchmarks', 'segments', 'offer', 'ui', 'emails', 'duration'] as const) {
      const sources = realSources();
      sources[key].data = 'oops';
      const result = assembleQuestionnaire(sources, 'v');
      expect(result.ok, key).toBe(false);
      if (!result.ok) expect(result.issues[0]!.file, key).toBe(sources[key].path);
    }
  });
});


describe('a checklist question', () => {
  const FILE = 'content/questions/alignment.yaml';
  /** Runs `mutate` on the real checklist (and its file's questions); returns the problems found. */
  const checklistProblems = (mutate: (checklist: Record<string, any>, questions: Record<string, any>[]) => void) =>
    problems((s) => {
      const questions = list(s.questions.find((f) => f.path === FILE)!.data);
      mutate(questions.find((x) => x.kind === 'checklist')!, questions);
    });
  const at = () => {
    const questions = list(realSources().questions.find((f) => f.path === FILE)!.data);
    return questions.findIndex((x) => x.kind === 'checklist');
  };

  it('is shipped in the alignment dimension, naming only known metrics, in every language', () => {
    expect(at()).toBeGreaterThanOrEqual(0);
    expect(checklistProblems(() => {})).toEqual([]);
  });

  it('needs options, at least two of them', () => {
    expect(checklistProblems((c) => void delete c.options)).toEqual([`${FILE}: questions[${at()}].options: required for kind checklist`]);
    expect(checklistProblems((c) => void (c.options = c.options.slice(0, 1)))).toEqual([`${FILE}: questions[${at()}].options: a checklist needs at least 2 options`]);
  });

  it('refuses an option weighing 0: ticking it would change nothing', () => {
    expect(checklistProblems((c) => void (c.options[2].score = 0))).toEqual([
      `${FILE}: questions[${at()}].options[2].score: must be 1 to 4 (in a checklist the score is the option's weight)`,
    ]);
  });

  it('needs no option scoring 4, unlike a single-choice question', () => {
    expect(checklistProblems((c) => c.options.forEach((o: { score: number }) => (o.score = 2)))).toEqual([]);
  });

  it('refuses a metric that is not computed, naming the ones that are', () => {
    const found = checklistProblems((c) => void (c.options[0].metrics = ['monthlyChurnRate', 'churn']));
    expect(found).toEqual([expect.stringMatching(new RegExp(`^${FILE}: questions\\[${at()}\\]\\.options\\[0\\]\\.metrics\\[1\\]: must be one of: monthlyChurnRate, annualChurnRate, grr, nrr, `))]);
  });

  it('refuses a metric named by two options', () => {
    expect(checklistProblems((c) => void (c.options[3].metrics = ['cac']))).toEqual([
      `${FILE}: questions[${at()}].options[3].metrics[0]: "cac" is already named by option "cac"`,
    ]);
  });

  it('refuses option ids the form offers by itself', () => {
    for (const id of ['none', 'dont-know', 'not-applicable']) {
      expect(checklistProblems((c) => void (c.options[1].id = id))).toEqual([
        `${FILE}: questions[${at()}].options[1].id: "${id}" is reserved in a checklist (None of these, I don't know, Not applicable are offered by themselves)`,
      ]);
    }
  });

  it('refuses metrics on an option of any other kind of question', () => {
    expect(checklistProblems((_, questions) => void (questions[1]!.options[0].metrics = ['cac']))).toEqual([
      `${FILE}: questions[1].options[0].metrics: only for kind checklist (this question is single)`,
    ]);
  });

  it('lets a rule test its ticked options, refusing one it does not offer', () => {
    const id = list(realSources().questions.find((f) => f.path === FILE)!.data)[at()]!.id;
    expect(problems((s) => { list(s.rules.data)[0]!.when = [{ question: id, answer: ['revenue-retention', 'dont-know'], absent: true }]; })).toEqual([]);
    expect(problems((s) => { list(s.rules.data)[0]!.when = [{ question: id, answer: ['ltv'] }]; })).toEqual([
      expect.stringMatching(/^content\/rules\.yaml: rules\[0\]\.when\[0\]\.answer\[0\]: "ltv" is not an answer of question "alignment-metrics-tracked"/),
    ]);
  });
});
