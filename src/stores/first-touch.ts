import type { FirstTouch } from '../domain/schemas/first-touch.ts';
import { FIRST_TOUCH_KEY } from '../domain/first-touch.ts';

/** Where this browser's first visit came from (UTM parameters, referrer), as every page recorded it (Base.astro); `null` when unknown. */
export function readFirstTouch(): FirstTouch | null {
  try {
    return JSON.parse(localStorage.getItem(FIRST_TOUCH_KEY) ?? 'null') as FirstTouch | null;
  } catch {
    return null;
  }
}
