import { describe, expect, it } from 'vitest';
import { allPages, pagePath } from '../../src/domain/routes.ts';

describe('pagePath', () => {
  it('serves Spanish at the root', () => {
    expect(pagePath('home', 'es')).toBe('/');
    expect(pagePath('diagnostic', 'es')).toBe('/diagnostico/');
    expect(pagePath('results', 'es')).toBe('/resultados/');
  });

  it('serves Portuguese under /pt/ with Portuguese slugs', () => {
    expect(pagePath('home', 'pt')).toBe('/pt/');
    expect(pagePath('diagnostic', 'pt')).toBe('/pt/diagnostico/');
    expect(pagePath('results', 'pt')).toBe('/pt/resultados/');
  });

  it('serves English under /en/ with English slugs', () => {
    expect(pagePath('home', 'en')).toBe('/en/');
    expect(pagePath('diagnostic', 'en')).toBe('/en/diagnostic/');
    expect(pagePath('results', 'en')).toBe('/en/results/');
  });
});

describe('allPages', () => {
  it('lists every page in every locale once, with its path', () => {
    expect(allPages()).toEqual([
      { page: 'home', locale: 'es', path: '/' },
      { page: 'home', locale: 'pt', path: '/pt/' },
      { page: 'home', locale: 'en', path: '/en/' },
      { page: 'diagnostic', locale: 'es', path: '/diagnostico/' },
      { page: 'diagnostic', locale: 'pt', path: '/pt/diagnostico/' },
      { page: 'diagnostic', locale: 'en', path: '/en/diagnostic/' },
      { page: 'results', locale: 'es', path: '/resultados/' },
      { page: 'results', locale: 'pt', path: '/pt/resultados/' },
      { page: 'results', locale: 'en', path: '/en/results/' },
    ]);
  });
});
