import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES, runLighthouse, type Category, type LighthouseResult } from '../bench/lighthouse.ts';
import { lighthouseTargets, MEASURED_PAGES } from '../bench/pages.ts';
import { startBuiltServer, type BuiltServer } from '../bench/server.ts';
import { realQuestionnaire } from '../helpers/content.ts';

/**
 * Lighthouse category scores (0–1) that landing, diagnostic and results (es)
 * must each reach, mobile form factor with simulated throttling, median of
 * LIGHTHOUSE_RUNS runs. Change one line to move a threshold.
 */
export const LIGHTHOUSE_THRESHOLDS: Record<Category, number> = {
  performance: 0.95,
  accessibility: 1,
  'best-practices': 1,
  seo: 1,
};

/**
 * The largest contentful paint the diagnostic and the results may take, in ms (Lighthouse mobile,
 * simulated throttling, median run): both are drawn by the server, so their largest text is in the
 * HTML and paints with the page, before any script.
 */
export const LCP_BUDGET_MS = 1_000;

describe('Lighthouse on the production build (mobile, simulated throttling)', () => {
  let server: BuiltServer | undefined;
  let results: LighthouseResult[] = [];

  beforeAll(async () => {
    server = await startBuiltServer();
    results = await runLighthouse(lighthouseTargets(server.url));
  }, 240_000);
  afterAll(() => server?.stop());

  it('measures the results page with a finished diagnostic, so it shows the Report', () => {
    const resultsPage = results.find((r) => r.name === 'results')!;
    expect(resultsPage.mainText).toContain(realQuestionnaire().ui.results.overall.es);
  });

  for (const name of ['diagnostic', 'results']) {
    it(`the ${name} page's largest contentful paint is within ${LCP_BUDGET_MS} ms`, () => {
      const result = results.find((r) => r.name === name)!;
      expect(result.lcpMs, `${result.url}: LCP ${Math.round(result.lcpMs)} ms`).toBeLessThanOrEqual(LCP_BUDGET_MS);
    });
  }

  for (const { name, path } of MEASURED_PAGES) {
    for (const category of CATEGORIES) {
      const threshold = LIGHTHOUSE_THRESHOLDS[category];
      it(`the ${name} page (${path}) scores at least ${threshold} in ${category}`, () => {
        const result = results.find((r) => r.name === name)!;
        const why = `${result.url}: ${category} ${result.scores[category]}; audits short of full marks: ${result.misses[category].join(', ') || 'none'}`;
        expect(result.scores[category], why).toBeGreaterThanOrEqual(threshold);
      });
    }
  }
});
