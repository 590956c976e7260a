import type { FirstTouch } from '../domain/schemas/first-touch.ts';
import { FIRST_TOUCH_KEY, firstTouch } from '../domain/first-touch.ts';

/** Where this browser's first visit came from (UTM parameters, referrer), as every page recorded it (Base.astro); `null` when unknown. */
export function readFirstTouch(): FirstTouch | null {
  try {
    return JSON.parse(localStorage.getItem(FIRST_TOUCH_KEY) ?? 'null') as FirstTouch | null;
  } catch {
    return null;
  }
}

/**
 * Records where this visit came from, unless an earlier one did: the first touch is kept. Run by every
 * page a visit may start on (the landing's script, the diagnostic's island).
 */
export function recordFirstTouch(): void {
  try {
    if (!localStorage.getItem(FIRST_TOUCH_KEY)) localStorage.setItem(FIRST_TOUCH_KEY, JSON.stringify(firstTouch(location.href, document.referrer, new Date())));
  } catch {
    // Storage blocked: the lead is sent without its source.
  }
}
