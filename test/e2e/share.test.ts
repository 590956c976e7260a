import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, url } from './browser.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { TEST_CONTACT } from '../helpers/submission.ts';
import { pngDimensions, postAction, sharedReport } from '../helpers/share.ts';

const q = realQuestionnaire();
/** Nothing of this may reach a share page, its meta tags or its image's response. */
const PERSON = { ...TEST_CONTACT, name: 'Zenobia Quirós-Ylla', email: 'zenobia.ylla@quetzal-share.example', company: 'Quetzalcóatl Holdings Ltda', role: 'Directora de Ingresos' };

/** The `content` of each `<meta property|name=…>` of a page. */
function metaTags(html: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const [tag] of html.matchAll(/<meta [^>]*>/g)) {
    const key = /(?:property|name)="([^"]+)"/.exec(tag)?.[1];
    const content = /content="([^"]*)"/.exec(tag)?.[1];
    if (key && content !== undefined) tags.set(key, content.replaceAll('&amp;', '&'));
  }
  return tags;
}

describe('share links', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the scores only: no name, email, company, role, figures or permalink in the page, its meta tags or its image’s headers', async () => {
    const { permalink, shareUrl } = await sharedReport(url('/'), { locale: 'pt', contact: PERSON });
    const permalinkToken = permalink.split('/').at(-1)!;
    const page = await fetch(shareUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    const image = await fetch(new URL('og.png', shareUrl));
    const headers = [...page.headers, ...image.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
    for (const trace of [PERSON.name, PERSON.email, PERSON.company, PERSON.role, 'Zenobia', 'quetzal', permalinkToken]) {
      expect(html.toLowerCase(), trace).not.toContain(trace.toLowerCase());
      expect(headers.toLowerCase(), trace).not.toContain(trace.toLowerCase());
    }
    // The company's figures: the metrics' names (their table is not there at all) and the numbers typed.
    for (const metric of ['monthlyChurnRate', 'grr', 'nrr'] as const) expect(html).not.toContain(q.ui.metric[metric].pt);
    expect(html).not.toContain('100.000');
    // The scores are there, in the report's language.
    expect(html).toContain(q.ui.share.overall.pt);
    expect(html).toContain(q.ui.share['page-title'].pt);
  });

  it('previews well where pasted: Open Graph and Twitter tags with absolute addresses and a 1200×630 PNG', async () => {
    const { shareUrl } = await sharedReport(url('/'), { contact: PERSON });
    const page = await fetch(shareUrl);
    const meta = metaTags(await page.text());
    expect(meta.get('og:url')).toBe(shareUrl);
    expect(meta.get('og:title')).toBe(q.ui.share['page-title'].es);
    expect(meta.get('og:description')).toMatch(/\d+ de 100/);
    expect(meta.get('og:image')).toBe(`${shareUrl}og.png`);
    expect(meta.get('og:image:width')).toBe('1200');
    expect(meta.get('og:image:height')).toBe('630');
    expect(meta.get('og:image:alt')).toBeTruthy();
    expect(meta.get('twitter:card')).toBe('summary_large_image');
    expect(meta.get('twitter:image')).toBe(meta.get('og:image'));
    expect(meta.get('robots')).toBe('noindex');
    expect(page.headers.get('x-robots-tag')).toBe('noindex');
    expect(page.headers.get('cache-control')).toMatch(/^public, max-age=60, s-maxage=60$/);
    // Nobody may frame it: it is not an embeddable page.
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    const image = await fetch(meta.get('og:image')!);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('cache-control')).toBe('public, max-age=86400, s-maxage=600');
    const png = new Uint8Array(await image.arrayBuffer());
    expect(pngDimensions(png)).toEqual({ width: 1200, height: 630 });
    expect(png.byteLength).toBeLessThan(300_000);
    expect(Number(image.headers.get('content-length'))).toBe(png.byteLength);
  });

  it('stops answering, page and image, once sharing stops; a new link is a new address', async () => {
    const { permalink, shareUrl } = await sharedReport(url('/'));
    const stopped = await postAction(permalink, 'unshare');
    expect(stopped.status).toBe(200);
    expect(await stopped.text()).toContain('data-testid="share-revoked"');
    const page = await fetch(shareUrl);
    expect(page.status).toBe(404);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect((await fetch(new URL('og.png', shareUrl))).status).toBe(404);
    const again = await (await postAction(permalink, 'share')).text();
    const renewed = /data-testid="share-url"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*data-testid="share-url"/.exec(again);
    const next = renewed?.[1] ?? renewed?.[2];
    expect(next).toMatch(/\/es\/s\/[A-Za-z0-9_-]{32}\/$/);
    expect(next).not.toBe(shareUrl);
    expect((await fetch(next!)).status).toBe(200);
    expect((await fetch(shareUrl)).status).toBe(404);
  });

  it('404s an unknown or malformed share address', async () => {
    for (const path of ['/es/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/', '/es/s/not-a-token/', '/xx/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/', '/es/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/og.png']) {
      expect((await fetch(url(path))).status, path).toBe(404);
    }
  });

  it('works on the permalink page without JavaScript, and adds a copy button with it', async () => {
    const stored = await fetch(url('/api/submissions'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify((await import('../helpers/submission.ts')).validPayload(q, { locale: 'en' })),
    });
    const permalink = url(((await stored.json()) as { resultUrl: string }).resultUrl);
    const plain = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await plain.newPage();
      await page.goto(permalink);
      await page.click(`[data-testid=share-form] button`);
      const link = await page.inputValue('[data-testid=share-url]');
      expect(link).toMatch(/\/en\/s\/[A-Za-z0-9_-]{32}\/$/);
      expect(await page.isVisible('#share [data-copy]'), 'no copy button without JavaScript').toBe(false);
      await page.click(`[data-testid=unshare-form] button`);
      expect(await page.textContent('[data-testid=share-revoked]')).toBe(q.ui.share.revoked.en);
      expect((await fetch(link)).status).toBe(404);
    } finally {
      await plain.close();
    }
    const scripted = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    try {
      const page = await scripted.newPage();
      await page.goto(permalink);
      await page.click(`[data-testid=share-form] button`);
      await page.click('#share [data-copy]');
      await page.waitForSelector(`#share .share-copied:text("${q.ui.share.copied.en}")`);
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await page.inputValue('[data-testid=share-url]'));
    } finally {
      await scripted.close();
    }
  });
});
