import { and, asc, count, eq, gt, inArray, isNotNull, isNull, lte, notInArray, or, lt, sql, type SQL } from 'drizzle-orm';
import { Resend } from 'resend';
import type { Db } from '../db/client.ts';
import { emailSuppressions, outbox, type OutboxEmailKind } from '../db/schema.ts';
import type { EmailMessage } from '../email/index.ts';
import { after } from '../lib/after.ts';
import { whenQuiet } from '../lib/quiet.ts';
import { emailHash } from '../lib/signed-links.ts';
import type { Env } from '../env.ts';
import { HOUR_MS, takeSlot, type RateLimit } from '../lib/rate-limit.ts';

export type OutboxKind = (typeof outbox.$inferInsert)['kind'];
export type OutboxRow = typeof outbox.$inferSelect;

/** An email as handed to the provider: `id` is the outbox row id, used as the provider's idempotency key. */
export interface OutgoingEmail {
  id: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string> | undefined;
  attachments?: { filename: string; contentType: string; content: string }[] | undefined;
}

/** Sends one email. */
export interface Mailer {
  send(message: OutgoingEmail): Promise<{ providerId: string }>;
}

/**
 * Emails that do not answer something the person just asked for: never sent to an address that
 * unsubscribed, bounced or complained (`emailSuppressions`).
 */
export const NON_TRANSACTIONAL: ReadonlySet<OutboxEmailKind> = new Set(['reminder', 'resend']);

/** How long one worker may hold a row while sending it. */
const CLAIM_MS = 2 * 60_000;
/** Longest wait between two attempts. */
const MAX_BACKOFF_MS = 6 * 60 * 60_000;
/** Rows claimed at a time. */
const BATCH_SIZE = 50;
/** Rows rendered between two sends of what is ready, by a drain: a report's PDF takes tens of milliseconds. */
const RENDER_BATCH_SIZE = 10;

/** Wait before attempt `attempts + 1`: 5, 10, 20, 40 s … doubling, at most 6 hours. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 5_000 * 2 ** Math.max(0, attempts - 1));
}

/** The hourly ceilings on sending: sign-in links have a budget of their own, every other email shares `emailsPerHour`. */
export interface EmailCeilings {
  emailsPerHour: number;
  signInEmailsPerHour: number;
}

/** The ceilings set by the environment. */
export function emailCeilings(env: Pick<Env, 'EMAILS_PER_HOUR' | 'SIGN_IN_EMAILS_PER_HOUR'>): EmailCeilings {
  return { emailsPerHour: env.EMAILS_PER_HOUR, signInEmailsPerHour: env.SIGN_IN_EMAILS_PER_HOUR };
}

/** The ceiling that `kind` counts against. */
function ceilingFor(kind: OutboxKind, ceilings: EmailCeilings): RateLimit {
  return kind === 'sign-in'
    ? { bucket: 'emails:sign-in', limit: ceilings.signInEmailsPerHour, windowMs: HOUR_MS }
    : { bucket: 'emails:site', limit: ceilings.emailsPerHour, windowMs: HOUR_MS };
}

