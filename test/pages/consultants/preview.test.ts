import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import Results from '../../../src/components/Results.tsx';
import { ContentCatalog } from '../../../src/components/ContentCatalog.tsx';
import { provideQuestionnaire } from '../../../src/components/report/page-data.ts';
import { localize } from '../../../src/domain/locale.ts';
import { reportQuestionnaire } from '../../../src/domain/report.ts';
import { contentCatalog, PREVIEW_PATH, previewHref, readPreviewQuery, resultsPreview } from '../../../src/domain/results-preview.ts';
import { createAuth, requestSignInLink, type Auth, type AuthDeps } from '../../../src/server/auth/auth.ts';
import { checkWorkspaceAccess } from '../../../src/server/auth/guard.ts';
import type { Database } from '../../../src/server/db/client.ts';
import { outbox } from '../../../src/server/db/schema.ts';
import { settled } from '../../../src/server/lib/after.ts';
import { TEST_DATABASES } from '../../helpers/db.ts';
import { realQuestionnaire } from '../../helpers/content.ts';

const questionnaire = realQuestionnaire();
const SITE = 'http://localhost:4321';
const ADDRESS = `${PREVIEW_PATH}?locale=pt&overall=developing&alignment=low&tooling=high&reporting=not-assessed&businessModel=saas&dealSize=acv-12k-25k&metrics=poor&all=1`;

describe('/consultants/preview/ is guarded like every workspace page', () => {
  let database: Database;
  let auth: Auth;
  let deps: AuthDeps;
  beforeAll(async () => {
    database = await TEST_DATABASES[0]!.open();
    deps = {
      db: database.db,
      env: { SITE_URL: SITE, BETTER_AUTH_SECRET: 'test-secret-test-secret-test-secret-42', CONSULTANT_EMAILS: ['ana@example.com'], IP_HASH_SALT: 'test-salt-0123456789', EMAILS_PER_HOUR: 1000, SIGN_IN_EMAILS_PER_HOUR: 30 },
      mailer: null,
      questionnaire,
    };
    auth = createAuth(deps);
  });
  afterAll(async () => {
    await settled();
    await database?.close();
  });
  const access = (cookie?: string) =>
    checkWorkspaceAccess(new Request(`${SITE}${ADDRESS}`, { headers: cookie ? { cookie } : {} }), new URL(`${SITE}${ADDRESS}`), async () => ({ auth, deps }));

  it('sends a visitor without a session to sign in, keeping the whole address, and lets a signed-in consultant through', async () => {
    const refused = await access();
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(303);
    expect((refused as Response).headers.get('location')).toBe(`/consultants/sign-in?next=${encodeURIComponent(ADDRESS)}`);

    expect(await requestSignInLink(auth, deps, { email: 'ana@example.com', ip: '192.0.2.1', headers: new Headers() })).toBe('sent-if-known');
    await settled();
    const [mail] = await database.db.select().from(outbox).where(eq(outbox.kind, 'sign-in'));
    const signedIn = await auth.handler(new Request(mail!.text!.match(/https?:\/\/\S+magic-link\/verify\S+/)![0]));
    const cookie = signedIn.headers.getSetCookie().find((c) => c.includes('session_token'))!.split(';')[0]!;
    expect(await access(cookie)).toEqual({ consultant: { email: 'ana@example.com', name: expect.any(String) } });
  });
});

describe('the results preview page', () => {
  // What src/pages/consultants/preview.astro draws below its form, from the same address.
  const query = readPreviewQuery(new URL(`${SITE}${ADDRESS}`).searchParams, questionnaire, 'es');
  const preview = resultsPreview(questionnaire, query);
  const shown = localize(questionnaire, 'pt');
  const dataUrl = `/pt/report-questionnaire.json?v=${questionnaire.version}`;
  provideQuestionnaire(dataUrl, reportQuestionnaire(shown));
  const page = render(h(Results, {
    locale: 'pt', questionnaireId: dataUrl, diagnosticPath: '/pt/diagnostico/', resultsPath: previewHref(query, questionnaire), reviseBase: '/pt/passo?n=', startOverPath: '/pt/passo',
    initial: preview.diagnostic, lead: { idempotencyKey: '', values: {}, errors: {} },
  }));
  const label = (scope: string, band: string) => (scope === 'overall' ? shown.bands.overall : shown.bands.dimensions[scope]!).find((b) => b.id === band)!.label;

  it('draws the results page in Portuguese with the chosen levels', () => {
    expect(preview.misses).toEqual([]);
    expect(page).toContain(`data-band="developing">${label('overall', 'developing')}</p>`);
    for (const [dimension, band] of [['alignment', 'low'], ['tooling', 'high']] as const) {
      expect(page).toMatch(new RegExp(`data-dimension="${dimension}"><strong>[^<]+: \\d+/100 · ${label(dimension, band)}</strong>`));
    }
    expect(page).toContain(`data-dimension="reporting" data-not-assessed="true"><strong>${shown.dimensions.find((d) => d.id === 'reporting')!.name}: ${shown.bands.notAssessed.dimension.label}</strong>`);
    // The example numbers, judged against SaaS benchmarks: the findings they set off show.
    expect(page).toContain('data-finding="churn-worse-than-benchmark"');
    expect(page).toContain('verdict-worse');
    expect(page).not.toContain('<script');
  });

  it('lists every finding and every recommendation, with their ids, drawn as the results page draws them', () => {
    const catalog = contentCatalog(questionnaire, 'pt');
    const html = render(h(ContentCatalog, { ...catalog, t: shown.ui.results }));
    for (const rule of shown.rules) {
      expect(html).toContain(`data-finding="${rule.id}"`);
      expect(html).toContain(`<code data-catalog-id="${rule.id}">${rule.id}</code>`);
    }
    for (const recommendation of shown.recommendations) {
      expect(html).toContain(`<code data-catalog-id="${recommendation.id}">${recommendation.id}</code>`);
      expect(html).toContain(`<strong>${recommendation.title.replace(/"/g, '&quot;')}</strong>`);
    }
  });

  it('is drawn from the address by the page, with the results component and no island', () => {
    const source = readFileSync('src/pages/consultants/preview.astro', 'utf8');
    expect(source).toMatch(/readPreviewQuery\(Astro\.url\.searchParams/);
    expect(source).toMatch(/<Results\s/);
    expect(source).not.toMatch(/client:/);
  });
});
