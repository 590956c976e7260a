import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleQuestionnaire, formatContentIssue } from '../../src/domain/questionnaire.ts';
import { loadQuestionnaire } from '../../src/server/content/load.ts';
import { ConsultancySchema } from '../../src/domain/schemas/consultancy.ts';
import { policyDate, policyParts } from '../../src/domain/consultancy.ts';
import { privacyPath } from '../../src/domain/routes.ts';
import { LOCALES } from '../../src/domain/locale.ts';
import { contentProblems, realSources } from '../helpers/content.ts';

type Yaml = Record<string, any>;

/** The content errors once `mutate` has changed a copy of the real `content/consultancy.yaml`. */
const problems = (mutate: (consultancy: Yaml) => void) => contentProblems((sources) => mutate(sources.consultancy.data as Yaml));

describe('content/consultancy.yaml', () => {
  it('validates and reaches the questionnaire', () => {
    const sources = realSources();
    const result = assembleQuestionnaire(sources, 'v');
    if (!result.ok) throw new Error(result.issues.map(formatContentIssue).join('\n'));
    expect(result.questionnaire.consultancy).toEqual(ConsultancySchema.parse(sources.consultancy.data));
  });

  it('points every image at a file under public/', () => {
    const consultancy = ConsultancySchema.parse(realSources().consultancy.data);
    for (const path of [consultancy.logo.src, ...consultancy.consultants.map((c) => c.photo)]) {
      expect(existsSync(join(process.cwd(), 'public', path)), path).toBe(true);
    }
  });

  it('keeps the placeholders of each short text in all three languages', () => {
    const { texts } = ConsultancySchema.parse(realSources().consultancy.data);
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(texts)) {
      for (const locale of LOCALES) expect(placeholders(text[locale]), `${key}.${locale}`).toEqual(placeholders(text.es));
    }
  });

  it('names the file, field and language of a missing translation', () => {
    expect(problems((c) => void delete c.presentation.pt)).toEqual(['content/consultancy.yaml: presentation.pt: required']);
    expect(problems((c) => void (c.consultants[1].role.en = '  '))).toEqual(['content/consultancy.yaml: consultants[1].role.en: required']);
    expect(problems((c) => void delete c.privacy.sections[2].paragraphs[0].es)).toEqual([
      'content/consultancy.yaml: privacy.sections[2].paragraphs[0].es: required',
    ]);
  });

  it('refuses an image that is not a path under public/', () => {
    expect(problems((c) => void (c.logo.src = 'https://cdn.example.com/logo.svg'))).toEqual([
      'content/consultancy.yaml: logo.src: must be the path of an image under public/, starting with "/", e.g. /consultancy/logo.svg',
    ]);
    expect(problems((c) => void (c.consultants[0].photo = '/../secrets.png'))).toEqual([
      expect.stringMatching(/^content\/consultancy\.yaml: consultants\[0\]\.photo: must be the path of an image under public\//),
    ]);
  });

  it('refuses a privacy address that is not an email address', () => {
    expect(problems((c) => void (c.privacyEmail = 'privacy at example.com'))).toEqual(['content/consultancy.yaml: privacyEmail: must be a valid email address']);
  });

  it('names an unknown placeholder in a privacy text and lists the known ones', () => {
    expect(problems((c) => void (c.privacy.sections[0].paragraphs[1].pt = 'Escreva para {email}.'))).toEqual([
      'content/consultancy.yaml: privacy.sections[0].paragraphs[1].pt: unknown placeholder {email} (known: {name}, {legalName}, {legalAddress}, {privacyEmail})',
    ]);
  });

  it('refuses two sections with the same id, since each is an address on the page', () => {
    expect(problems((c) => void (c.privacy.sections[1].id = 'controller'))).toEqual([
      'content/consultancy.yaml: privacy.sections[1].id: duplicate section id "controller"',
    ]);
  });

  it('refuses a date not written YYYY-MM-DD, an empty team and unknown keys', () => {
    expect(problems((c) => void (c.privacy.updated = '26/11/2026'))).toEqual(['content/consultancy.yaml: privacy.updated: must be a date written YYYY-MM-DD']);
    expect(problems((c) => void (c.consultants = []))).toEqual(['content/consultancy.yaml: consultants: must list at least one consultant']);
    expect(problems((c) => void (c.linkedin = 'https://example.com'))).toEqual([expect.stringMatching(/^content\/consultancy\.yaml: Unrecognized key: "linkedin"/)]);
  });

  it('fails the whole questionnaire, naming the file, when it is empty or missing', () => {
    const empty = assembleQuestionnaire({ ...realSources(), consultancy: { path: 'content/consultancy.yaml', data: undefined } }, 'v');
    expect(empty.ok ? [] : empty.issues.map(formatContentIssue)).toEqual(['content/consultancy.yaml: required']);
    const root = mkdtempSync(join(tmpdir(), 'consultancy-'));
    try {
      cpSync(join(process.cwd(), 'content'), join(root, 'content'), { recursive: true });
      rmSync(join(root, 'content', 'consultancy.yaml'));
      const missing = loadQuestionnaire(root);
      expect(missing.ok ? [] : missing.issues.map(formatContentIssue)).toEqual(['content/consultancy.yaml: file is missing']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('policyParts', () => {
  const consultancy = { name: 'Cauce', privacyEmail: 'privacy@example.com', legal: { name: 'Cauce S.L.', address: 'Calle 1, Madrid' } };

  it('fills the names and addresses and cuts the privacy address out as a link', () => {
    expect(policyParts('{legalName} ({name}), {legalAddress}. Write to {privacyEmail}.', consultancy)).toEqual([
      { kind: 'text', text: 'Cauce S.L. (Cauce), Calle 1, Madrid. Write to ' },
      { kind: 'email', email: 'privacy@example.com' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('gives a text without placeholders back whole, and keeps an unknown placeholder as written', () => {
    expect(policyParts('No data is sold.', consultancy)).toEqual([{ kind: 'text', text: 'No data is sold.' }]);
    expect(policyParts('{privacyEmail}', consultancy)).toEqual([{ kind: 'email', email: 'privacy@example.com' }]);
    expect(policyParts('See {other}.', consultancy)).toEqual([{ kind: 'text', text: 'See {other}.' }]);
  });
});

describe('policyDate', () => {
  it('writes the calendar day in the page language, whatever the time zone', () => {
    expect(policyDate('2026-03-02', 'es')).toBe('2 de marzo de 2026');
    expect(policyDate('2026-03-02', 'pt')).toBe('2 de março de 2026');
    expect(policyDate('2026-03-02', 'en')).toBe('March 2, 2026');
  });
});

describe('privacyPath', () => {
  it('serves the policy under each locale, Spanish included', () => {
    expect(LOCALES.map(privacyPath)).toEqual(['/es/privacy/', '/pt/privacy/', '/en/privacy/']);
  });
});
