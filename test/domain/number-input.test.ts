import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readNumberInput, type NumberKind } from '../../src/domain/number-input.ts';

const ok = (value: number) => ({ status: 'ok', value });
const read = (raw: string, kind: NumberKind) => readNumberInput(raw, kind);

describe('readNumberInput worked examples', () => {
  it('reads 1,500 / 1.500 / 1 500 customers as 1500, whoever types them', () => {
    for (const raw of ['1,500', '1.500', '1 500', '1\u00a0500', '1\u202f500', '1500']) expect(read(raw, 'count'), raw).toEqual(ok(1500));
  });

  it('reads 90.000 (Spain, Brazil), 90,000 (Mexico, US) and 90 000 as ninety thousand in money fields', () => {
    for (const raw of ['90.000', '90,000', '90 000', '90000']) expect(read(raw, 'amount'), raw).toEqual(ok(90_000));
  });

  it('reads the decimal mark after a grouping mark of the other kind: 1.234,56 (es, pt) and 1,234.56 (en, es-MX)', () => {
    expect(read('1.234,56', 'amount')).toEqual(ok(1234.56));
    expect(read('1,234.56', 'amount')).toEqual(ok(1234.56));
    expect(read('1 234,56', 'amount')).toEqual(ok(1234.56));
    expect(read('1.234.567,8', 'amount')).toEqual(ok(1_234_567.8));
    expect(read('1,234,567', 'amount')).toEqual(ok(1_234_567));
  });

  it('reads one separator followed by one or two digits as a decimal in money: 1,5 and 1.5 are 1.5', () => {
    expect(read('1,5', 'amount')).toEqual(ok(1.5));
    expect(read('1.5', 'amount')).toEqual(ok(1.5));
    expect(read('99,90', 'amount')).toEqual(ok(99.9));
  });

  it('reads decimals in percentages either way: 75,5 (Spain) and 75.5 (Mexico) are both 75.5', () => {
    expect(read('75,5', 'percent')).toEqual(ok(75.5));
    expect(read('75.5', 'percent')).toEqual(ok(75.5));
    expect(read('1,5', 'percent')).toEqual(ok(1.5));
    expect(read('1.5 %', 'percent')).toEqual(ok(1.5));
  });

  it('asks which was meant when a percentage has one separator and three digits after it', () => {
    expect(read('1.234', 'percent')).toEqual({ status: 'ambiguous', candidates: [1.234, 1234] });
    expect(read('12,500', 'percent')).toEqual({ status: 'ambiguous', candidates: [12.5, 12_500] });
  });

  it('takes a leading zero before one separator as a decimal, never as thousands', () => {
    expect(read('0,500', 'amount')).toEqual(ok(0.5));
    expect(read('0.125', 'percent')).toEqual(ok(0.125));
    expect(read(',5', 'percent')).toEqual(ok(0.5));
  });

  it('ignores a currency sign in money and a % in percentages', () => {
    expect(read('$ 90,000', 'amount')).toEqual(ok(90_000));
    expect(read('90.000 €', 'amount')).toEqual(ok(90_000));
    expect(read('R$ 1.234,56', 'amount')).toEqual(ok(1234.56));
    expect(read('80%', 'percent')).toEqual(ok(80));
  });

  it('says a count with decimals is not whole instead of rounding or dropping it', () => {
    expect(read('1,5', 'count')).toEqual({ status: 'invalid', reason: 'not-whole' });
    expect(read('1.5', 'count')).toEqual({ status: 'invalid', reason: 'not-whole' });
    expect(read('1.234,5', 'count')).toEqual({ status: 'invalid', reason: 'not-whole' });
    expect(read('1.234,00', 'count')).toEqual(ok(1234));
  });

  it('says why it cannot read a number, never that it is missing', () => {
    expect(read('abc', 'amount')).toEqual({ status: 'invalid', reason: 'not-a-number' });
    expect(read('12k', 'amount')).toEqual({ status: 'invalid', reason: 'not-a-number' });
    expect(read('1..5', 'amount')).toEqual({ status: 'invalid', reason: 'not-a-number' });
    expect(read('1,2.5', 'amount'), 'a grouping mark before one or two digits').toEqual({ status: 'invalid', reason: 'not-a-number' });
    expect(read('90 00', 'count'), 'spaces only group thousands').toEqual({ status: 'invalid', reason: 'not-a-number' });
    expect(read('1.234.5', 'amount'), 'the same mark grouping and decimal').toEqual({ status: 'invalid', reason: 'not-a-number' });
    expect(read('1,234,56', 'amount')).toEqual({ status: 'invalid', reason: 'not-a-number' });
    expect(read('.', 'amount')).toEqual({ status: 'invalid', reason: 'not-a-number' });
    expect(read('-5', 'amount')).toEqual({ status: 'invalid', reason: 'negative' });
    expect(read('−1.500', 'count')).toEqual({ status: 'invalid', reason: 'negative' });
    expect(read('9'.repeat(17), 'amount')).toEqual({ status: 'invalid', reason: 'too-large' });
  });

  it('reads blank as empty', () => {
    expect(read('', 'count')).toEqual({ status: 'empty' });
    expect(read('   ', 'amount')).toEqual({ status: 'empty' });
  });
});

