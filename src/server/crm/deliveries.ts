import { and, asc, count, eq, inArray, isNull, lt, lte, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { CrmEvent } from '../../domain/schemas/crm-event.ts';
import { hasConsent, type Consents } from '../../domain/schemas/consent.ts';
import type { Questionnaire } from '../../domain/schemas/questionnaire.ts';
import type { Db } from '../db/client.ts';
import { crmDeliveries } from '../db/schema.ts';
import type { Env } from '../env.ts';
import { backoffMs } from '../outbox/index.ts';
import { after } from '../lib/after.ts';
import { deliverToHubspot, type HubspotConfig } from './hubspot.ts';
import { deliverToWebhook, type WebhookConfig } from './webhook.ts';

export type CrmTarget = (typeof crmDeliveries.$inferInsert)['target'];
export type CrmDeliveryRow = typeof crmDeliveries.$inferSelect;
export type CrmDeliveryInsert = typeof crmDeliveries.$inferInsert;

/** The variables that configure the CRM write-back. */
export type CrmEnv = Pick<Env, 'HUBSPOT_TOKEN' | 'HUBSPOT_BASE_URL' | 'WEBHOOK_URL' | 'WEBHOOK_SECRET'>;

/** Where events go; a target left `null` is not configured and its rows wait. */
export interface CrmConfig {
  hubspot: HubspotConfig | null;
  webhook: WebhookConfig | null;
}

/** How long one worker may hold a row while delivering it: more than a HubSpot delivery's few requests with their timeouts. */
const CLAIM_MS = 5 * 60_000;
/** Rows claimed at a time. */
const BATCH_SIZE = 50;
/**
 * Attempts before a row is given up (`failedAt`): with `backoffMs` (5 s doubling, at most 6 h)
 * the last one comes about two days after the first, long enough to outlast an outage or a
 * missing property until `npm run hubspot:setup` is run.
 */
export const MAX_CRM_ATTEMPTS = 20;

/** The targets the environment configures: `hubspot` with HUBSPOT_TOKEN, `webhook` with WEBHOOK_URL (and its secret). */
export function crmTargets(env: CrmEnv): CrmTarget[] {
  const targets: CrmTarget[] = [];
  if (env.HUBSPOT_TOKEN) targets.push('hubspot');
  if (env.WEBHOOK_URL && env.WEBHOOK_SECRET) targets.push('webhook');
  return targets;
}

/** The delivery configuration from the environment; `questionnaire` gives HubSpot's property options. */
export function crmConfig(env: CrmEnv, questionnaire: Questionnaire): CrmConfig {
  return {
    hubspot: env.HUBSPOT_TOKEN ? { token: env.HUBSPOT_TOKEN, questionnaire, ...(env.HUBSPOT_BASE_URL ? { baseUrl: env.HUBSPOT_BASE_URL } : {}) } : null,
    webhook: env.WEBHOOK_URL && env.WEBHOOK_SECRET ? { url: env.WEBHOOK_URL, secret: env.WEBHOOK_SECRET } : null,
  };
}

/**
 * Whether an event about a lead with these consents may leave the site. Only leads who agreed
 * to be contacted (and have not withdrawn it) reach a CRM; `lead.erased` goes wherever the lead
 * may have been sent, i.e. whenever contact consent was ever given, withdrawn since or not.
 */
export function mayReachCrm(event: Pick<CrmEvent, 'type'>, consents: Consents | null | undefined): boolean {
  return event.type === 'lead.erased' ? consents?.contact !== undefined : hasConsent(consents, 'contact');
}

/**
 * The rows to insert into `crm_deliveries` for an event, one per configured target, in the
 * caller's transaction (like `outboxRow`); none when the lead's `consents` do not allow it
 * (`mayReachCrm`). `submissionId` links the rows to the submission, when there is one.
 * @example await tx.insert(crmDeliveries).values(crmDeliveryRows(event, crmTargets(env), row.id, row.consents)) // guard an empty list: Drizzle refuses `values([])`
 */
export function crmDeliveryRows(event: CrmEvent, targets: readonly CrmTarget[], submissionId: string | null, consents: Consents | null | undefined): CrmDeliveryInsert[] {
  if (!mayReachCrm(event, consents)) return [];
  return [...new Set(targets)].map((target) => ({ target, event, submissionId }));
}

export interface CrmDeliveryOptions {
  /** Also rows still waiting for their next attempt (manual runs, tests). */
  ignoreBackoff?: boolean;
  /** Rows claimed at most (one batch). */
  limit?: number;
  /** Rows this run already tried: not tried again by it. */
  exclude?: string[];
  /** Attempts before a row is given up; `MAX_CRM_ATTEMPTS` by default. */
  maxAttempts?: number;
  /** Wait before the next attempt after `attempts` failed ones, in ms; `backoffMs` (the outbox's) by default. */
  retryDelayMs?: (attempts: number) => number;
  now?: Date;
  log?: (line: string) => void;
}

export interface CrmDeliveryResult {
  delivered: number;
  /** Failed attempts that will be retried. */
  failed: number;
  /** Rows given up after `maxAttempts` (`failedAt` set). */
  gaveUp: number;
}

const EMPTY: CrmDeliveryResult = { delivered: 0, failed: 0, gaveUp: 0 };

const configured = (config: CrmConfig): CrmTarget[] => (['hubspot', 'webhook'] as const).filter((target) => config[target] !== null);

// A lead's events reach each target in the order they happened: an erasure delivered before the
// submission it erases (still failing, say) would be undone when the submission finally went through.
const earlier = alias(crmDeliveries, 'earlier');
const waitsForEarlierEvent = sql`exists (select 1 from ${crmDeliveries} as ${sql.identifier('earlier')} where ${earlier.target} = ${crmDeliveries.target}
  and ${earlier.deliveredAt} is null and ${earlier.failedAt} is null
  and lower(${earlier.event}->'lead'->>'email') = lower(${crmDeliveries.event}->'lead'->>'email')
  and (${earlier.createdAt}, ${earlier.event}->>'occurredAt') < (${crmDeliveries.createdAt}, ${crmDeliveries.event}->>'occurredAt'))`;

function dueRows(now: Date, targets: CrmTarget[], options: Pick<CrmDeliveryOptions, 'ignoreBackoff' | 'exclude'>): SQL | undefined {
  return and(
    isNull(crmDeliveries.deliveredAt),
    isNull(crmDeliveries.failedAt),
    inArray(crmDeliveries.target, targets),
    or(isNull(crmDeliveries.claimedUntil), lt(crmDeliveries.claimedUntil, now)),
    // Up to the end of `now`'s millisecond: a row is stamped by the database in microseconds, and one queued
    // in the same millisecond as a drain's `now` is due to it, not to the next drain.
    options.ignoreBackoff ? undefined : lte(crmDeliveries.nextAttemptAt, new Date(now.getTime() + 1)),
    options.exclude?.length ? notInArray(crmDeliveries.id, options.exclude) : undefined,
    sql`not ${waitsForEarlierEvent}`,
  );
}

async function deliver(row: CrmDeliveryRow, config: CrmConfig): Promise<void> {
  if (row.target === 'hubspot') return deliverToHubspot(row.event, config.hubspot!);
  return deliverToWebhook(row.event, config.webhook!);
}

/**
 * Delivers one batch of due rows: claims them (`FOR UPDATE SKIP LOCKED`, then `claimedUntil`, so
 * no other worker delivers them at the same time), delivers each to its target, then records
 * `deliveredAt`, or the error and the next attempt after `retryDelayMs`, or `failedAt` once
 * `maxAttempts` attempts failed. Rows of a target that is not configured are left alone.
 */
export async function deliverCrmPending(db: Db, config: CrmConfig, options: CrmDeliveryOptions = {}): Promise<CrmDeliveryResult & { tried: string[] }> {
  const now = options.now ?? new Date();
  const log = options.log ?? ((line: string) => console.warn(line));
  const maxAttempts = options.maxAttempts ?? MAX_CRM_ATTEMPTS;
  const retryDelayMs = options.retryDelayMs ?? backoffMs;
  const targets = configured(config);
  if (targets.length === 0) return { ...EMPTY, tried: [] };

  const claimed = await db.transaction(async (tx) => {
    const ids = await tx
      .select({ id: crmDeliveries.id })
      .from(crmDeliveries)
      .where(dueRows(now, targets, options))
      .orderBy(asc(crmDeliveries.createdAt))
      .limit(options.limit ?? BATCH_SIZE)
      .for('update', { skipLocked: true });
    if (ids.length === 0) return [];
    return tx
      .update(crmDeliveries)
      .set({ claimedUntil: new Date(now.getTime() + CLAIM_MS), attempts: sql`${crmDeliveries.attempts} + 1` })
      .where(inArray(crmDeliveries.id, ids.map((r) => r.id)))
      .returning();
  });
  claimed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.event.occurredAt.localeCompare(b.event.occurredAt));

  const result = { ...EMPTY, tried: claimed.map((row) => row.id) };
  for (const row of claimed) {
    try {
      await deliver(row, config);
      // An erasure, once passed on, keeps no address: the row stays as a record that it went out.
      const scrubbed = row.event.type === 'lead.erased' ? { event: { ...row.event, lead: { ...row.event.lead, email: '' } } } : {};
      await db.update(crmDeliveries).set({ deliveredAt: new Date(), claimedUntil: null, lastError: null, ...scrubbed }).where(eq(crmDeliveries.id, row.id));
      result.delivered++;
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      if (row.attempts >= maxAttempts) {
        await db.update(crmDeliveries).set({ failedAt: new Date(), claimedUntil: null, lastError: message }).where(eq(crmDeliveries.id, row.id));
        log(`[crm] ${row.event.type} ${row.event.id} to ${row.target} given up after ${row.attempts} attempts: ${message}`);
        result.gaveUp++;
      } else {
        await db
          .update(crmDeliveries)
          .set({ claimedUntil: null, lastError: message, nextAttemptAt: new Date(Date.now() + retryDelayMs(row.attempts)) })
          .where(eq(crmDeliveries.id, row.id));
        log(`[crm] ${row.event.type} ${row.event.id} to ${row.target} failed (attempt ${row.attempts}): ${message}`);
        result.failed++;
      }
    }
  }
  return result;
}

