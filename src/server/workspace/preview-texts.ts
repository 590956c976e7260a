import { localize, type Locale } from '../../domain/locale.ts';
import type { WorkspaceTexts } from '../../domain/schemas/workspace-texts.ts';

export type PreviewTexts = Record<keyof WorkspaceTexts['preview'], string>;

/** The results preview's texts in `locale` (content/workspace.yaml, `preview`). */
export function previewTexts(workspace: WorkspaceTexts, locale: Locale): PreviewTexts {
  return localize(workspace.preview, locale);
}
