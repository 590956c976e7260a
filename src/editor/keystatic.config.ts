import { collection, config, fields, singleton, type ComponentSchema } from '@keystatic/core';
import { parse } from 'yaml';
import { CONTENT_FILES, fileSchema } from '../domain/content-files.ts';
import { fileFields } from './fields.ts';
import dimensionsYaml from '../../content/dimensions.yaml?raw';

/**
 * The web editor at /keystatic: one entry per content file, its fields built from the file's zod
 * schema (src/domain/content-files.ts), so the editor and `npm run check:content` agree on every
 * field. Under `npm run dev` it writes `content/` on disk through src/editor/api.ts, which refuses
 * an edit that breaks the content; with PUBLIC_KEYSTATIC_GITHUB_REPO (owner/name) set at build
 * time, the deployed editor commits to that repository instead, on a branch of its own.
 */

// Bands are given per dimension id: the editor shows one list per dimension of content/dimensions.yaml.
const dimensionIds = (): string[] => {
  const data = parse(dimensionsYaml) as { dimensions?: { id?: unknown }[] } | null;
  return (data?.dimensions ?? []).map((d) => String(d.id));
};
const options = { recordKeys: () => dimensionIds() };

const repo = import.meta.env.PUBLIC_KEYSTATIC_GITHUB_REPO as `${string}/${string}` | undefined;
// The editor's "Preview" opens the results preview for consultants (src/pages/consultants/preview.astro).
const previewUrl = '/consultants/preview/?all=1';

export const editorEntries = Object.fromEntries(
  CONTENT_FILES.map((kind) => {
    const schema: Record<string, ComponentSchema> = fileFields(fileSchema(kind), options);
    const name = kind.source;
    if (kind.path.endsWith('/'))
      return [
        name,
        collection({
          label: kind.label,
          path: `content/${kind.path}*` as `${string}/*`,
          slugField: 'file',
          format: { data: 'yaml' },
          previewUrl,
          schema: { file: fields.text({ label: 'File name (the dimension id)', validation: { isRequired: true } }), ...schema },
        }),
      ];
    return [name, singleton({ label: kind.label, path: `content/${kind.path.replace(/\.yaml$/, '')}`, format: { data: 'yaml' }, previewUrl, schema })];
  }),
);

const collections = Object.fromEntries(Object.entries(editorEntries).filter(([name]) => name === 'questions'));
const singletons = Object.fromEntries(Object.entries(editorEntries).filter(([name]) => name !== 'questions'));

export default config({
  storage: repo ? { kind: 'github', repo } : { kind: 'local' },
  ui: {
    brand: { name: 'Diagnóstico RevOps' },
    navigation: {
      Diagnostic: ['dimensions', 'questions', 'duration'],
      Results: ['bands', 'recommendations', 'rules', 'benchmarks', 'segments'],
      Texts: ['offer', 'ui', 'emails', 'workspace', 'consultancy'],
    },
  },
  collections: collections as Record<string, ReturnType<typeof collection>>,
  singletons: singletons as Record<string, ReturnType<typeof singleton>>,
});