export interface CrmDrainResult extends CrmDeliveryResult {
  /** Rows still due (not tried by this drain) when the budget ran out. */
  remaining: number;
  /** Undelivered rows for a target that is not configured (its variables were removed after they were queued). */
  held: number;
}

/**
 * Delivers everything due, batch after batch, until nothing is left or `budgetMs` (20 s by
 * default) has passed; each row is tried at most once per drain. Call it after each response
 * and from the cron, like `drainOutbox`.
 * @example await drainCrm(db, crmConfig(env, questionnaire), { budgetMs: 50_000 })
 */
export async function drainCrm(db: Db, config: CrmConfig, options: Omit<CrmDeliveryOptions, 'exclude'> & { budgetMs?: number } = {}): Promise<CrmDrainResult> {
  const started = Date.now();
  const budgetMs = options.budgetMs ?? 20_000;
  const total = { ...EMPTY };
  const tried: string[] = [];
  for (;;) {
    const batch = await deliverCrmPending(db, config, { ...options, exclude: tried, now: options.now ?? new Date() });
    for (const key of Object.keys(EMPTY) as (keyof CrmDeliveryResult)[]) total[key] += batch[key];
    tried.push(...batch.tried);
    if (batch.tried.length === 0 || Date.now() - started >= budgetMs) break;
  }
  const now = options.now ?? new Date();
  const targets = configured(config);
  const [left] = targets.length > 0 ? await db.select({ n: count() }).from(crmDeliveries).where(dueRows(now, targets, { ...options, exclude: tried })) : [{ n: 0 }];
  const unconfigured = (['hubspot', 'webhook'] as const).filter((target) => !targets.includes(target));
  const [held] =
    unconfigured.length > 0
      ? await db
          .select({ n: count() })
          .from(crmDeliveries)
          .where(and(isNull(crmDeliveries.deliveredAt), isNull(crmDeliveries.failedAt), inArray(crmDeliveries.target, unconfigured)))
      : [{ n: 0 }];
  return { ...total, remaining: left?.n ?? 0, held: held?.n ?? 0 };
}

