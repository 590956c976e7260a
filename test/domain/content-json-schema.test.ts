import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'astro/zod';
import { contentJsonSchema, contentJsonSchemas, jsonSchemaPath, schemaLine, schemaLineProblem, withSchemaLine } from '../../src/domain/content-json-schema.ts';
import { CONTENT_FILES, contentFileKind, type ContentFileKind } from '../../src/domain/content-files.ts';

type Schema = Record<string, any>;

const kind = (source: string): ContentFileKind => CONTENT_FILES.find((k) => k.source === source)!;
const schemaOf = (source: string): Schema => contentJsonSchema(kind(source));

/** Every content file on disk that `CONTENT_FILES` covers, under `content/` (`bands.yaml`, `questions/tooling.yaml`). */
function contentFiles(): string[] {
  const top = readdirSync('content').filter((name) => name.endsWith('.yaml'));
  const questions = readdirSync('content/questions').map((name) => `questions/${name}`);
  return [...top, ...questions].filter((path) => contentFileKind(path) !== undefined);
}

// Keywords that only describe (editors show them) or that JSON Schema itself treats as annotations.
const ANNOTATIONS = new Set(['$schema', 'title', 'description', 'default', 'definitions', 'format']);

/**
 * A small JSON Schema (draft 7) checker for the keywords the generator emits, so that the schemas can
 * be tried on the real content without a validator among the dependencies. A keyword it does not
 * know is an error, not skipped: a new kind of schema must be taught here before it passes.
 */
function check(root: Schema, schema: Schema, value: unknown, at = ''): string[] {
  const errors: string[] = [];
  const fail = (message: string) => errors.push(`${at || '(root)'}: ${message}`);
  for (const [keyword, rule] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    switch (keyword) {
      case '$ref': {
        const name = /^#\/definitions\/(.+)$/.exec(rule)?.[1];
        if (!name || !root.definitions?.[name]) fail(`unresolvable $ref ${rule}`);
        else errors.push(...check(root, root.definitions[name], value, at));
        break;
      }
      case 'allOf':
        for (const part of rule as Schema[]) errors.push(...check(root, part, value, at));
        break;
      case 'anyOf':
      case 'oneOf': {
        const passing = (rule as Schema[]).filter((part) => check(root, part, value, at).length === 0).length;
        if (keyword === 'anyOf' ? passing === 0 : passing !== 1) fail(`${keyword}: ${passing} of ${rule.length} forms match`);
        break;
      }
      case 'type': {
        const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
        const ok = rule === 'integer' ? Number.isInteger(value) : rule === actual;
        if (!ok) return [...errors, `${at || '(root)'}: must be ${rule}, is ${actual}`];
        break;
      }
      case 'enum':
        if (!(rule as unknown[]).includes(value)) fail(`${JSON.stringify(value)} is not one of ${JSON.stringify(rule)}`);
        break;
      case 'const':
        if (value !== rule) fail(`must be ${JSON.stringify(rule)}`);
        break;
      case 'pattern':
        if (typeof value === 'string' && !new RegExp(rule, 'u').test(value)) fail(`${JSON.stringify(value)} does not match ${rule}`);
        break;
      case 'minLength':
      case 'maxLength':
        if (typeof value === 'string' && (keyword === 'minLength' ? [...value].length < rule : [...value].length > rule)) fail(`${keyword} ${rule}`);
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
        if (typeof value === 'number' && (keyword === 'minimum' ? value < rule : keyword === 'maximum' ? value > rule : value <= rule)) fail(`${keyword} ${rule}`);
        break;
      case 'minItems':
        if (Array.isArray(value) && value.length < rule) fail(`minItems ${rule}`);
        break;
      case 'items':
        if (Array.isArray(value)) value.forEach((item, index) => errors.push(...check(root, rule, item, `${at}[${index}]`)));
        break;
      case 'required':
        if (value && typeof value === 'object') for (const key of rule as string[]) if (!(key in value)) fail(`missing required "${key}"`);
        break;
      case 'properties':
        if (value && typeof value === 'object' && !Array.isArray(value))
          for (const [key, item] of Object.entries(value)) if (rule[key]) errors.push(...check(root, rule[key], item, `${at}.${key}`));
        break;
      case 'additionalProperties':
        if (value && typeof value === 'object' && !Array.isArray(value))
          for (const [key, item] of Object.entries(value)) {
            if (schema.properties?.[key]) continue;
            if (rule === false) fail(`"${key}" is not declared`);
            else errors.push(...check(root, rule, item, `${at}.${key}`));
          }
        break;
      case 'propertyNames':
        if (value && typeof value === 'object') for (const key of Object.keys(value)) errors.push(...check(root, rule, key, `${at}.${key} (key)`));
        break;
      default:
        fail(`the test's checker does not know the keyword "${keyword}"`);
    }
  }
  return errors;
}

