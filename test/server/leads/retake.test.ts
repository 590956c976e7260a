import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox, submissions, suspectedSubmissions } from '../../../src/server/db/schema.ts';
import { createSubmission, type LeadDeps } from '../../../src/server/leads/submissions.ts';
import { changeFor, changeForToken, readRetake, retakeResponse, RETAKE_LIMIT, type RetakeDeps } from '../../../src/server/leads/retake.ts';
import { eraseSubmission } from '../../../src/server/leads/erasure.ts';
import { submissionHistory } from '../../../src/server/workspace/history.ts';
import { resendReport } from '../../../src/server/workspace/workspace.ts';
import { settled } from '../../../src/server/lib/after.ts';
import { buildReport } from '../../../src/domain/report.ts';
import { RETAKE_KEYS, type RetakeData } from '../../../src/domain/retake.ts';
import { scoredOptions } from '../../../src/domain/question.ts';
import type { Answers } from '../../../src/domain/scoring.ts';
import type { SubmissionPayload } from '../../../src/domain/schemas/submission.ts';
import { realQuestionnaire } from '../../helpers/content.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';
import { clearLeadTables, jsonRequest, TEST_CONTACT, TEST_IP_HASH_SALT, testLeadDeps, validPayload } from '../../helpers/submission.ts';

const q = realQuestionnaire();

/** Every question answered with its best option (a checklist with every option ticked): a higher score than `validPayload`'s. */
function bestAnswers(): Answers {
  return Object.fromEntries(
    q.questions.map((question) => {
      const options = [...scoredOptions(question)].sort((a, b) => b.score - a.score);
      return [question.id, question.kind === 'checklist' ? options.map((o) => o.id) : options[0]!.id];
    }),
  );
}