/** What a CRM drain needs, opened when it runs (the database may be down when it is scheduled). */
export interface CrmDrainDeps {
  db: () => Promise<Db>;
  config: CrmConfig;
}

let draining = false;
let again = false;
let latest: CrmDrainDeps | undefined;
let wakeUp: ReturnType<typeof setTimeout> | undefined;

/**
 * Delivers due CRM events right after the current response (`after`), like the emails'
 * `scheduleDrain`: one drain at a time per process, once more when a request queues events
 * meanwhile, and a timer (which never keeps the process alive) for the first retry that falls due;
 * the daily cron catches what a frozen serverless instance left. Nothing happens when no target
 * is configured.
 */
export function scheduleCrmDrain(deps: CrmDrainDeps): void {
  if (configured(deps.config).length === 0) return;
  latest = deps;
  if (draining) {
    again = true;
    return;
  }
  draining = true;
  after('crm drain', async () => {
    try {
      do {
        again = false;
        const current = latest!;
        const db = await current.db();
        await drainCrm(db, current.config, { log: (line) => console.warn(line) });
        const [next] = await db
          .select({ at: sql<string | null>`min(greatest(${crmDeliveries.nextAttemptAt}, coalesce(${crmDeliveries.claimedUntil}, ${crmDeliveries.nextAttemptAt})))` })
          .from(crmDeliveries)
          .where(and(isNull(crmDeliveries.deliveredAt), isNull(crmDeliveries.failedAt), inArray(crmDeliveries.target, configured(current.config))));
        if (next?.at) retryAt(new Date(next.at));
      } while (again);
    } finally {
      draining = false;
    }
  });
}

function retryAt(next: Date): void {
  if (wakeUp) clearTimeout(wakeUp);
  wakeUp = setTimeout(() => {
    wakeUp = undefined;
    if (latest) scheduleCrmDrain(latest);
  }, Math.max(1000, next.getTime() - Date.now()));
  wakeUp.unref();
}

/** Cancels the retry timer (tests, shutdown). */
export function cancelScheduledCrmDrains(): void {
  if (wakeUp) clearTimeout(wakeUp);
  wakeUp = undefined;
}
