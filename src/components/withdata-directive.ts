import type { ClientDirective } from 'astro';
import { afterPaint } from './painted-directive.ts';
import { PAGE_DATA } from './report/page-data.ts';

/**
 * `client:withdata="<url>"`: as `client:painted`, and the island's data (a JSON file, cached apart from
 * the page) is fetched first and kept for it (`pageData`): the page's HTML carries only what it shows.
 * Without the data, the island does not hydrate and the server's page stays as it is.
 */
const withData: ClientDirective = (load, options) => {
  afterPaint(async () => {
    const url = String(options.value);
    const response = await fetch(url);
    if (!response.ok) return;
    const kept = ((globalThis as Record<string, unknown>)[PAGE_DATA] ??= {}) as Record<string, unknown>;
    kept[url] = await response.json();
    (await load())();
  });
};

export default withData;
