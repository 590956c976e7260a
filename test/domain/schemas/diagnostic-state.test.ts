import { describe, expect, it } from 'vitest';
import { DiagnosticStateSchema, readDiagnosticState } from '../../../src/domain/schemas/diagnostic-state.ts';
import { DIAGNOSTIC_COOKIE, encodeDiagnosticState, type DiagnosticState } from '../../../src/domain/diagnostic-form.ts';

const EMPTY = { answers: {}, segment: {} };
const valid: DiagnosticState = {
  answers: { 'alignment-shared-definitions': 'verbal', 'alignment-metrics-tracked': ['churn', 'cac'], 'tooling-admin-owner': 'dont-know' },
  segment: { businessModel: 'saas' },
  draft: { period: 'month', currency: 'USD', values: { customersAtStart: '200', mrrAtStart: '1.500' }, chosen: { mrrAtStart: { raw: '1.500', value: 1500 } } },
  include: false,
  startToken: 'v1.1741608000000.AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB',
  startedAt: '2025-03-10T12:00:00.000Z',
};
/** A `Cookie` header holding `value` (JSON-encoded then URI-encoded, as the server writes it) as the diagnostic's cookie. */
const cookieWith = (value: unknown) => `${DIAGNOSTIC_COOKIE}=${encodeURIComponent(JSON.stringify(value))}`;

describe('readDiagnosticState', () => {
  it('reads a valid state among other cookies', () => {
    expect(readDiagnosticState(`theme=dark; ${cookieWith(valid)}; session=abc`)).toEqual(valid);
    expect(readDiagnosticState(`theme=dark;${cookieWith(valid)}`)).toEqual(valid);
  });

  it('reads the state encodeDiagnosticState writes', () => {
    expect(readDiagnosticState(`${DIAGNOSTIC_COOKIE}=${encodeDiagnosticState(valid)}`)).toEqual(valid);
  });

  it('gives a state saved without a segment an empty one', () => {
    expect(readDiagnosticState(cookieWith({ answers: { a: 'b' } }))).toEqual({ answers: { a: 'b' }, segment: {} });
  });

  it('starts empty without a Cookie header, or with an empty one', () => {
    expect(readDiagnosticState(null)).toEqual(EMPTY);
    expect(readDiagnosticState('')).toEqual(EMPTY);
  });

  it('starts empty when only other cookies are sent, even one whose name ends or begins like ours', () => {
    expect(readDiagnosticState('theme=dark; session=abc')).toEqual(EMPTY);
    expect(readDiagnosticState(`x${cookieWith(valid)}`)).toEqual(EMPTY);
    expect(readDiagnosticState(`${DIAGNOSTIC_COOKIE}-old=${encodeURIComponent(JSON.stringify(valid))}`)).toEqual(EMPTY);
  });

  it('starts empty when the cookie is empty, not JSON, or not valid URI encoding', () => {
    expect(readDiagnosticState(`${DIAGNOSTIC_COOKIE}=`)).toEqual(EMPTY);
    expect(readDiagnosticState(`${DIAGNOSTIC_COOKIE}=not-json`)).toEqual(EMPTY);
    expect(readDiagnosticState(`${DIAGNOSTIC_COOKIE}=%7B%22answers%22`)).toEqual(EMPTY);
    expect(readDiagnosticState(`${DIAGNOSTIC_COOKIE}=%E0%A4%A`)).toEqual(EMPTY);
    expect(readDiagnosticState(cookieWith(null))).toEqual(EMPTY);
    expect(readDiagnosticState(cookieWith([1, 2]))).toEqual(EMPTY);
  });

  it('starts empty when the answers are not an object of option ids or lists of them', () => {
    expect(readDiagnosticState(cookieWith({ ...valid, answers: 'yes' }))).toEqual(EMPTY);
    expect(readDiagnosticState(cookieWith({ ...valid, answers: { a: 5 } }))).toEqual(EMPTY);
    expect(readDiagnosticState(cookieWith({ ...valid, answers: { a: [1, 2] } }))).toEqual(EMPTY);
    expect(readDiagnosticState(cookieWith({ segment: {} }))).toEqual(EMPTY);
  });

  it('starts empty when a string is longer than a state ever holds', () => {
    expect(readDiagnosticState(cookieWith({ ...valid, answers: { a: 'x'.repeat(101) } }))).toEqual(EMPTY);
    expect(readDiagnosticState(cookieWith({ ...valid, startToken: 'x'.repeat(201) }))).toEqual(EMPTY);
    expect(readDiagnosticState(cookieWith({ ...valid, draft: { period: 'month', values: { arpa: '9'.repeat(41) } } }))).toEqual(EMPTY);
  });

  it('takes strings exactly at their limits', () => {
    const state = { ...valid, answers: { a: 'x'.repeat(100) }, startToken: 'x'.repeat(200), draft: { period: 'month' as const, values: { arpa: '9'.repeat(40) } } };
    expect(readDiagnosticState(cookieWith(state))).toEqual(state);
  });

  it('starts empty on a draft with an unknown field, period or currency, or on a start date that is not ISO 8601', () => {
    expect(readDiagnosticState(cookieWith({ ...valid, draft: { period: 'month', values: { made: '1' } } }))).toEqual(EMPTY);
    expect(readDiagnosticState(cookieWith({ ...valid, draft: { period: 'week', values: {} } }))).toEqual(EMPTY);
    expect(readDiagnosticState(cookieWith({ ...valid, draft: { period: 'month', currency: 'GBP', values: {} } }))).toEqual(EMPTY);
    expect(readDiagnosticState(cookieWith({ ...valid, startedAt: 'yesterday' }))).toEqual(EMPTY);
    expect(readDiagnosticState(cookieWith({ ...valid, include: 'yes' }))).toEqual(EMPTY);
  });

  it('keeps the schema in step with the state type: a full state parses to itself', () => {
    expect(DiagnosticStateSchema.parse(valid)).toEqual(valid);
  });
});