describe('readNumberInput properties', () => {
  const kinds = fc.constantFrom<NumberKind>('count', 'amount', 'percent');
  const groupWith = (n: number, mark: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, mark);

  it('reads any whole number grouped by dots, commas or spaces as itself in counts and amounts', () => {
    fc.assert(
      fc.property(fc.nat(1e12), fc.constantFrom('.', ',', ' ', ''), fc.constantFrom<NumberKind>('count', 'amount'), (n, mark, kind) => {
        expect(readNumberInput(groupWith(n, mark), kind)).toEqual(ok(n));
      }),
    );
  });

  it('reads every number formatted by Intl in es-ES, es-MX, pt-BR and en-US back to itself (money, two decimals)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.constantFrom('es-ES', 'es-MX', 'pt-BR', 'en-US'), (cents, tag) => {
        const value = cents / 100;
        const text = new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
        expect(readNumberInput(text, 'amount'), text).toEqual(ok(value));
      }),
    );
  });

  it('never throws and never returns a non-finite or negative value', () => {
    fc.assert(
      fc.property(fc.string(), kinds, (raw, kind) => {
        const r = readNumberInput(raw, kind);
        const values = r.status === 'ok' ? [r.value] : r.status === 'ambiguous' ? r.candidates : [];
        for (const v of values) expect(Number.isFinite(v) && v >= 0).toBe(true);
      }),
    );
  });
});

describe('readNumberInput edge cases', () => {
  const invalid = (reason: string) => ({ status: 'invalid', reason });

  it('ignores a currency sign only at either end of a money amount, with or without a space', () => {
    expect(read('$90', 'amount')).toEqual(ok(90));
    expect(read('€90', 'amount')).toEqual(ok(90));
    expect(read('90€', 'amount')).toEqual(ok(90));
    expect(read('90 R$', 'amount')).toEqual(ok(90));
    expect(read('1€000', 'amount')).toEqual(invalid('not-a-number'));
  });

  it('reads amounts written the way the pages write them, with a currency code or US$', () => {
    for (const raw of ['15.000 US$', '15.000 MXN', 'US$ 15.000', 'EUR 15.000', '15.000 COP', 'R$ 15.000']) {
      expect(readNumberInput(raw, 'amount'), raw).toEqual({ status: 'ok', value: 15000 });
    }
    expect(readNumberInput('15.000 MXN', 'count')).toEqual({ status: 'invalid', reason: 'not-a-number' });
  });

  it('takes a currency sign in a count, or a % anywhere but the end of a percentage, as not a number', () => {
    expect(read('$90', 'count')).toEqual(invalid('not-a-number'));
    expect(read('90%', 'amount')).toEqual(invalid('not-a-number'));
    expect(read('%50', 'percent')).toEqual(invalid('not-a-number'));
  });

  it('refuses a minus sign, with or without a space after it, except before zero', () => {
    expect(read('-5', 'amount')).toEqual(invalid('negative'));
    expect(read('− 5', 'amount')).toEqual(invalid('negative'));
    expect(read('-1.234', 'percent')).toEqual(invalid('negative'));
    expect(read('-0', 'count')).toEqual(ok(0));
    expect(read('5-', 'count')).toEqual(invalid('not-a-number'));
  });

  it('takes figures up to a quadrillion and no more', () => {
    expect(read('1.000.000.000.000.000', 'amount')).toEqual(ok(1e15));
    expect(read('1.000.000.000.000.001', 'amount')).toEqual(invalid('too-large'));
  });

  it('groups thousands with apostrophes (Switzerland) only in groups of three', () => {
    expect(read("1'000", 'count')).toEqual(ok(1000));
    expect(read("1'5", 'count')).toEqual(invalid('not-a-number'));
  });

  it('refuses groups that are not of three digits, or a first group of more than three', () => {
    expect(read('1 00', 'count')).toEqual(invalid('not-a-number'));
    expect(read('1000 000', 'count')).toEqual(invalid('not-a-number'));
    expect(read('1.00.000', 'amount')).toEqual(invalid('not-a-number'));
  });

  it('reads one separator after more than three digits, or with nothing before it, as the decimal mark', () => {
    expect(read('1234,567', 'amount')).toEqual(ok(1234.567));
    expect(read('.500', 'amount')).toEqual(ok(0.5));
    expect(read('2,5', 'amount')).toEqual(ok(2.5));
  });

  it('refuses mixed separators that do not end in one decimal mark', () => {
    expect(read('1.234 567', 'amount'), 'a space last').toEqual(invalid('not-a-number'));
    expect(read('1.234,567,89', 'amount'), 'the decimal mark twice').toEqual(invalid('not-a-number'));
    expect(read('1.234 567,5', 'amount'), 'two kinds of grouping').toEqual(invalid('not-a-number'));
    expect(read('1 234.5', 'amount'), 'spaces group, the dot marks decimals').toEqual(ok(1234.5));
  });
});
