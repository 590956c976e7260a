import { and, asc, eq, inArray, isNull, lte, or, lt, sql } from 'drizzle-orm';
import { Resend } from 'resend';
import type { Db } from './db/client.ts';
import { outbox } from './db/schema.ts';
import type { EmailMessage } from './email/templates.ts';

export type OutboxKind = (typeof outbox.$inferInsert)['kind'];
export type OutboxRow = typeof outbox.$inferSelect;

/** Sends one email; `id` is the outbox row id, used as the provider's idempotency key. */
export interface Mailer {
  send(message: { id: string; to: string[]; subject: string; html: string; text: string }): Promise<{ providerId: string }>;
}

/** How long one worker may hold a row while sending it. */
const CLAIM_MS = 2 * 60_000;
/** Longest wait between two attempts. */
const MAX_BACKOFF_MS = 6 * 60 * 60_000;

/** Wait before attempt `attempts + 1`: 1, 2, 4, 8 … minutes, at most 6 hours. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 60_000 * 2 ** Math.max(0, attempts - 1));
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
          resend.emails.send({ from, to: message.to, subject: message.subject, html: message.html, text: message.text }, { idempotencyKey: message.id }),
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

/** Rows to insert into the outbox, in the caller's transaction. */
export function outboxRow(kind: OutboxKind, to: string[], message: EmailMessage, submissionId: string | null = null): typeof outbox.$inferInsert {
  return { kind, to, subject: message.subject, html: message.html, text: message.text, submissionId };
}

export interface DeliveryResult {
  sent: number;
  failed: number;
  /** Unsent rows left untouched because there is no mailer (no RESEND_API_KEY). */
  held: number;
}

/**
 * Sends due outbox rows: claims them (so no other worker sends them at the same
 * time), sends each with its id as idempotency key, then records success or the
 * next attempt with backoff.
 * @param options.ids only these rows (right after the transaction that wrote them)
 * @param options.ignoreBackoff also rows still waiting for their next attempt (manual runs)
 */
export async function deliverPending(
  db: Db,
  mailer: Mailer | null,
  options: { ids?: string[]; ignoreBackoff?: boolean; limit?: number; now?: Date; log?: (line: string) => void } = {},
): Promise<DeliveryResult> {
  const now = options.now ?? new Date();
  const log = options.log ?? ((line: string) => console.info(line));
  const due = and(
    isNull(outbox.sentAt),
    or(isNull(outbox.claimedUntil), lt(outbox.claimedUntil, now)),
    options.ignoreBackoff ? undefined : lte(outbox.nextAttemptAt, now),
    options.ids ? inArray(outbox.id, options.ids.length > 0 ? options.ids : ['00000000-0000-0000-0000-000000000000']) : undefined,
  );
  if (!mailer) {
    const held = await db.select().from(outbox).where(due);
    for (const row of held) log(`[outbox] RESEND_API_KEY is not set: "${row.subject}" to ${row.to.join(', ')} stays in the outbox (see /dev/outbox)`);
    return { sent: 0, failed: 0, held: held.length };
  }

  const claimed = await db.transaction(async (tx) => {
    const ids = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(due)
      .orderBy(asc(outbox.createdAt))
      .limit(options.limit ?? 50)
      .for('update', { skipLocked: true });
    if (ids.length === 0) return [];
    return tx
      .update(outbox)
      .set({ claimedUntil: new Date(now.getTime() + CLAIM_MS), attempts: sql`${outbox.attempts} + 1` })
      .where(inArray(outbox.id, ids.map((r) => r.id)))
      .returning();
  });

  let sent = 0;
  let failed = 0;
  for (const row of claimed) {
    try {
      const { providerId } = await mailer.send({ id: row.id, to: row.to, subject: row.subject, html: row.html, text: row.text });
      await db.update(outbox).set({ sentAt: new Date(), providerId, claimedUntil: null, lastError: null }).where(eq(outbox.id, row.id));
      sent++;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await db
        .update(outbox)
        .set({ claimedUntil: null, lastError: message.slice(0, 500), nextAttemptAt: new Date(Date.now() + backoffMs(row.attempts)) })
        .where(eq(outbox.id, row.id));
      log(`[outbox] ${row.kind} email ${row.id} failed (attempt ${row.attempts}): ${message}`);
      failed++;
    }
  }
  return { sent, failed, held: 0 };
}
