import { and, asc, eq, inArray, isNull, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { emailSuppressions, outbox, type OutboxEmailKind } from '../db/schema.ts';
import { emailHash } from '../lib/signed-links.ts';

/**
 * What the provider reported about a sent email, in the order an email goes through them:
 * `sent` (accepted by Resend), `delivery_delayed` (the receiving server deferred it),
 * `delivered` (the receiving server took it), then the final ones: `failed` (Resend could not
 * send it), `suppressed` (Resend refused it: the address is on its own suppression list),
 * `bounced` (the receiving server rejected it), `complained` (the recipient marked it as spam).
 */
export const DELIVERY_STATES = ['sent', 'delivery_delayed', 'delivered', 'failed', 'suppressed', 'bounced', 'complained'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** States no later event replaces: webhooks arrive out of order, and a late `delivered` must not hide a bounce. */
export const FINAL_DELIVERY_STATES = ['failed', 'suppressed', 'bounced', 'complained'] as const satisfies readonly DeliveryState[];
type FinalDeliveryState = (typeof FINAL_DELIVERY_STATES)[number];

/** How far along an email is; a state replaces only a lower one (or the same one, when newer). */
const PROGRESS: Record<Exclude<DeliveryState, FinalDeliveryState>, number> = { sent: 1, delivery_delayed: 2, delivered: 3 };

// The states and numbers are this module's constants, never a request's text: inlined as SQL literals
// so Postgres compares integers (bound parameters in a CASE would be typed as text).
const progressOf = sql`case ${outbox.deliveryState} ${sql.raw(
  Object.entries(PROGRESS)
    .map(([state, rank]) => `when '${state}' then ${rank}`)
    .join(' '),
)} else 0 end`;

function isFinal(state: DeliveryState): state is FinalDeliveryState {
  return (FINAL_DELIVERY_STATES as readonly DeliveryState[]).includes(state);
}

/**
 * Which rows `state` at `at` may overwrite: any row with no state yet; a row in a final state
 * never; otherwise a row whose state is earlier in `PROGRESS`, or the same state reported
 * earlier. So the same event delivered twice (Svix retries) changes nothing the second time.
 */
function mayMoveTo(state: DeliveryState, at: Date): SQL | undefined {
  const notFinal = notInArray(outbox.deliveryState, [...FINAL_DELIVERY_STATES]);
  if (isFinal(state)) return or(isNull(outbox.deliveryState), notFinal);
  const rank = PROGRESS[state];
  return or(
    isNull(outbox.deliveryState),
    and(notFinal, or(sql`${progressOf} < ${sql.raw(String(rank))}`, and(eq(outbox.deliveryState, state), lt(outbox.deliveryStateAt, at)))),
  );
}

/** Why an address goes on the suppression list after an event. */
export type SuppressionReason = 'bounced' | 'complained';

/** What `recordDeliveryEvent` found and did. */
export interface DeliveryEventResult {
  /** Outbox rows sent with this provider id: 0 for an email another app sent from the same Resend account. */
  matched: number;
  /** Rows whose state changed (0 for a repeated or out-of-order event). */
  updated: number;
  /** Addresses added to the suppression list (0 when already there). */
  suppressed: number;
}

/**
 * Records what the provider reported about the email it knows as `providerId`, in one transaction:
 * the rows' `deliveryState` and `deliveryStateAt` (the event's own time, not its arrival), moved
 * only forward (see `FINAL_DELIVERY_STATES`), in one conditional UPDATE so that two events racing
 * for the same row cannot undo each other; and, with `suppress`, the rows' recipients on the
 * suppression list, so later non-transactional emails to them are dropped (`NON_TRANSACTIONAL`).
 * A row with several recipients (the consultants' notice) is not suppressed: an event does not
 * say which of them bounced or complained.
 * @example await recordDeliveryEvent(db, { providerId: 're_123', state: 'bounced', at, suppress: 'bounced', salt })
 */
export async function recordDeliveryEvent(
  db: Db,
  event: { providerId: string; state: DeliveryState; at: Date; suppress?: SuppressionReason | undefined; salt: string },
): Promise<DeliveryEventResult> {
  return db.transaction(async (tx) => {
    const rows = await tx.select({ id: outbox.id, to: outbox.to }).from(outbox).where(eq(outbox.providerId, event.providerId));
    if (rows.length === 0) return { matched: 0, updated: 0, suppressed: 0 };
    const updated = await tx
      .update(outbox)
      .set({ deliveryState: event.state, deliveryStateAt: event.at })
      .where(and(inArray(outbox.id, rows.map((row) => row.id)), mayMoveTo(event.state, event.at)))
      .returning({ id: outbox.id });
    let suppressed = 0;
    const reason = event.suppress;
    if (reason) {
      const hashes = [...new Set(rows.filter((row) => row.to.length === 1).map((row) => emailHash(row.to[0]!, event.salt)))];
      if (hashes.length > 0) {
        const added = await tx
          .insert(emailSuppressions)
          .values(hashes.map((hash) => ({ emailHash: hash, reason })))
          .onConflictDoNothing()
          .returning({ hash: emailSuppressions.emailHash });
        suppressed = added.length;
      }
    }
    return { matched: rows.length, updated: updated.length, suppressed };
  });
}

/** One email of a submission as the workspace shows it: what was sent, and what became of it. */
export interface EmailState {
  kind: OutboxEmailKind;
  to: string[];
  /** Null for the moment a new submission's email waits to be rendered, after the response. */
  subject: string | null;
  /** When Resend accepted it; null while it waits in the outbox (or was dropped). */
  sentAt: Date | null;
  /** When it was given up instead of sent (expired, or to a suppressed address; `lastError` says which). */
  droppedAt: Date | null;
  /** The last failed attempt's error, or why it was dropped. */
  lastError: string | null;
  /** What Resend's webhooks last reported (null until the first event arrives, or without webhooks). */
  deliveryState: DeliveryState | null;
  /** When that happened, by Resend's clock. */
  deliveryStateAt: Date | null;
}

/**
 * Every email of a submission, oldest first, with its delivery state: for the consultants'
 * workspace, to see whether the report reached the prospect.
 */
export async function emailStatesOf(db: Db, submissionId: string): Promise<EmailState[]> {
  const rows = await db
    .select({
      kind: outbox.kind,
      to: outbox.to,
      subject: outbox.subject,
      sentAt: outbox.sentAt,
      droppedAt: outbox.droppedAt,
      lastError: outbox.lastError,
      deliveryState: outbox.deliveryState,
      deliveryStateAt: outbox.deliveryStateAt,
    })
    .from(outbox)
    .where(eq(outbox.submissionId, submissionId))
    .orderBy(asc(outbox.createdAt), asc(outbox.id));
  return rows.map((row) => ({ ...row, deliveryState: isDeliveryState(row.deliveryState) ? row.deliveryState : null }));
}

function isDeliveryState(value: string | null): value is DeliveryState {
  return (DELIVERY_STATES as readonly (string | null)[]).includes(value);
}
