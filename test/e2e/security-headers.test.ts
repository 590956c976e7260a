import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, url } from './browser.ts';
import { requestReport, takeDiagnostic } from './flows.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { validPayload, TEST_CONTACT } from '../helpers/submission.ts';
import { allPages } from '../../src/domain/routes.ts';
import { CSP_DIRECTIVES, SECURITY_HEADERS } from '../../src/server/lib/security-headers.ts';

const q = realQuestionnaire();

/** The policy's directives by name: `{'script-src': ["'self'", "'sha256-…'"], …}`. */
function directives(policy: string): Map<string, string[]> {
  const parsed = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) {
      expect(parsed.has(name), `${name} appears once`).toBe(false);
      parsed.set(name, sources);
    }
  }
  return parsed;
}

/** Checks every header this site promises; returns the parsed policy. */
function expectSecurityHeaders(response: Response, what: string): Map<string, string[]> {
  const policy = response.headers.get('content-security-policy');
  expect(policy, `${what}: Content-Security-Policy`).toBeTruthy();
  const csp = directives(policy!);
  expect(csp.get('script-src'), `${what}: script-src`).toBeDefined();
  for (const [name, sources] of csp) {
    if (!name.startsWith('script-src')) continue;
    expect(sources, `${what}: ${name}`).not.toContain("'unsafe-inline'");
    expect(sources, `${what}: ${name}`).not.toContain("'unsafe-eval'");
  }
  expect(csp.get('frame-ancestors'), `${what}: frame-ancestors`).toEqual(["'none'"]);
  expect(csp.get('default-src'), `${what}: default-src`).toEqual(["'self'"]);
  expect(csp.get('object-src'), `${what}: object-src`).toEqual(["'none'"]);
  for (const directive of CSP_DIRECTIVES) {
    const [name, ...sources] = directive.split(' ');
    expect(csp.get(name!), `${what}: ${name}`).toEqual(sources);
  }
  expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(response.headers.get('x-frame-options'), what).toBe('DENY');
  expect(response.headers.get('referrer-policy'), what).toBe('strict-origin-when-cross-origin');
  expect(response.headers.get('permissions-policy'), what).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name), `${what}: ${name}`).toBe(value);
  return csp;
}

/** Every inline script of the page must be allowed by a hash in script-src, or it would not run. */
function expectInlineScriptsHashed(html: string, csp: Map<string, string[]>, what: string): void {
  const scriptSources = [...(csp.get('script-src') ?? []), ...(csp.get('script-src-elem') ?? [])];
  const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)([^>]*)>([\s\S]*?)<\/script>/g)].filter(([, attributes]) => !/type="application\/(ld\+)?json"/.test(attributes!));
  for (const [, , body] of inline) {
    const hash = `'sha256-${createHash('sha256').update(body!).digest('base64')}'`;
    expect(scriptSources, `${what}: hash of inline script ${body!.slice(0, 60)}…`).toContain(hash);
  }
}

async function permalink(): Promise<string> {
  const response = await fetch(url('/api/submissions'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(validPayload(q, { locale: 'pt', contact: { ...TEST_CONTACT, name: 'Headers', email: 'headers@example.com' } })),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { resultUrl: string }).resultUrl;
}

describe('security headers', () => {
  const pages = [...allPages().map((p) => p.path), '/es/masterclass/', '/en/masterclass/', '/consultants/sign-in'];

  for (const path of pages) {
    it(`sends the policy and the other headers with ${path}, and hashes its inline scripts`, async () => {
      const response = await fetch(url(path));
      expect(response.status).toBe(200);
      const csp = expectSecurityHeaders(response, path);
      expectInlineScriptsHashed(await response.text(), csp, path);
    });
  }

  it('sends them with the same page without its trailing slash', async () => {
    for (const path of ['/pt', '/diagnostico', '/en/results']) expectSecurityHeaders(await fetch(url(path)), path);
  });

  it('has no content editor in a build without PUBLIC_KEYSTATIC_GITHUB_REPO: its page and its API are not found', async () => {
    expect((await fetch(url('/keystatic'))).status).toBe(404);
    const save = await fetch(url('/api/keystatic/update'), { method: 'POST', headers: { 'content-type': 'application/json', 'no-cors': '1' }, body: '{"additions":[],"deletions":[]}' });
    expect(save.status).toBe(404);
  });

  it('sends them with the 404 page of an unknown address', async () => {
    const response = await fetch(url('/404-something'));
    expect(response.status).toBe(404);
    expectSecurityHeaders(response, '/404-something');
  });

  it('sends them with a stored report (permalink)', async () => {
    const path = await permalink();
    const response = await fetch(url(path));
    expect(response.status).toBe(200);
    expectInlineScriptsHashed(await response.text(), expectSecurityHeaders(response, path), path);
  });

  it('sends them with API responses, accepted or rejected, and with the workspace redirect', async () => {
    const rejected = await fetch(url('/api/submissions'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(rejected.status).toBe(400);
    expectSecurityHeaders(rejected, 'POST /api/submissions (400)');
    const redirect = await fetch(url('/consultants/'), { redirect: 'manual' });
    expect(redirect.status).toBe(303);
    expectSecurityHeaders(redirect, 'GET /consultants/ (303)');
  });

  it('sends them with static files', async () => {
    const response = await fetch(url('/favicon.svg'));
    expect(response.status).toBe(200);
    expectSecurityHeaders(response, '/favicon.svg');
  });
});

describe('the Content-Security-Policy in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('records no violation during a whole diagnostic, the emailed report, its permalink and the masterclass page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const violations: string[] = [];
    await context.exposeBinding('reportCspViolation', (_source, line: string) => violations.push(line));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        (window as unknown as { reportCspViolation: (line: string) => void }).reportCspViolation(`${location.pathname}: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sample})`);
      });
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) violations.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));

    await page.goto(url('/'));
    await takeDiagnostic(page, 'es');
    const link = await requestReport(page, { name: 'CSP', email: 'csp@example.com' });
    await page.goto(url(link));
    await page.waitForSelector('[data-testid=overall-score]');
    await page.goto(url('/es/masterclass/'));
    await page.waitForLoadState('load');
    expect(violations).toEqual([]);

    // The same listener does catch what the policy forbids: an injected inline script.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
    });
    await expect.poll(() => violations.some((line) => line.includes('script-src'))).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    await context.close();
  });
});