describe('the JSON Schemas of content/schemas/', () => {
  it('are the ones the zod schemas give now', () => {
    for (const { path, text } of contentJsonSchemas()) {
      const onDisk = existsSync(path) ? readFileSync(path, 'utf8') : '(missing)';
      expect(onDisk === text, `${path} is stale or missing: run npm run content:schemas`).toBe(true);
    }
    const generated = contentJsonSchemas().map((schema) => schema.path.split('/').pop());
    expect(readdirSync('content/schemas').sort(), 'content/schemas/ holds files the generator no longer makes: run npm run content:schemas').toEqual(generated.sort());
  });

  it('are one per kind of content file, pretty-printed with a final line break, the same on every run', () => {
    const schemas = contentJsonSchemas();
    expect(schemas.map((s) => s.path)).toEqual(CONTENT_FILES.map((k) => `content/schemas/${k.source}.schema.json`));
    expect(schemas.map((s) => s.path)).toContain('content/schemas/questions.schema.json');
    for (const { text } of schemas) {
      expect(text.endsWith('}\n')).toBe(true);
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    }
    expect(contentJsonSchemas()).toEqual(schemas);
  });

  it('are draft-07, with the file kind as title and a description pointing at the comment at the top of the file', () => {
    const bands = schemaOf('bands');
    expect(bands.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(bands.title).toBe('Bands');
    expect(bands.description).toMatch(/^`content\/bands\.yaml`: overall bands.*How to edit: see the comment at the top of the file\.$/);
    // A list file: the group holding the list under its key, described by the list's own description.
    const rules = schemaOf('rules');
    expect(rules.title).toBe('Rules (findings)');
    expect(rules.description).toMatch(/^`content\/rules\.yaml`: /);
    expect(Object.keys(rules.properties)).toEqual(['rules']);
    expect(rules.required).toEqual(['rules']);
    expect(rules.additionalProperties).toBe(false);
  });

  it("carry each field's guidance for authors as its description", () => {
    const band = schemaOf('bands').properties.overall.items;
    expect(band.properties.nextStep.description).toMatch(/^Overall bands only: what the results page leads with for a visitor in this band\./);
    expect(band.properties.nextStep.enum).toEqual(['call', 'masterclass']);
    // A localized text: one definition, its field's own description beside the reference.
    expect(band.properties.label).toEqual({ description: 'Short name of the level, e.g. "En construcción".', allOf: [{ $ref: '#/definitions/LocalizedText' }] });
    const localized = schemaOf('bands').definitions.LocalizedText;
    expect(localized.properties.es.description).toBe('Spanish (the default language).');
    // No description of its own: an editor would show it instead of the field's.
    expect(localized.description).toBeUndefined();
    // Through .optional(), .default() and a refinement.
    const question = schemaOf('questions').properties.questions.items;
    expect(question.properties.help.description).toBe('Optional hint shown under the question: what counts, an example.');
    expect(question.properties.dontKnow).toMatchObject({ type: 'boolean', default: true, description: expect.stringMatching(/^Offer "I don't know"/) });
    expect(schemaOf('consultancy').properties.privacy.properties.sections.items.properties.paragraphs.items.description).toBe(
      'A text in every language, which may use only these placeholders: {name}, {legalName}, {legalAddress}, {privacyEmail}.',
    );
  });

  it('describe what the author writes: fields with a default are optional, a transformed field by its input', () => {
    const question = schemaOf('questions').properties.questions.items;
    expect(question.required).not.toContain('dontKnow');
    expect(question.required).toContain('order');
    // A trimmed, normalized email address: the author writes a string.
    expect(schemaOf('consultancy').properties.privacyEmail).toMatchObject({ type: 'string' });
  });

  it("list the metric, verdict and tone ids a rule's condition may name, though zod leaves them to assembleQuestionnaire", () => {
    const conditions: Schema[] = schemaOf('rules').properties.rules.items.properties.when.items.anyOf;
    const field = (name: string) => conditions.flatMap((c) => (c.properties?.[name] ? [c.properties[name]] : []));
    expect(field('metric')).toHaveLength(3);
    for (const metric of field('metric')) expect(metric).toMatchObject({ type: 'string', enum: expect.arrayContaining(['clvToCac', 'nrr']) });
    expect(field('verdict')[0]!.items).toMatchObject({ type: 'string', enum: expect.arrayContaining(['bottom-quartile', 'within-target-range']) });
    expect(field('tone')[0]!.items).toEqual({ type: 'string', enum: ['better', 'neutral', 'worse'] });
  });

  it('accept the real content, file by file', () => {
    const files = contentFiles();
    expect(files.length).toBeGreaterThanOrEqual(CONTENT_FILES.length);
    for (const path of files) {
      const schema = contentJsonSchema(contentFileKind(path)!);
      expect(check(schema, schema, parse(readFileSync(`content/${path}`, 'utf8'))), `content/${path}`).toEqual([]);
    }
  });

  it('refuse what an editor should flag: an unknown field, a missing one, an unknown choice, a wrong type', () => {
    const schema = schemaOf('bands');
    const bands = parse(readFileSync('content/bands.yaml', 'utf8'));
    bands.overall[0].colour = 'red';
    delete bands.overall[0].label.pt;
    bands.overall[1].nextStep = 'phone';
    bands.notAssessed.minKnownShare = 'half';
    expect(check(schema, schema, bands)).toEqual([
      '.overall[0].label: missing required "pt"',
      '.overall[0]: "colour" is not declared',
      '.overall[1].nextStep: "phone" is not one of ["call","masterclass"]',
      '.notAssessed.minKnownShare: must be number, is string',
    ]);
    const rules = schemaOf('rules');
    const file = parse(readFileSync('content/rules.yaml', 'utf8'));
    file.rules[0].when = [{ metric: 'ltvCac', below: 3 }];
    expect(check(rules, rules, file)).toEqual(['.rules[0].when[0]: anyOf: 0 of 7 forms match']);
  });
});

describe('contentJsonSchema of a schema of its own', () => {
  const kindOf = (schema: z.ZodType, listKey?: string): ContentFileKind => ({ source: 'rules', path: 'notes.yaml', label: 'Notes', schema, ...(listKey === undefined ? {} : { listKey }) });

  it("titles the file by its kind and describes it by its schema's description, never by the schema's own title", () => {
    const schema = z.object({ name: z.string().meta({ title: 'Name', description: 'Who.' }) }).meta({ title: 'Inner title', description: 'The notes.' });
    expect(contentJsonSchema(kindOf(schema))).toEqual({
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'Notes',
      description: 'The notes. How to edit: see the comment at the top of the file.',
      type: 'object',
      properties: { name: { type: 'string', title: 'Name', description: 'Who.' } },
      required: ['name'],
    });
  });

  it('refuses a schema without a description, naming the file', () => {
    expect(() => contentJsonSchema(kindOf(z.object({ name: z.string() })))).toThrow(
      'notes.yaml: its schema has no description (.meta({ description })) to describe the file with',
    );
    expect(() => contentJsonSchema(kindOf(z.object({ name: z.string() }).meta({ title: 'Notes' })))).toThrow(/^notes\.yaml: its schema has no description/);
  });

  it('writes a custom check registered with its choices as those choices, and refuses any other type JSON Schema cannot hold', () => {
    const known = z.custom<string>((value) => typeof value === 'string').register(z.globalRegistry, { type: 'string', enum: ['a', 'b'] });
    expect(contentJsonSchema(kindOf(z.object({ id: known }).meta({ description: 'Ids.' }))).properties).toEqual({ id: { type: 'string', enum: ['a', 'b'] } });
    const unlisted = z.custom<string>((value) => typeof value === 'string');
    expect(() => contentJsonSchema(kindOf(z.object({ id: unlisted }).meta({ description: 'Ids.' })))).toThrow('Custom types cannot be represented in JSON Schema');
    const described = z.custom<string>((value) => typeof value === 'string').register(z.globalRegistry, { description: 'Any id.' });
    expect(() => contentJsonSchema(kindOf(z.object({ id: described }).meta({ description: 'Ids.' })))).toThrow('Custom types cannot be represented in JSON Schema');
    // Choices make only a custom check representable: a date stays refused.
    const date = z.date().register(z.globalRegistry, { enum: ['2025-01-01'] });
    expect(() => contentJsonSchema(kindOf(z.object({ when: date }).meta({ description: 'Dates.' })))).toThrow('Date cannot be represented in JSON Schema');
  });
});

describe('the $schema line of the content files', () => {
  it('is the first line of every content file, pointing at its schema from where the file is', () => {
    const files = contentFiles();
    expect(files).toContain('bands.yaml');
    expect(files).toContain('questions/tooling.yaml');
    for (const path of files) {
      const first = readFileSync(`content/${path}`, 'utf8').split('\n', 1)[0];
      expect(first, `content/${path}: its first line must point at its JSON Schema: run npm run content:schemas`).toBe(schemaLine(`content/${path}`));
    }
    expect(schemaLine('content/bands.yaml')).toBe('# yaml-language-server: $schema=schemas/bands.schema.json');
    expect(schemaLine('content/questions/tooling.yaml')).toBe('# yaml-language-server: $schema=../schemas/questions.schema.json');
  });

  it('points at a schema that exists', () => {
    for (const path of contentFiles()) {
      const target = schemaLine(`content/${path}`)!.split('$schema=')[1]!;
      const resolved = new URL(target, `file:///x/content/${path}`).pathname.replace(/^\/x\//, '');
      expect(resolved).toBe(jsonSchemaPath(contentFileKind(path)!));
      expect(existsSync(resolved), resolved).toBe(true);
    }
  });

  it('is added above the header comment, or put right, and left alone when right', () => {
    const file = 'content/bands.yaml';
    const line = schemaLine(file)!;
    const body = '# Bands: the maturity levels.\n#\noverall: []\n';
    expect(schemaLineProblem(file, body)).toBe(`the first line must be "${line}" (missing)`);
    expect(withSchemaLine(file, body)).toBe(`${line}\n${body}`);
    const wrong = `# yaml-language-server: $schema=schemas/rules.schema.json\n${body}`;
    expect(schemaLineProblem(file, wrong)).toBe(`the first line must be "${line}", not "# yaml-language-server: $schema=schemas/rules.schema.json"`);
    expect(withSchemaLine(file, wrong)).toBe(`${line}\n${body}`);
    expect(schemaLineProblem(file, `${line}\n${body}`)).toBeUndefined();
    expect(withSchemaLine(file, withSchemaLine(file, body))).toBe(`${line}\n${body}`);
    expect(schemaLineProblem(file, `${line}\r\n${body}`)).toBeUndefined();
    // A right line ending in \r\n is right, and left as it is; a stray \r inside the line is not right.
    expect(withSchemaLine(file, `${line}\r\n${body}`)).toBe(`${line}\r\n${body}`);
    const broken = line.replace('bands.schema', 'bands\r.schema');
    expect(schemaLineProblem(file, `${broken}\n${body}`)).toBe(`the first line must be "${line}", not "${broken}"`);
    // A line alone, without a line break after it, is replaced as the whole text.
    expect(withSchemaLine(file, '# yaml-language-server: $schema=x.json')).toBe(`${line}\n`);
    // A file no kind covers has no line, and nothing is wrong with its first line.
    expect(schemaLine('content/notes.yaml')).toBeUndefined();
    expect(schemaLineProblem('content/notes.yaml', body)).toBeUndefined();
    expect(withSchemaLine('content/notes.yaml', body)).toBe(body);
  });

  it('is found for a path under content/ or already relative to it, but not for a content/ folder elsewhere', () => {
    expect(schemaLine('bands.yaml')).toBe(schemaLine('content/bands.yaml'));
    expect(schemaLine('questions/content/tooling.yaml')).toBeUndefined();
    expect(schemaLine('drafts/content/bands.yaml')).toBeUndefined();
  });
});
