// Owns invitations: the only way into a workspace through the API. An admin invites an email
// with a role and gets a link, shown once; the person accepts it by proving the account of that
// email (its password) or, new to Tenure, by choosing a name and password. Nobody becomes a
// member without accepting, and inviting answers the same whether or not the email has an
// account. The link goes to the inviting admin (like a token's secret), who passes it on:
// Tenure's mail goes to customers through the notifications outbox (consent, customer records),
// and staff mail is not built yet.
import type { Ctx } from '../../deps.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { AppError, conflict, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import {
  addMembership,
  assertMayGrant,
  createAccount,
  findUserByEmail,
  findUsersByIds,
  hashPassword,
  isMemberByEmail,
  listMembershipsOfUser,
  passwordProblems,
  type PersonRefDto,
  type Role,
  verifyPassword,
} from '../users/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import {
  type AcceptInvitationInput,
  CreateInvitationBody,
  type CreateInvitationInput,
  type CreatedInvitationDto,
  type InvitationDto,
  type InvitationPreviewDto,
  toInvitationDto,
} from './auth.dto.ts';
import {
  findPendingInvitation,
  findPendingInvitationByHash,
  insertInvitation,
  type InvitationRow,
  listPendingInvitations,
  markInvitationAccepted,
  markInvitationRevoked,
  revokeInvitationsBy,
  revokeOpenInvitationsTo,
} from './auth.invitations.repository.ts';
import { type LoginResult, openSession, revokeTokensOfRemovedMember } from './auth.service.ts';
import { assertNotThrottled, forgiveLoginFailures, recordLoginFailure, throttleKeys } from './auth.throttle.ts';
import { digest, newSecret } from './secrets.ts';
import { problem } from '../../lib/problems.ts';

export const INVITATION_TTL_DAYS = 7;
const INVITATION_PREFIX = 'tiv_';

/** Who invites: their role (only an owner invites an owner) and the person, if any. */
export type Inviter = { role: Role; personId: string | null };

const invalidLink = () =>
  new AppError('not_found', 'This invitation link is not valid: it was used, revoked or has expired');

async function peopleById(ctx: Ctx, ids: (string | null)[]): Promise<Map<string, PersonRefDto>> {
  const users = await findUsersByIds(ctx.db, [...new Set(ids.filter((id): id is string => id !== null))]);
  return new Map(users.map((u) => [u.id, { id: u.id, name: u.name, email: u.email }]));
}

export async function inviteMember(
  ctx: Ctx & { config: Pick<Config, 'publicUrl'> },
  workspaceId: string,
  inviter: Inviter,
  input: CreateInvitationInput,
): Promise<CreatedInvitationDto> {
  const data = CreateInvitationBody.parse(input);
  assertMayGrant(inviter, data.role);
  // One query whether or not the email has an account, so the answer and its timing say nothing
  // about other workspaces; being a member here is something this admin can see anyway.
  if (await isMemberByEmail(ctx.db, workspaceId, data.email))
    throw conflict(`${data.email} is already a member of this workspace`);
  const token = newSecret(INVITATION_PREFIX);
  const now = ctx.now();
  const row = await ctx.db.transaction(async (tx) => {
    await revokeOpenInvitationsTo(tx, workspaceId, data.email, now);
    return insertInvitation(tx, {
      workspaceId,
      id: newId(),
      email: data.email,
      role: data.role,
      tokenHash: digest(token),
      invitedByUserId: inviter.personId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000),
    });
  });
  if (!row) throw conflict(`${data.email} was invited by someone else at the same moment; see the pending invitations`);
  const people = await peopleById(ctx, [row.invitedByUserId]);
  // The secret travels in the fragment, which browsers never send: it stays out of server logs.
  const acceptUrl = `${ctx.config.publicUrl.replace(/\/+$/, '')}/invite#${token}`;
  return { ...toInvitationDto(row, people.get(row.invitedByUserId ?? '') ?? null), token, acceptUrl };
}

export async function listInvitations(ctx: Ctx, workspaceId: string): Promise<InvitationDto[]> {
  const rows = await listPendingInvitations(ctx.db, workspaceId, ctx.now());
  const people = await peopleById(
    ctx,
    rows.map((r) => r.invitedByUserId),
  );
  return rows.map((r) => toInvitationDto(r, people.get(r.invitedByUserId ?? '') ?? null));
}

