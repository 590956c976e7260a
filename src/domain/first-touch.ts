// A type only: the schema module pulls in zod, which every page's script must not load.
import type { FirstTouch } from './schemas/first-touch.ts';

/** The UTM parameters kept from the address a visit landed on. */
export const UTM_PARAMETERS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;

/** Where the browser keeps the first touch (localStorage), JSON: written by every page's script, read by the lead form's store. */
export const FIRST_TOUCH_KEY = 'revops:first-touch';

const FIELD = { utm_source: 'source', utm_medium: 'medium', utm_campaign: 'campaign', utm_term: 'term', utm_content: 'content' } as const satisfies Record<(typeof UTM_PARAMETERS)[number], keyof FirstTouch>;

/**
 * Where a visit came from, read off the address it landed on and the referring page: the UTM
 * parameters, the referrer when it is another site (moving between the site's own pages is not a
 * source), the landing path without its query. Values are cut to the lengths the server accepts.
 * @example firstTouch('https://site/es/?utm_source=linkedin', 'https://www.linkedin.com/', new Date()) // { source: 'linkedin', referrer: 'https://www.linkedin.com/', landingPath: '/es/', at: … }
 */
export function firstTouch(href: string, referrer: string, now: Date): FirstTouch {
  const url = new URL(href);
  const touch: FirstTouch = { landingPath: url.pathname.slice(0, 300), at: now.toISOString() };
  for (const parameter of UTM_PARAMETERS) {
    const value = url.searchParams.get(parameter)?.trim();
    if (value) touch[FIELD[parameter]] = value.slice(0, 200);
  }
  if (referrer) {
    try {
      if (new URL(referrer).origin !== url.origin) touch.referrer = referrer.slice(0, 500);
    } catch {
      // Not an address: no referrer worth keeping.
    }
  }
  return touch;
}
