// Owns a person's own account security: changing their password (which ends their other
// sessions) and seeing and ending their sessions. Only a signed-in person, never an API token.
// The current password is checked like a sign-in (auth.person.ts).
import type { Config } from '../../config.ts';
import type { Ctx } from '../../deps.ts';
import { invalidField, notFound } from '../../errors.ts';
import type { Auth } from '../../http/context.ts';
import { hashPassword, setPasswordHash, weakPasswordProblem } from '../users/index.ts';
import { problem } from '../../lib/problems.ts';
import { listWorkspaces } from '../workspaces/index.ts';
import type { ChangePasswordInput, SessionDto } from './auth.dto.ts';
import { deleteSessionOf, deleteSessionsOf, listLiveSessionsOf } from './auth.repository.ts';
import { checkOwnPassword, signedInPerson } from './auth.person.ts';

type AccountCtx = Ctx & { config: Pick<Config, 'login'> };

/** Changes the caller's password after checking the current one; their other sessions end. */
export async function changePassword(
  ctx: AccountCtx,
  auth: Auth,
  input: ChangePasswordInput & { ip: string },
): Promise<{ endedSessions: number }> {
  const person = signedInPerson(auth);
  const user = await checkOwnPassword(ctx, person.userId, {
    password: input.currentPassword,
    path: 'currentPassword',
    ip: input.ip,
  });
  if (input.newPassword === input.currentPassword)
    throw invalidField('newPassword', problem('password_same'), 'The new password must differ from the current one');
  const weak = weakPasswordProblem(input.newPassword, { email: user.email, name: user.name });
  if (weak) throw invalidField('newPassword', weak, `The new password ${weak.message}`);
  await setPasswordHash(ctx, person.userId, await hashPassword(input.newPassword));
  return { endedSessions: await deleteSessionsOf(ctx.db, person.userId, person.sessionTokenHash) };
}

/** The caller's live sessions in every workspace, the current one marked. */
export async function listOwnSessions(ctx: Ctx, auth: Auth): Promise<SessionDto[]> {
  const person = signedInPerson(auth);
  const rows = await listLiveSessionsOf(ctx.db, person.userId, ctx.now());
  const spaces = await listWorkspaces(ctx, [...new Set(rows.map((r) => r.workspaceId))]);
  const names = new Map(spaces.map((w) => [w.id, w.name]));
  return rows.map((r) => ({
    id: r.id,
    current: r.tokenHash === person.sessionTokenHash,
    workspace: { id: r.workspaceId, name: names.get(r.workspaceId) ?? '' },
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    ip: r.ip,
    userAgent: r.userAgent,
  }));
}

/** Ends one of the caller's sessions (the current one too: that is signing out). */
export async function endOwnSession(ctx: Ctx, auth: Auth, id: string): Promise<{ wasCurrent: boolean }> {
  const person = signedInPerson(auth);
  const tokenHash = await deleteSessionOf(ctx.db, person.userId, id);
  if (!tokenHash) throw notFound('Session');
  return { wasCurrent: tokenHash === person.sessionTokenHash };
}

/** Ends every session of the caller except the current one. */
export async function endOtherSessions(ctx: Ctx, auth: Auth): Promise<{ endedSessions: number }> {
  const person = signedInPerson(auth);
  return { endedSessions: await deleteSessionsOf(ctx.db, person.userId, person.sessionTokenHash) };
}
