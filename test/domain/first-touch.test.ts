import { describe, expect, it } from 'vitest';
import { firstTouch } from '../../src/domain/first-touch.ts';

const now = new Date('2026-11-20T10:00:00.000Z');

describe('firstTouch', () => {
  it('keeps the UTM parameters of the landing address, the landing path without its query, and when', () => {
    expect(firstTouch('https://site.example/es/?utm_source=linkedin&utm_medium=social&utm_campaign=q1&utm_term=revops&utm_content=video&x=1', '', now)).toEqual({
      source: 'linkedin', medium: 'social', campaign: 'q1', term: 'revops', content: 'video', landingPath: '/es/', at: '2026-11-20T10:00:00.000Z',
    });
  });

  it("keeps another site's referrer, never the site's own pages", () => {
    expect(firstTouch('https://site.example/pt/', 'https://www.google.com/', now).referrer).toBe('https://www.google.com/');
    expect(firstTouch('https://site.example/pt/', 'https://site.example/es/', now)).not.toHaveProperty('referrer');
    expect(firstTouch('https://site.example/pt/', 'not a url', now)).not.toHaveProperty('referrer');
  });

  it('leaves out empty parameters and cuts long values to what the server accepts', () => {
    const touch = firstTouch(`https://site.example/?utm_source=%20%20&utm_campaign=${'c'.repeat(250)}`, `https://other.example/${'p'.repeat(600)}`, now);
    expect(touch).not.toHaveProperty('source');
    expect(touch.campaign).toHaveLength(200);
    expect(touch.referrer).toHaveLength(500);
  });
});