export async function revokeInvitation(
  ctx: Ctx,
  workspaceId: string,
  actor: { role: Role },
  id: string,
): Promise<void> {
  const row = await findPendingInvitation(ctx.db, workspaceId, id, ctx.now());
  if (!row) throw notFound('Pending invitation');
  assertMayGrant(actor, row.role);
  if (!(await markInvitationRevoked(ctx.db, workspaceId, id, ctx.now()))) throw notFound('Pending invitation');
}

async function pendingByToken(ctx: Ctx, token: string): Promise<InvitationRow> {
  const row = await findPendingInvitationByHash(ctx.db, digest(token), ctx.now());
  if (!row) throw invalidLink();
  return row;
}

/** What the link is for. It does not say whether the email has an account: the form asks for both. */
export async function previewInvitation(ctx: Ctx, token: string): Promise<InvitationPreviewDto> {
  const row = await pendingByToken(ctx, token);
  const [workspace, people] = await Promise.all([
    getWorkspace(ctx, row.workspaceId),
    peopleById(ctx, [row.invitedByUserId]),
  ]);
  return {
    workspace: { id: workspace.id, name: workspace.name },
    email: row.email,
    role: row.role,
    invitedBy: people.get(row.invitedByUserId ?? '')?.name ?? null,
    expiresAt: row.expiresAt.toISOString(),
  };
}

/**
 * Accepts: the account of the invited email proves itself with its password (throttled like
 * sign-in), or a person new to Tenure gets an account with the name and password given. The
 * invitation is used, the membership made and a session opened in one transaction.
 */
export async function acceptInvitation(
  ctx: Parameters<typeof openSession>[0],
  input: AcceptInvitationInput & { ip: string },
): Promise<LoginResult> {
  const row = await pendingByToken(ctx, input.token);
  const keys = throttleKeys(row.email, input.ip);
  await assertNotThrottled(ctx, keys);
  const existing = await findUserByEmail(ctx.db, row.email);
  let newAccount: { name: string; passwordHash: string } | undefined;
  if (existing) {
    if (!existing.passwordHash || !(await verifyPassword(existing.passwordHash, input.password))) {
      await recordLoginFailure(ctx, keys);
      throw new AppError('unauthenticated', `The password is not the one of the Tenure account of ${row.email}`);
    }
    await forgiveLoginFailures(ctx, keys);
  } else {
    const fields = [
      ...(input.name ? [] : [{ path: 'name', ...problem('required_for_new_account') }]),
      ...passwordProblems(input.password, { email: row.email, name: input.name }),
    ];
    if (fields.length)
      throw new AppError('validation_failed', 'A person new to Tenure chooses a name and a password', { fields });
    newAccount = { name: input.name as string, passwordHash: await hashPassword(input.password) };
  }
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const userId =
      existing?.id ??
      (await createAccount(txCtx, { email: row.email, ...(newAccount as { name: string; passwordHash: string }) }))?.id;
    if (!userId) throw conflict(`An account for ${row.email} was created meanwhile; accept with its password`);
    if (!(await markInvitationAccepted(tx, row.workspaceId, row.id, userId, ctx.now()))) throw invalidLink();
    // Already a member (added meanwhile): the invitation is used and their role stays as it is.
    const added = await addMembership(txCtx, row.workspaceId, userId, row.role);
    const role = added
      ? row.role
      : (await listMembershipsOfUser(tx, userId)).find((m) => m.workspaceId === row.workspaceId)?.role;
    return openSession(txCtx, userId, { workspaceId: row.workspaceId, role: role ?? row.role });
  });
}

/** Inside the removal of a member: their API tokens and open invitations in that workspace are revoked. */
export const onMemberRemoved = (ctx: Pick<Ctx, 'now'>) => {
  const revokeTokens = revokeTokensOfRemovedMember(ctx);
  return async (tx: Db, workspaceId: string, userId: string) => {
    await revokeTokens(tx, workspaceId, userId);
    await revokeInvitationsBy(tx, workspaceId, userId, ctx.now());
  };
};
