import { beforeAll, describe, expect, it } from 'vitest';
import { LOAD, runLoadScenario, type LoadScenario } from '../bench/load.ts';

// A fresh database on TEST_DATABASE_URL's server (.ci/run sets it); embedded PGlite when it is unset.
const postgresServer = process.env.TEST_DATABASE_URL;

describe(`${LOAD.amount} submissions, ${LOAD.connections} at a time, against the production build (${postgresServer ? 'Postgres' : 'PGlite'})`, () => {
  let scenario: LoadScenario;

  beforeAll(async () => {
    scenario = await runLoadScenario(postgresServer, LOAD);
  }, 240_000);

  it('answers every submission with 201: no connection errors, timeouts or 5xx', () => {
    const { result } = scenario;
    expect(result.errors, 'connection errors').toBe(0);
    expect(result.timeouts, 'timeouts').toBe(0);
    expect(result.statuses).toEqual({ 201: LOAD.amount });
  });

  it('stores exactly one submission per 201, each returned id once, with its two emails in the outbox', () => {
    const { result, stored } = scenario;
    expect(new Set(result.createdIds).size, 'distinct ids returned').toBe(result.createdIds.length);
    expect(stored.submissionIds.length, 'rows stored').toBe(result.createdIds.length);
    expect(new Set(stored.submissionIds)).toEqual(new Set(result.createdIds));
    // The report to the visitor and the notice to the consultants (CONSULTANT_EMAILS is set).
    expect(new Set(stored.outboxBySubmission.values())).toEqual(new Set([2]));
    expect(stored.outboxBySubmission.size).toBe(result.createdIds.length);
    expect(stored.orphanOutbox).toBe(0);
  });

  it('renders and delivers every email after the answers, each once', () => {
    const { result, delivery } = scenario;
    expect(delivery.delivered, 'distinct emails the provider received').toBe(result.createdIds.length * 2);
    expect(delivery.requests, 'requests to the provider: none repeated').toBe(delivery.delivered);
    expect(delivery.unsent).toBe(0);
  });
});
