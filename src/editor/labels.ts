const LANGUAGE_LABELS: Record<string, string> = { es: 'Español (es)', pt: 'Português (pt)', en: 'English (en)' };

/** A field's label from its key: `dontKnowShareAtLeast` → `Dont know share at least`; `pt` → `Português (pt)`. */
export function fieldLabel(key: string): string {
  if (LANGUAGE_LABELS[key]) return LANGUAGE_LABELS[key];
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
