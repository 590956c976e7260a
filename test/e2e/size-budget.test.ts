import { beforeAll, describe, expect, inject, it } from 'vitest';
import { measurePage } from '../helpers/page-weight.ts';
import { pagePath } from '../../src/domain/routes.ts';
import { LOCALES } from '../../src/domain/locale.ts';
import { finishedDiagnosticCookie } from '../bench/pages.ts';

/** The results page as the server draws it for a finished diagnostic (it is drawn on request, from the visitor's cookie). */
async function servedResults(): Promise<string> {
  const response = await fetch(new URL(pagePath('results', 'es'), inject('baseUrl')), { headers: { cookie: finishedDiagnosticCookie() } });
  return response.text();
}

/** JavaScript the diagnostic page may ship, gzipped. */
export const DIAGNOSTIC_JS_BUDGET = 20 * 1024;
/**
 * The results page: more room than the diagnostic for what only it does: the report and the lead form
 * (company size, business model, three separate choices), the peers' distributions placed in the
 * browser, the change since a retake, the PDF download: 29.5 KB today.
 */
export const RESULTS_JS_BUDGET = 31 * 1024;
export const LANDING_JS_BUDGET = 2 * 1024;

describe('size budget (production build)', () => {
  let results = '';
  beforeAll(async () => {
    results = await servedResults();
  });

  for (const locale of LOCALES) {
    it(`the diagnostic page ships at most 20 KB of gzipped JavaScript (${locale})`, () => {
      const weight = measurePage('dist/client', pagePath('diagnostic', locale));
      expect(weight.js.files.length, 'the island was found').toBeGreaterThan(0);
      expect(weight.js.gzip, `JS files: ${weight.js.files.join(', ')}`).toBeLessThanOrEqual(DIAGNOSTIC_JS_BUDGET);
    });
  }

  it(`the results page ships at most ${RESULTS_JS_BUDGET / 1024} KB of gzipped JavaScript`, () => {
    const weight = measurePage('dist/client', pagePath('results', 'es'), results);
    expect(weight.js.files.length, 'the island was found').toBeGreaterThan(0);
    expect(weight.js.gzip).toBeLessThanOrEqual(RESULTS_JS_BUDGET);
  });

  it('the landing page ships (almost) no JavaScript', () => {
    expect(measurePage('dist/client', pagePath('home', 'es')).js.gzip).toBeLessThanOrEqual(LANDING_JS_BUDGET);
  });

  it('requests nothing from other hosts', () => {
    for (const page of ['home', 'diagnostic', 'results'] as const) {
      const html = measurePage('dist/client', pagePath(page, 'es'), page === 'results' ? results : undefined);
      expect(html.js.files.concat(html.css.files).every((f) => !f.includes('//'))).toBe(true);
    }
  });
});
