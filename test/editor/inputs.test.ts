import { describe, expect, it } from 'vitest';
import { booleanField, choiceField, literalField, numberField, unionField, variantIndex } from '../../src/editor/inputs.tsx';
import { readShape, type Shape } from '../../src/editor/zod-walk.ts';
import { ConditionSchema } from '../../src/domain/schemas/rule.ts';
import { ComparisonSchema } from '../../src/domain/schemas/benchmark.ts';
import { fieldLabel } from '../../src/editor/labels.ts';

// The editor's own fields: what they read from a file, what they write back, what they refuse.
type Field<T> = { parse(v: unknown): T; serialize(v: T): { value: unknown }; validate(v: T): T; defaultValue(): T };
const roundTrip = <T,>(field: Field<T>, stored: unknown) => field.serialize(field.validate(field.parse(stored))).value;

describe('numberField', () => {
  const required = numberField('Median', undefined, false) as unknown as Field<string>;
  const optional = numberField('Below', undefined, true) as unknown as Field<string>;

  it('writes back the number it read, however many decimals (no rounding for display)', () => {
    for (const n of [0.0515, 12, -3, 1e-7, 123456.789]) expect(roundTrip(required, n)).toBe(n);
  });

  it('reads what is typed as a number, and leaves an empty optional one out', () => {
    expect(required.serialize(required.validate(' 0.25 ')).value).toBe(0.25);
    expect(optional.serialize(optional.validate('')).value).toBeUndefined();
    expect(roundTrip(optional, undefined)).toBeUndefined();
  });

  it('refuses text that is not a number, and an empty required one, naming the field', () => {
    expect(() => required.validate('12,5')).toThrow('Median must be a number');
    expect(() => required.validate('abc')).toThrow('Median must be a number');
    expect(() => required.validate('')).toThrow('Median must be a number');
    expect(() => required.parse('0.5')).toThrow('Must be a number');
  });
});

describe('booleanField', () => {
  it('leaves out a value equal to its default, as authors write it, and writes the other', () => {
    const dontKnow = booleanField('Dont know', undefined, true) as unknown as Field<boolean>;
    expect(dontKnow.parse(undefined)).toBe(true);
    expect(roundTrip(dontKnow, undefined)).toBeUndefined();
    expect(roundTrip(dontKnow, true)).toBeUndefined();
    expect(roundTrip(dontKnow, false)).toBe(false);
    expect(() => dontKnow.parse('yes')).toThrow('Must be yes or no');
  });
});

describe('choiceField', () => {
  it('may be left empty when optional: nothing is written', () => {
    const nextStep = choiceField('Next step', undefined, ['call', 'masterclass'], true) as unknown as Field<string>;
    expect(nextStep.parse(undefined)).toBe('');
    expect(roundTrip(nextStep, undefined)).toBeUndefined();
    expect(roundTrip(nextStep, 'masterclass')).toBe('masterclass');
    expect(() => nextStep.parse('phone')).toThrow('Must be one of call, masterclass');
  });
});

describe('literalField', () => {
  it('always writes its value, whatever the file held', () => {
    const kind = literalField('Kind', 'median') as unknown as Field<unknown>;
    expect(roundTrip(kind, undefined)).toBe('median');
  });
});

describe('unionField', () => {
  const conditions = readShape(ConditionSchema, 'when');
  const variants = (conditions as Extract<Shape, { kind: 'union' }>).variants;
  const field = unionField('When', undefined, variants) as unknown as Field<Record<string, unknown>> & { variants: Shape[] };

  it('writes a condition back as the plain group of fields it is', () => {
    for (const stored of [{ dimension: 'tooling', atLeast: 60 }, { question: 'q', answer: ['a', 'b'], absent: true }, { dontKnowShareAtLeast: 0.25 }, { businessModel: ['saas'] }]) {
      expect(roundTrip(field, stored)).toEqual(stored);
    }
    expect(() => field.parse(['x'])).toThrow('Must be a group of fields');
  });

  it('shows each condition as the variant it is', () => {
    const shown = (value: Record<string, unknown>) => {
      const index = variantIndex(variants.map((v) => ({ label: '', fields: Object.entries((v as Extract<Shape, { kind: 'object' }>).fields).map(([k, f]) => [k, f.shape, f.optional] as [string, Shape, boolean]) })), value);
      return Object.keys((variants[index] as Extract<Shape, { kind: 'object' }>).fields);
    };
    expect(shown({ dimension: 'tooling', below: 40 })).toEqual(['dimension', 'below', 'atLeast']);
    expect(shown({ metric: 'cac', verdict: ['worse-than-median'] })).toEqual(['metric', 'verdict']);
    expect(shown({ metric: 'cac', tone: ['bad'] })).toEqual(['metric', 'tone']);
    expect(shown({ metric: 'cac', atLeast: 3 })).toEqual(['metric', 'below', 'atLeast']);
    expect(shown({ dealSize: ['acv-under-12k'] })).toEqual(['dealSize']);
    expect(shown({ businessModel: ['saas'], dealSize: ['acv-under-12k'] })).toEqual(['businessModel', 'dealSize']);
  });

  it('starts a new benchmark comparison with its kind filled in', () => {
    const comparison = unionField('Compare', undefined, (readShape(ComparisonSchema, 'compare') as Extract<Shape, { kind: 'union' }>).variants) as unknown as Field<Record<string, unknown>>;
    expect(comparison.defaultValue()).toEqual({ kind: 'median' });
  });
});

describe('fieldLabel', () => {
  it('turns a key into words, and a language code into its name', () => {
    expect(fieldLabel('dontKnowShareAtLeast')).toBe('Dont know share at least');
    expect(fieldLabel('not-assessed')).toBe('Not assessed');
    expect(fieldLabel('pt')).toBe('Português (pt)');
  });
});
