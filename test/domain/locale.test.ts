import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, isLocale, LOCALES, localize } from '../../src/domain/locale.ts';

const hello = { es: 'Hola', pt: 'Olá', en: 'Hi' };

describe('localize', () => {
  it('replaces each {es, pt, en} text by the string of the locale', () => {
    expect(localize(hello, 'es')).toBe('Hola');
    expect(localize(hello, 'pt')).toBe('Olá');
    expect(localize({ title: hello }, 'en')).toEqual({ title: 'Hi' });
  });

  it('walks nested groups and lists', () => {
    const tree = { steps: [{ label: hello, score: 4 }, { label: { es: 'Adiós', pt: 'Tchau', en: 'Bye' }, score: 0 }], meta: { name: hello } };
    expect(localize(tree, 'pt')).toEqual({ steps: [{ label: 'Olá', score: 4 }, { label: 'Tchau', score: 0 }], meta: { name: 'Olá' } });
  });

  it('copies numbers, booleans, strings, null and undefined as they are', () => {
    expect(localize({ weight: 1.5, notApplicable: false, id: 'tooling', help: undefined, year: null }, 'en')).toEqual({
      weight: 1.5,
      notApplicable: false,
      id: 'tooling',
      help: undefined,
      year: null,
    });
    expect(localize(null, 'es')).toBeNull();
    expect(localize(undefined, 'es')).toBeUndefined();
    expect(localize('abc', 'es')).toBe('abc');
    expect(localize(7, 'es')).toBe(7);
  });

  it('keeps a group with a key besides es, pt and en as a group', () => {
    const group = { es: 'Hola', pt: 'Olá', en: 'Hi', note: 'x' };
    expect(localize(group, 'en')).toEqual(group);
  });

  it('keeps a group of three keys that are not all locales as a group', () => {
    const group = { es: 'Hola', pt: 'Olá', de: 'Hallo' };
    expect(localize(group, 'es')).toEqual(group);
  });

  it('keeps a group whose locale keys are not all strings as a group', () => {
    const group = { es: 'Hola', pt: 1, en: 2 };
    expect(localize(group, 'es')).toEqual(group);
  });

  it('keeps a list of three strings as a list', () => {
    expect(localize(['Hola', 'Olá', 'Hi'], 'pt')).toEqual(['Hola', 'Olá', 'Hi']);
  });
});

describe('isLocale', () => {
  it('accepts the three site languages', () => {
    for (const locale of ['es', 'pt', 'en']) expect(isLocale(locale)).toBe(true);
  });

  it('rejects other languages, other spellings and non-strings', () => {
    for (const value of ['fr', 'ES', 'pt-BR', '', undefined, null, 0, ['es'], { es: 'es' }]) expect(isLocale(value)).toBe(false);
  });
});

describe('LOCALES', () => {
  it('lists Spanish first, as the default served at the root', () => {
    expect(LOCALES[0]).toBe(DEFAULT_LOCALE);
    expect(DEFAULT_LOCALE).toBe('es');
  });
});
