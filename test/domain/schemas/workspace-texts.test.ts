import { describe, expect, it } from 'vitest';
import { assembleQuestionnaire, formatContentIssue, type ContentSources } from '../../../src/domain/questionnaire.ts';
import { WorkspaceTextsSchema } from '../../../src/domain/schemas/workspace-texts.ts';
import { LEAD_STATUSES } from '../../../src/domain/lead-status.ts';
import { LOCALES } from '../../../src/domain/locale.ts';
import { realSources } from '../../helpers/content.ts';

type Texts = Record<string, Record<string, Record<string, string>>>;

function problems(mutate: (texts: Texts, sources: ContentSources) => void): string[] {
  const sources = realSources();
  mutate(sources.workspace.data as Texts, sources);
  const result = assembleQuestionnaire(sources, 'test');
  return result.ok ? [] : result.issues.map(formatContentIssue);
}

describe('content/workspace.yaml', () => {
  it('validates and reaches the questionnaire', () => {
    const sources = realSources();
    const result = assembleQuestionnaire(sources, 'v');
    if (!result.ok) throw new Error(result.issues.map(formatContentIssue).join('\n'));
    expect(result.questionnaire.workspace).toEqual(WorkspaceTextsSchema.parse(sources.workspace.data));
  });

  it('names every status and every language in every language, each differently', () => {
    const sources = realSources();
    const texts = WorkspaceTextsSchema.parse(sources.workspace.data);
    expect(Object.keys(texts.status)).toEqual([...LEAD_STATUSES]);
    expect(Object.keys(texts.languages)).toEqual([...LOCALES]);
    for (const locale of LOCALES) {
      expect(new Set(LEAD_STATUSES.map((s) => texts.status[s][locale])).size, locale).toBe(LEAD_STATUSES.length);
      expect(new Set(LOCALES.map((l) => texts.languages[l][locale])).size, locale).toBe(LOCALES.length);
    }
  });

  it('keeps the placeholders of each text in all three languages', () => {
    const texts = WorkspaceTextsSchema.parse(realSources().workspace.data) as unknown as Texts;
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [group, keys] of Object.entries(texts)) {
      for (const [key, text] of Object.entries(keys)) {
        for (const locale of LOCALES) expect(placeholders(text[locale]!), `${group}.${key}.${locale}`).toEqual(placeholders(text.es!));
      }
    }
  });

  it('reports a missing Portuguese text as a content error naming the file and field', () => {
    expect(problems((t) => void delete t.status!.won!.pt)).toEqual(['content/workspace.yaml: status.won.pt: required']);
    expect(problems((t) => void (t.list!.filter!.pt = ' '))).toEqual(['content/workspace.yaml: list.filter.pt: required']);
  });

  it('requires a name for every status and refuses unknown ones', () => {
    expect(problems((t) => void delete t.status!.lost)).toEqual(['content/workspace.yaml: status.lost: required']);
    expect(problems((t) => void (t.status!.archived = { es: 'Archivado', pt: 'Arquivado', en: 'Archived' }))).toEqual([
      expect.stringMatching(/^content\/workspace\.yaml: status: Unrecognized key: "archived"/),
    ]);
  });

  it('fails the whole questionnaire when the file is missing or unreadable', () => {
    const result = assembleQuestionnaire({ ...realSources(), workspace: { path: 'content/workspace.yaml', data: undefined } }, 'v');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map(formatContentIssue)).toEqual(['content/workspace.yaml: required']);
  });
});