describe.each(TEST_DATABASES)('retake and change on $name', (testDb) => {
  const database = openForSuite(testDb);
  let deps: LeadDeps;
  let retakeDeps: RetakeDeps;

  beforeEach(async () => {
    await clearLeadTables(database.db);
    deps = testLeadDeps(database.db, q);
    retakeDeps = { db: async () => database.db, questionnaire: q, env: { IP_HASH_SALT: TEST_IP_HASH_SALT }, ip: '198.51.100.4' };
  });

  /** Submits `payload` and returns the stored row. */
  async function submit(overrides: Partial<SubmissionPayload> = {}) {
    const response = await createSubmission(jsonRequest(validPayload(q, overrides)), deps);
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    // Its emails are rendered after the response.
    await settled();
    const [row] = await database.db.select().from(submissions).where(eq(submissions.id, id));
    return row!;
  }

  describe('GET /api/retake/<token>', () => {
    it('answers the answers, segment, numbers and scores, and no personal field', async () => {
      const row = await submit();
      const response = await retakeResponse(row.token, retakeDeps);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      const body = (await response.json()) as RetakeData;
      expect(Object.keys(body).sort()).toEqual([...RETAKE_KEYS].sort());
      expect(Object.keys(body.previous!).sort()).toEqual(['currency', 'dimensions', 'metrics', 'overall']);
      for (const d of body.previous!.dimensions) expect(Object.keys(d).sort()).toEqual(['id', 'score']);
      for (const m of body.previous!.metrics) expect(Object.keys(m).sort()).toEqual(['id', 'value']);
      expect(body).toMatchObject({ locale: 'es', questionnaireVersion: q.version, submittedAt: row.createdAt.toISOString(), answers: row.answers, segment: row.segment, metricInputs: row.metricInputs });
      expect(body.previous!.overall).toBe(row.overallScore);
      const text = JSON.stringify(body);
      for (const personal of [TEST_CONTACT.name, TEST_CONTACT.email, TEST_CONTACT.company, TEST_CONTACT.role, row.token, row.id]) expect(text).not.toContain(personal);
    });

    it('leaves out answers the current questionnaire no longer asks, and options it no longer offers', async () => {
      const row = await submit();
      const [first, second] = q.questions.filter((x) => x.kind !== 'checklist');
      await database.db.update(submissions).set({ answers: { ...row.answers, 'gone-question': 'yes', [first!.id]: 'gone-option' }, segment: { businessModel: 'gone-model', dealSize: 'acv-under-12k' } }).where(eq(submissions.id, row.id));
      const read = await readRetake(row.token, retakeDeps);
      if (read.kind !== 'ok') throw new Error(read.kind);
      expect(read.value.answers).not.toHaveProperty('gone-question');
      expect(read.value.answers).not.toHaveProperty(first!.id);
      expect(read.value.answers[second!.id]).toBe(row.answers[second!.id]);
      expect(read.value.segment).toEqual({ dealSize: 'acv-under-12k' });
    });

    it('answers 404 for an unknown token, a malformed one, an erased lead\'s and a suspected bot\'s alike', async () => {
      const row = await submit();
      const suspectedToken = 'suspected-token-0123456789abc';
      await database.db.insert(suspectedSubmissions).values({ token: suspectedToken, idempotencyKey: randomUUID(), locale: 'es', report: row.report, reason: 'honeypot', ipHash: 'hash' });
      const erased = await submit();
      await eraseSubmission(database.db, erased.id, { actor: 'c1@example.com', crmTargets: [] });
      for (const token of ['unknown-token-0123456789abcdef', 'bad token', suspectedToken, erased.token]) {
        const response = await retakeResponse(token, retakeDeps);
        expect(response.status, token).toBe(404);
        expect(await response.json()).toEqual({ error: 'No report with this token.' });
      }
    });

    it(`answers 429 with Retry-After past ${RETAKE_LIMIT.limit} reads an hour from one address, and not to another address`, async () => {
      const row = await submit();
      const now = new Date('2026-03-12T10:05:00Z');
      const at = { ...retakeDeps, now: () => now };
      for (let i = 0; i < RETAKE_LIMIT.limit; i++) expect((await retakeResponse(row.token, at)).status).toBe(200);
      const refused = await retakeResponse(row.token, at);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe(String(55 * 60));
      expect((await retakeResponse(row.token, { ...at, ip: '198.51.100.5' })).status).toBe(200);
    });

    it('answers 503 when the database is unavailable', async () => {
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
      const response = await retakeResponse('any-token-0123456789abcdef', { ...retakeDeps, db: async () => Promise.reject(new Error('down')) });
      expect(response.status).toBe(503);
      logged.mockRestore();
    });
  });

  describe('the same email submitting again', () => {
    it('points the second submission at the first, whatever the case of the email', async () => {
      const first = await submit();
      const second = await submit({ contact: { ...TEST_CONTACT, email: 'ANA@Example.com' }, answers: bestAnswers() });
      expect(first.previousSubmissionId).toBeNull();
      expect(second.previousSubmissionId).toBe(first.id);
      const third = await submit({ answers: bestAnswers() });
      expect(third.previousSubmissionId).toBe(second.id);
    });

    it('never points at another email\'s submission, or at an erased one', async () => {
      const other = await submit({ contact: { ...TEST_CONTACT, email: 'bruno@example.com' } });
      const mine = await submit();
      expect(mine.previousSubmissionId).toBeNull();
      await eraseSubmission(database.db, other.id, { actor: 'c1@example.com', crmTargets: [] });
      const brunoAgain = await submit({ contact: { ...TEST_CONTACT, email: 'bruno@example.com' } });
      expect(brunoAgain.previousSubmissionId).toBeNull();
    });

    it('sends the report email with the change per dimension and metric, in HTML and plain text', async () => {
      await submit();
      const second = await submit({ answers: bestAnswers(), metricInputs: { period: 'month', customersAtStart: 200, customersLost: 2 } });
      const [email] = await database.db.select().from(outbox).where(eq(outbox.submissionId, second.id)).then((rows) => rows.filter((r) => r.kind === 'report'));
      const t = q.ui.change;
      const change = await changeFor(database.db, second.id);
      expect(change!.overall.delta).toBeGreaterThan(0);
      const date = new Intl.DateTimeFormat('es-ES', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(change!.since));
      const summary = `Desde el ${date}: +${change!.overall.delta} puntos en la puntuación total`;
      for (const body of [email!.html, email!.text]) {
        expect(body).toContain(t.title.es);
        expect(body).toContain(summary);
        // Churn fell from 3 % to 1 % a month: an arrow, the points, and the words.
        expect(body).toContain('▼ −2 p. p. (bajó 2 p. p.: mejor)');
      }
      const raised = change!.dimensions.find((d) => (d.delta ?? 0) > 0)!;
      const name = q.dimensions.find((d) => d.id === raised.id)!.name.es;
      expect(email!.text).toContain(`${name}: ▲ +${raised.delta} (subió ${raised.delta} ${raised.delta === 1 ? 'punto' : 'puntos'})`);
      // "Take it again" from this report: the permalink's token only.
      expect(email!.text).toContain(`https://diagnostico.example/diagnostico/?retake=${second.token}`);
      expect(email!.html).toContain(`href="https://diagnostico.example/diagnostico/?retake=${second.token}"`);
    });

    it('resends the report from the workspace with the same change', async () => {
      await submit();
      const second = await submit({ answers: bestAnswers() });
      const outboxId = await resendReport(database.db, second.id, 'c1@example.com', { questionnaire: q, siteUrl: 'https://diagnostico.example', salt: TEST_IP_HASH_SALT });
      const emails = await database.db.select().from(outbox).where(eq(outbox.submissionId, second.id));
      const first = emails.find((e) => e.kind === 'report')!;
      const resent = emails.find((e) => e.id === outboxId)!;
      // The change's section, from its heading to the next blank line, reads the same in both.
      const section = (text: string) => text.slice(text.indexOf(q.ui.change.title.es)).split('\n\n')[0];
      expect(section(resent.text!)).toContain(q.ui.change.title.es);
      expect(section(resent.text!)).toBe(section(first.text!));
    });

    it('sends a first report without a change, but with "take it again"', async () => {
      const first = await submit();
      const [email] = await database.db.select().from(outbox).where(eq(outbox.submissionId, first.id)).then((rows) => rows.filter((r) => r.kind === 'report'));
      expect(email!.text).not.toContain(q.ui.change.title.es);
      expect(email!.text).toContain(`${q.ui.change.retake.es}: https://diagnostico.example/diagnostico/?retake=${first.token}`);
    });

    it('gives the permalink the change since the submission it was taken again from, and nothing for a first one or an unknown token', async () => {
      const first = await submit();
      const second = await submit({ answers: bestAnswers(), retakeOf: first.token });
      expect(second.previousProven).toBe(true);
      const change = await changeForToken(second.token, async () => database.db);
      const expected = buildReport(q, { answers: bestAnswers(), segment: validPayload(q).segment, metricInputs: validPayload(q).metricInputs }, 'es');
      expect(change).toMatchObject({ since: first.createdAt.toISOString(), overall: { from: first.overallScore, to: expected.overall.score } });
      expect(await changeForToken(first.token, async () => database.db)).toBeNull();
      expect(await changeForToken('unknown-token-0123456789abcdef', async () => database.db)).toBeNull();
    });

    it("shows no change on the permalink of someone who only typed the address: its earlier scores go to the address's email alone", async () => {
      const owner = await submit();
      // Someone else types the owner's address, without the owner's permalink, or with a permalink of another address.
      const stranger = await submit({ answers: bestAnswers() });
      const other = await submit({ contact: { ...TEST_CONTACT, email: 'bruno@example.com' } });
      const forged = await submit({ answers: bestAnswers(), retakeOf: other.token });
      for (const row of [stranger, forged]) {
        expect(row.previousProven, 'not proven').toBe(false);
        expect(await changeForToken(row.token, async () => database.db), 'no change on the permalink').toBeNull();
      }
      // The link stays for the email (which the owner's mailbox receives) and the workspace.
      expect(stranger.previousSubmissionId).toBe(owner.id);
      expect(forged.previousSubmissionId).toBe(stranger.id);
      expect(await changeFor(database.db, stranger.id)).not.toBeNull();
    });

    it('measures the change from the submission taken again, even when a later one has the same email', async () => {
      const first = await submit();
      await submit({ answers: bestAnswers() });
      const retake = await submit({ retakeOf: first.token });
      expect(retake).toMatchObject({ previousSubmissionId: first.id, previousProven: true });
    });

    it('unlinks the submissions of an erased lead, both ways', async () => {
      const first = await submit();
      const second = await submit();
      const third = await submit();
      await eraseSubmission(database.db, second.id, { actor: 'c1@example.com', crmTargets: [] });
      const links = Object.fromEntries((await database.db.select({ id: submissions.id, previous: submissions.previousSubmissionId }).from(submissions)).map((r) => [r.id, r.previous]));
      expect(links).toEqual({ [first.id]: null, [second.id]: null, [third.id]: null });
      expect(await changeFor(database.db, third.id)).toBeNull();
    });
  });

  describe("the workspace's timeline", () => {
    it('lists every submission from the same email, oldest first, with the change since the one before', async () => {
      const first = await submit();
      await submit({ contact: { ...TEST_CONTACT, email: 'bruno@example.com' } });
      const second = await submit({ contact: { ...TEST_CONTACT, email: 'Ana@EXAMPLE.com' }, answers: bestAnswers() });
      for (const id of [first.id, second.id]) {
        const history = await submissionHistory(database.db, id);
        expect(history.map((h) => h.id)).toEqual([first.id, second.id]);
        expect(history.map((h) => h.current)).toEqual([id === first.id, id === second.id]);
        expect(history[0]).toMatchObject({ overallScore: first.overallScore, band: first.band, delta: null, direction: null });
        expect(history[1]).toMatchObject({ overallScore: second.overallScore, delta: second.overallScore! - first.overallScore!, direction: 'up' });
      }
    });

    it('is empty for an erased or unknown submission', async () => {
      const first = await submit();
      await submit();
      await eraseSubmission(database.db, first.id, { actor: 'c1@example.com', crmTargets: [] });
      expect(await submissionHistory(database.db, first.id)).toEqual([]);
      expect(await submissionHistory(database.db, randomUUID())).toEqual([]);
      expect(await submissionHistory(database.db, 'not-a-uuid')).toEqual([]);
    });
  });
});
