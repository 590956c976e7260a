import { atom } from 'nanostores';
import type { Locale } from '../domain/locale.ts';

// Its own module so the funnel store can read the page's language without importing the diagnostic's stores.

/** The page's language, set by `initDiagnostic`. */
export const $locale = atom<Locale>('es');
