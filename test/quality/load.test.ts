import { beforeAll, describe, expect, it } from 'vitest';
import { LOAD, runLoadScenario, type LoadScenario } from '../bench/load.ts';

// A fresh database on TEST_DATABASE_URL's server (.ci/run sets it); embedded PGlite when it is unset.
const postgresServer = process.env.TEST_DATABASE_URL;

describe(`${LOAD.amount} submissions, ${LOAD.connections} at a time, against the production build (${postgresServer ? 'Postgres' : 'PGlite'})`, () => {
  let scenario: LoadScenario;

  beforeAll(async () => {
    scenario = await runLoadScenario(postgresServer, LOAD);
  }, 420_000);

  it("answers every submission with 201, the warm-up's too: no connection errors, timeouts or 5xx", () => {
    const { result, warmup } = scenario;
    expect(result.errors, 'connection errors').toBe(0);
    expect(result.timeouts, 'timeouts').toBe(0);
    expect(result.statuses).toEqual({ 201: LOAD.amount });
    expect(warmup?.statuses).toEqual({ 201: LOAD.warmup });
  });

  it('refuses every body of the floor run with 400, storing nothing more', () => {
    const { floor, stored, result, warmup } = scenario;
    expect(floor.errors + floor.timeouts).toBe(0);
    expect(floor.statuses).toEqual({ 400: LOAD.amount });
    expect(stored.submissionIds.length).toBe(result.createdIds.length + warmup!.createdIds.length);
  });

  it('stores exactly one submission per 201, each returned id once, with its two emails in the outbox', () => {
    const created = [...scenario.warmup!.createdIds, ...scenario.result.createdIds];
    const { stored } = scenario;
    expect(new Set(created).size, 'distinct ids returned').toBe(created.length);
    expect(stored.submissionIds.length, 'rows stored').toBe(created.length);
    expect(new Set(stored.submissionIds)).toEqual(new Set(created));
    // The report to the visitor and the notice to the consultants (CONSULTANT_EMAILS is set).
    expect(new Set(stored.outboxBySubmission.values())).toEqual(new Set([2]));
    expect(stored.outboxBySubmission.size).toBe(created.length);
    expect(stored.orphanOutbox).toBe(0);
  });

  it('renders and delivers every email after the answers, each once', () => {
    const { result, warmup, delivery } = scenario;
    expect(delivery.delivered, 'distinct emails the provider received').toBe((warmup!.createdIds.length + result.createdIds.length) * 2);
    expect(delivery.requests, 'requests to the provider: none repeated').toBe(delivery.delivered);
    expect(delivery.unsent).toBe(0);
  });
});