/** The Resend SDK (it reads RESEND_BASE_URL), with a timeout: a hung request counts as a failure and is retried with the same idempotency key. */
export function resendMailer(apiKey: string, from: string, timeoutMs = 10_000): Mailer {
  const resend = new Resend(apiKey);
  return {
    async send(message) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`email provider did not answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        const { data, error } = await Promise.race([
          resend.emails.send(
            {
              from,
              to: message.to,
              subject: message.subject,
              html: message.html,
              text: message.text,
              ...(message.headers ? { headers: message.headers } : {}),
              ...(message.attachments ? { attachments: message.attachments } : {}),
            },
            { idempotencyKey: message.id },
          ),
          timeout,
        ]);
        if (error || !data) throw new Error(`email provider refused: ${error?.message ?? 'no answer'}`);
        return { providerId: data.id };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Where an email belongs and what it carries besides its message. */
export interface OutboxRowOptions {
  submissionId?: string | null;
  /** After this it is dropped, never sent late (sign-in links). */
  expiresAt?: Date | null;
  /** When to send it at the earliest (a reminder); now by default. */
  sendAt?: Date;
  headers?: Record<string, string> | null;
  attachments?: { filename: string; contentType: string; content: string }[] | null;
}

/** A row to insert into the outbox, in the caller's transaction. */
export function outboxRow(kind: OutboxKind, to: string[], message: EmailMessage, options: OutboxRowOptions = {}): typeof outbox.$inferInsert {
  return {
    kind,
    to,
    subject: message.subject,
    html: message.html,
    text: message.text,
    submissionId: options.submissionId ?? null,
    expiresAt: options.expiresAt ?? null,
    headers: message.headers ?? options.headers ?? null,
    attachments: options.attachments ?? null,
    ...(options.sendAt ? { nextAttemptAt: options.sendAt } : {}),
  };
}

/**
 * A row to insert into the outbox unrendered, in the caller's transaction: the drain renders it
 * after the response (`DrainDeps.render`) from what the row points at. `to` may be empty until then
 * (the consultants' notice: the team is read when it is rendered).
 */
export function unrenderedOutboxRow(kind: OutboxKind, to: string[], site: string, options: Pick<OutboxRowOptions, 'submissionId'> = {}): typeof outbox.$inferInsert {
  return { kind, to, subject: null, html: null, text: null, renderFrom: { site }, submissionId: options.submissionId ?? null };
}

/** What a renderer makes of one unrendered row: its email, or why there is nothing to send. */
export type RenderOutcome =
  | { email: EmailMessage; to: string[]; attachments?: OutgoingEmail['attachments'] | null }
  /** Nothing to send (e.g. no consultant on the team): the row is dropped with this reason. */
  | { drop: string }
  /** It could not be rendered now: tried again with backoff. */
  | { error: string };

/**
 * Renders claimed unrendered rows (`unrenderedOutboxRow`): an outcome per row id. A row it leaves
 * out, or a batch it throws on, is tried again with backoff.
 */
export type EmailRenderer = (db: Db, rows: OutboxRow[], now: Date) => Promise<Map<string, RenderOutcome>>;

export interface RenderResult {
  rendered: number;
  failed: number;
  dropped: number;
  /** Rows claimed by this pass. */
  tried: number;
}

/**
 * Claims up to `limit` of the oldest rows matching `where` for this worker: locked and skipped by
 * other workers while it picks them, then marked with `set` (a `claimedUntil` in the future).
 */
async function claim(db: Db, where: SQL | undefined, limit: number, set: { claimedUntil: Date; attempts?: SQL }): Promise<OutboxRow[]> {
  return db.transaction(async (tx) => {
    const ids = await tx.select({ id: outbox.id }).from(outbox).where(where).orderBy(asc(outbox.createdAt)).limit(limit).for('update', { skipLocked: true });
    if (ids.length === 0) return [];
    return tx
      .update(outbox)
      .set(set)
      .where(inArray(outbox.id, ids.map((r) => r.id)))
      .returning();
  });
}

/** Rows waiting to be rendered, not held by another worker, not waiting for a retry. */
function unrenderedDue(now: Date) {
  return and(
    isNotNull(outbox.renderFrom),
    isNull(outbox.sentAt),
    isNull(outbox.droppedAt),
    or(isNull(outbox.claimedUntil), lt(outbox.claimedUntil, now)),
    lte(outbox.nextAttemptAt, new Date(now.getTime() + 1)),
  );
}

/**
 * Renders one batch of unrendered rows: claims them (so no other worker renders them at the same
 * time), renders them with `render` outside any transaction, and stores each email, which is then
 * due to be sent. Every drain that has a renderer runs it between its sends (after a response, the
 * cron), with or without a mailer, so every queued email can be read in the outbox.
 */
export async function renderPending(
  db: Db,
  render: EmailRenderer,
  options: {
    limit?: number;
    now?: Date;
    log?: ((line: string) => void) | undefined;
    /** Awaited before rendering each submission's rows (or each row without one): how background rendering gives way to requests. */
    pace?: (() => Promise<void>) | undefined;
  } = {},
): Promise<RenderResult> {
  const now = options.now ?? new Date();
  const log = options.log ?? ((line: string) => console.warn(line));
  const claimed = await claim(db, unrenderedDue(now), options.limit ?? BATCH_SIZE, { claimedUntil: new Date(now.getTime() + CLAIM_MS) });
  const result: RenderResult = { rendered: 0, failed: 0, dropped: 0, tried: claimed.length };
  if (claimed.length === 0) return result;
  // The rows of one submission are rendered together (it is read once for all of them).
  const groups = new Map<string, OutboxRow[]>();
  for (const row of claimed) {
    const key = row.submissionId ?? row.id;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const outcomes = new Map<string, RenderOutcome>();
  for (const rows of groups.values()) {
    await options.pace?.();
    try {
      for (const [id, outcome] of await render(db, rows, now)) outcomes.set(id, outcome);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      for (const row of rows) outcomes.set(row.id, { error: message });
    }
  }
  for (const row of claimed) {
    const outcome = outcomes.get(row.id) ?? { error: 'the renderer gave no email for this row' };
    if ('email' in outcome) {
      const { email } = outcome;
      await db
        .update(outbox)
        .set({
          to: outcome.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: email.headers ?? null,
          attachments: outcome.attachments ?? null,
          renderFrom: null,
          claimedUntil: null,
          nextAttemptAt: now,
        })
        .where(eq(outbox.id, row.id));
      result.rendered++;
    } else if ('drop' in outcome) {
      await db.update(outbox).set({ droppedAt: now, claimedUntil: null, lastError: outcome.drop }).where(eq(outbox.id, row.id));
      result.dropped++;
    } else {
      const attempts = row.attempts + 1;
      await db
        .update(outbox)
        .set({ attempts, claimedUntil: null, lastError: `not rendered: ${outcome.error}`.slice(0, 500), nextAttemptAt: new Date(Date.now() + backoffMs(attempts)) })
        .where(eq(outbox.id, row.id));
      log(`[outbox] ${row.kind} email ${row.id} could not be rendered (attempt ${attempts}): ${outcome.error}`);
      result.failed++;
    }
  }
  return result;
}

export interface DeliveryResult {
  sent: number;
  failed: number;
  /** Unsent rows left untouched because there is no mailer (no RESEND_API_KEY). */
  held: number;
  /** Rows put back until the next hour because an hourly ceiling was reached. */
  deferred: number;
  /** Rows given up: expired before they could be sent (sign-in links), or to an address that unsubscribed. */
  dropped: number;
}

export interface DeliveryOptions {
  /** Also rows still waiting for their next attempt (manual runs). */
  ignoreBackoff?: boolean;
  /** Rows claimed at most (one batch). */
  limit?: number;
  /** Rows this run already tried: not tried again by it. */
  exclude?: string[];
  /** Hourly sending ceilings; without them nothing is counted (tests of delivery alone). */
  ceilings?: EmailCeilings;
  /** The salt of the suppression list's hashes (`IP_HASH_SALT`); without it the list is not read (tests of delivery alone). */
  suppressionSalt?: string;
  now?: Date;
  log?: (line: string) => void;
}

/** Rows already logged as held for want of a mailer. */
const toldHeld = new Set<string>();

const EMPTY: DeliveryResult = { sent: 0, failed: 0, held: 0, deferred: 0, dropped: 0 };

function dueRows(now: Date, options: DeliveryOptions) {
  return and(
    // Only a rendered row is ever sent.
    isNull(outbox.renderFrom),
    isNull(outbox.sentAt),
    isNull(outbox.droppedAt),
    or(isNull(outbox.expiresAt), gt(outbox.expiresAt, now)),
    or(isNull(outbox.claimedUntil), lt(outbox.claimedUntil, now)),
    // Up to the end of `now`'s millisecond: a row is stamped by the database in microseconds, and one queued
    // in the same millisecond as a drain's `now` is due to it, not to the next drain.
    options.ignoreBackoff ? undefined : lte(outbox.nextAttemptAt, new Date(now.getTime() + 1)),
    options.exclude?.length ? notInArray(outbox.id, options.exclude) : undefined,
  );
}

/**
 * Sends one batch of due outbox rows: drops the expired ones, claims the rest (so no
 * other worker sends them at the same time), takes a slot of the hourly ceiling for
 * each, sends it with its id as idempotency key, then records success or the next
 * attempt with backoff.
 */
export async function deliverPending(db: Db, mailer: Mailer | null, options: DeliveryOptions = {}): Promise<DeliveryResult & { tried: string[] }> {
  const now = options.now ?? new Date();
  const log = options.log ?? ((line: string) => console.info(line));
  // A sign-in link that arrives after it expired is worse than none: it is never sent late.
  const expired = await db
    .update(outbox)
    .set({ droppedAt: now, lastError: 'expired before it could be sent', claimedUntil: null })
    .where(and(isNull(outbox.sentAt), isNull(outbox.droppedAt), lte(outbox.expiresAt, now)))
    .returning({ id: outbox.id });
  const due = dueRows(now, options);
  if (!mailer) {
    const held = await db.select().from(outbox).where(due);
    // Each row once per process: a drain runs after every response, and the same rows wait in each.
    for (const row of held.filter((row) => !toldHeld.has(row.id))) {
      log(`[outbox] RESEND_API_KEY is not set: "${row.subject ?? ''}" to ${row.to.join(', ')} stays in the outbox (see /dev/outbox)`);
      toldHeld.add(row.id);
    }
    return { ...EMPTY, held: held.length, dropped: expired.length, tried: [] };
  }

  const claimed = await claim(db, due, options.limit ?? BATCH_SIZE, { claimedUntil: new Date(now.getTime() + CLAIM_MS), attempts: sql`${outbox.attempts} + 1` });

  const result = { ...EMPTY, dropped: expired.length, tried: claimed.map((row) => row.id) };
  const salt = options.suppressionSalt;
  const suppressed = salt ? await suppressedHashes(db, claimed, salt) : new Set<string>();
  for (const row of claimed) {
    if (salt && NON_TRANSACTIONAL.has(row.kind) && row.to.some((address) => suppressed.has(emailHash(address, salt)))) {
      await db.update(outbox).set({ droppedAt: now, claimedUntil: null, lastError: 'not sent: the address unsubscribed, bounced or complained' }).where(eq(outbox.id, row.id));
      result.dropped++;
      continue;
    }
    if (options.ceilings) {
      const slot = await takeSlot(db, ceilingFor(row.kind, options.ceilings), 'all', now);
      if (!slot.allowed) {
        await db
          .update(outbox)
          .set({ claimedUntil: null, attempts: row.attempts - 1, nextAttemptAt: slot.resetAt, lastError: 'hourly email ceiling reached; waits for the next hour' })
          .where(eq(outbox.id, row.id));
        result.deferred++;
        continue;
      }
    }
    try {
      const { providerId } = await mailer.send({
        id: row.id,
        to: row.to,
        // Due rows are rendered (`dueRows`), and the table's check keeps a rendered row's texts set.
        subject: row.subject!,
        html: row.html!,
        text: row.text!,
        headers: row.headers ?? undefined,
        attachments: row.attachments ?? undefined,
      });
      await db.update(outbox).set({ sentAt: new Date(), providerId, claimedUntil: null, lastError: null }).where(eq(outbox.id, row.id));
      result.sent++;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await db
        .update(outbox)
        .set({ claimedUntil: null, lastError: message.slice(0, 500), nextAttemptAt: new Date(Date.now() + backoffMs(row.attempts)) })
        .where(eq(outbox.id, row.id));
      log(`[outbox] ${row.kind} email ${row.id} failed (attempt ${row.attempts}): ${message}`);
      result.failed++;
    }
  }
  return result;
}

/** The hashes, among those of the non-transactional rows' recipients, that are on the suppression list. */
async function suppressedHashes(db: Db, rows: OutboxRow[], salt: string): Promise<Set<string>> {
  const hashes = [...new Set(rows.filter((row) => NON_TRANSACTIONAL.has(row.kind)).flatMap((row) => row.to.map((address) => emailHash(address, salt))))];
  if (hashes.length === 0) return new Set();
  const found = await db.select({ hash: emailSuppressions.emailHash }).from(emailSuppressions).where(inArray(emailSuppressions.emailHash, hashes));
  return new Set(found.map((row) => row.hash));
}

/**
 * Renders and sends everything due, batch after batch, until nothing is left or `budgetMs` has
 * passed; each row is tried at most once per drain. Used after each response, by the cron safety
 * net and by `npm run outbox`. Without a mailer it still renders (the emails wait, readable).
 * @returns the totals, `rendered`, `remaining`: rows still due (not yet tried) when the budget ran out,
 * and `unrendered`: rows still waiting to be rendered (without a renderer, or failing to render)
 */
export async function drainOutbox(
  db: Db,
  mailer: Mailer | null,
  options: Omit<DeliveryOptions, 'exclude'> & { budgetMs?: number; render?: EmailRenderer | undefined; pace?: (() => Promise<void>) | undefined } = {},
): Promise<DeliveryResult & { rendered: number; remaining: number; unrendered: number }> {
  const started = Date.now();
  const budgetMs = options.budgetMs ?? 20_000;
  const total = { ...EMPTY, rendered: 0 };
  const tried: string[] = [];
  for (;;) {
    const now = options.now ?? new Date();
    // What is ready goes first (a sign-in link does not wait behind a backlog of reports to render),
    // then a few rows are rendered, to be sent by the next turn.
    const batch = await deliverPending(db, mailer, { ...options, exclude: tried, now });
    for (const key of Object.keys(EMPTY) as (keyof DeliveryResult)[]) total[key] += batch[key];
    tried.push(...batch.tried);
    const rendered = options.render ? await renderPending(db, options.render, { now, log: options.log, pace: options.pace, limit: RENDER_BATCH_SIZE }) : undefined;
    if (rendered) {
      total.rendered += rendered.rendered;
      total.failed += rendered.failed;
      total.dropped += rendered.dropped;
    }
    if ((batch.tried.length === 0 && !rendered?.tried) || Date.now() - started >= budgetMs) break;
  }
  const [left] = mailer
    ? await db.select({ n: count() }).from(outbox).where(dueRows(options.now ?? new Date(), { ...options, exclude: tried }))
    : [{ n: 0 }];
  const [waiting] = await db.select({ n: count() }).from(outbox).where(and(isNotNull(outbox.renderFrom), isNull(outbox.sentAt), isNull(outbox.droppedAt)));
  return { ...total, remaining: left?.n ?? 0, unrendered: waiting?.n ?? 0 };
}

/** What a drain needs, opened when it runs (the database may be down when it is scheduled). */
export interface DrainDeps {
  db: () => Promise<Db>;
  mailer: Mailer | null;
  ceilings: EmailCeilings;
  /** The salt of the suppression list (`IP_HASH_SALT`): unsubscribed addresses get no non-transactional email. */
  suppressionSalt: string;
  /** Renders the rows queued unrendered (a new submission's emails); without it they wait for a drain that has one. */
  render?: EmailRenderer | undefined;
  /**
   * How long the drain itself waits for retries that fall due (then sends them) before it ends.
   * On Vercel (`VERCEL` set) 60 s by default: `waitUntil` keeps the function alive that long,
   * while a timer would not survive the instance being frozen. Elsewhere 0: the timer does it.
   */
  followRetriesMs?: number;
}

let warnedNoMailer = false;
let draining = false;
let again = false;
let latest: DrainDeps | undefined;
let wakeUp: { at: number; timer: ReturnType<typeof setTimeout> } | undefined;

/**
 * Delivers due emails right after the current response (`after`: `waitUntil` on
 * Vercel, a background task under `npm start`), so nothing waits for the cron. One
 * drain runs at a time per process; a request that queues rows meanwhile makes it
 * run once more. Rows waiting for a retry are followed by the drain itself for
 * `followRetriesMs`, and after that by a timer (which never keeps a process alive)
 * set for the first one due: retries go out within seconds, and the daily cron
 * catches whatever a frozen serverless instance left.
 */
export function scheduleDrain(deps: DrainDeps): void {
  if (!deps.mailer) {
    if (!warnedNoMailer) console.warn('[outbox] RESEND_API_KEY is not set: emails wait in the outbox (see /dev/outbox under npm run dev)');
    warnedNoMailer = true;
    // Nothing to send with; what waits unrendered is still rendered, so it can be read.
    if (!deps.render) return;
  }
  // The process renders with one renderer: a drain scheduled without one (a sign-in link) keeps the last given.
  latest = deps.render || !latest?.render ? deps : { ...deps, render: latest.render };
  if (draining) {
    again = true;
    return;
  }
  draining = true;
  const started = Date.now();
  after('outbox drain', async () => {
    try {
      do {
        again = false;
        const current = latest!;
        const db = await current.db();
        // Rendering (a PDF takes tens of milliseconds of CPU) waits while the process is busy answering requests.
        await drainOutbox(db, current.mailer, { ceilings: current.ceilings, suppressionSalt: current.suppressionSalt, render: current.render, pace: whenQuiet, log: (line) => console.warn(line) });
        // Without a mailer nothing is retried: rows wait for one.
        const next = current.mailer ? await nextRetry(db) : null;
        const follow = current.followRetriesMs ?? (process.env.VERCEL ? 60_000 : 0);
        if (next && next.getTime() <= started + follow) {
          // At least a second between passes: a row another worker holds must not make this spin.
          await new Promise((resolve) => setTimeout(resolve, Math.max(1000, next.getTime() - Date.now())));
          again = true;
        } else if (next) wakeUpAt(next);
      } while (again);
    } finally {
      draining = false;
    }
  });
}

/** Cancels the retry timer (tests, shutdown); drains already running finish (`settled()`). */
export function cancelScheduledDrains(): void {
  if (wakeUp) clearTimeout(wakeUp.timer);
  wakeUp = undefined;
}

/** When the first unsent email may be tried again, if any waits. */
async function nextRetry(db: Db): Promise<Date | null> {
  // A row another worker has claimed is not due before its claim ends.
  const [next] = await db
    .select({ at: sql<string | null>`min(greatest(${outbox.nextAttemptAt}, coalesce(${outbox.claimedUntil}, ${outbox.nextAttemptAt})))` })
    .from(outbox)
    .where(and(isNull(outbox.sentAt), isNull(outbox.droppedAt)));
  return next?.at ? new Date(next.at) : null;
}

function wakeUpAt(next: Date): void {
  const at = Math.max(next.getTime(), Date.now() + 1000);
  if (wakeUp && wakeUp.at <= at && wakeUp.at > Date.now()) return;
  if (wakeUp) clearTimeout(wakeUp.timer);
  const timer = setTimeout(() => {
    wakeUp = undefined;
    if (latest) scheduleDrain(latest);
  }, at - Date.now());
  timer.unref();
  wakeUp = { at, timer };
}
