import { z } from 'astro/zod';
import type { Db } from '../db/client.ts';
import { MAX_REQUEST_BODY_BYTES } from '../lib/body.ts';
import { readForm, REFUSAL_STATUS } from '../lib/form.ts';
import { ConsultantError, inviteConsultant, removeConsultant, type ConsultantIssue, type InvitationResult, type RemovalResult } from './team.ts';

/** A post of the team page: which form was sent (`action`) and its fields, as typed. */
export const TeamPostSchema = z.object({
  action: z.enum(['invite', 'remove'], { error: 'must be invite or remove' }),
  email: z.string().default(''),
  name: z.string().default(''),
  role: z.string().default(''),
});
export type TeamPost = z.infer<typeof TeamPostSchema>;

/** The status of a post an owner-only action refused to someone who is not an owner. */
export const FORBIDDEN_STATUS = 403;

/**
 * What a post of the team page came to: `invited` or `removed`; `refused` with the status to answer
 * (400 a field is wrong, 403 not an owner, 404 nobody on the team by that address), the issues by
 * field and what was typed (to show the form back filled in); or a refusal of the body itself
 * (`too-large`) or of the database (`unavailable`).
 */
export type TeamPostResult =
  | { kind: 'invited'; invitation: InvitationResult }
  | { kind: 'removed'; removal: RemovalResult }
  | { kind: 'refused'; status: number; action: TeamPost['action'] | null; input: Omit<TeamPost, 'action'>; issues: ConsultantIssue[] }
  | { kind: 'too-large' | 'unavailable'; error: string };

/**
 * An owner's post on the team page (a plain HTML form: `action=invite` with `email`, `name`,
 * `role`; `action=remove` with `email`), done as `actor`. Sends nothing: after `invited`, the page
 * emails the invited consultant a sign-in link.
 */
export async function teamPost(db: () => Promise<Db>, request: Request, actor: string): Promise<TeamPostResult> {
  const form = await readForm(request, TeamPostSchema, { accept: 'form', maxBytes: MAX_REQUEST_BODY_BYTES, page: true, error: 'Invalid team change' });
  if (form.kind === 'too-large') return { kind: 'too-large', error: form.error };
  if (form.kind !== 'ok') {
    const issues: ConsultantIssue[] = [{ field: 'action', reason: 'invalid', message: 'must be invite or remove' }];
    return { kind: 'refused', status: REFUSAL_STATUS.invalid, action: null, input: { email: '', name: '', role: '' }, issues };
  }
  const { action, ...input } = form.value;
  try {
    const database = await db();
    if (action === 'invite') return { kind: 'invited', invitation: await inviteConsultant(database, input, actor) };
    return { kind: 'removed', removal: await removeConsultant(database, input.email, actor) };
  } catch (error) {
    if (error instanceof ConsultantError) {
      const status = error.code === 'forbidden' ? FORBIDDEN_STATUS : REFUSAL_STATUS[error.code];
      return { kind: 'refused', status, action, input, issues: error.issues };
    }
    console.error('[team] database unavailable:', error instanceof Error ? error.message : error);
    return { kind: 'unavailable', error: 'The database is unavailable; nothing was changed. Retry later.' };
  }
}
