// Owns people use cases: add someone to a workspace (the CLI and new workspaces; through the API
// people join by accepting an invitation, see the auth domain), change a role, remove a member,
// change one's own name. Rules: only an owner grants or takes the owner role; a workspace keeps
// at least one owner; a person's name is changed only by that person.
import type { Ctx } from '../../deps.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { Db } from '../../db/client.ts';
import { CreateMemberBody, type CreateMemberInput, type MemberDto, type UpdateMemberInput } from './users.dto.ts';
import { hashPassword } from './password.ts';
import { membershipChanged } from './users.changes.ts';
import {
  countOwners,
  deleteMembership,
  findMember,
  insertMembership,
  insertUser,
  insertUserIfNew,
  listMembers,
  type MemberRow,
  setKpiDigest,
  updateMemberRole,
  updateUserRow,
} from './users.repository.ts';
import { findUserByEmail } from './users.sources.ts';
import type { Role } from './users.schema.ts';
import { problem } from '../../lib/problems.ts';

export type Actor = { role: Role };
/** Called inside the removal's transaction (the app revokes the person's tokens and invitations here). */
export type OnMemberRemoved = (tx: Db, workspaceId: string, userId: string) => Promise<void>;

const toDto = (m: MemberRow): MemberDto => ({ ...m, joinedAt: m.joinedAt.toISOString() });

export function assertMayGrant(actor: Actor, role: Role) {
  if (role === 'owner' && actor.role !== 'owner') throw forbidden('Only an owner can grant or remove the owner role');
}

/** A new account (hash the password first, outside any transaction); undefined when the email has one already. */
export async function createAccount(ctx: Ctx, input: { email: string; name: string; passwordHash: string }) {
  const now = ctx.now();
  return insertUserIfNew(ctx.db, {
    id: newId(),
    email: input.email,
    name: input.name,
    passwordHash: input.passwordHash,
    createdAt: now,
    updatedAt: now,
  });
}

/** Makes the person a member with the role; false when they are one already (their role is kept). */
export const addMembership = (ctx: Ctx, workspaceId: string, userId: string, role: Role): Promise<boolean> =>
  insertMembership(ctx.db, { workspaceId, userId, role, createdAt: ctx.now() });

/** One's own name: the only way a name changes, so no workspace admin rewrites what others see. */
export async function updateOwnName(ctx: Ctx, userId: string, name: string): Promise<void> {
  await updateUserRow(ctx.db, userId, { name, updatedAt: ctx.now() });
}

/** A person's own mail preferences: their language (everywhere) and the KPI digest (in this workspace). */
export async function setOwnPreferences(
  ctx: Ctx,
  workspaceId: string,
  userId: string,
  p: { locale?: string | null; kpiDigest?: boolean },
): Promise<void> {
  if (p.locale !== undefined) await updateUserRow(ctx.db, userId, { locale: p.locale, updatedAt: ctx.now() });
  if (p.kpiDigest !== undefined) await setKpiDigest(ctx.db, workspaceId, userId, p.kpiDigest);
}

/** Stores a new password (already hashed, outside any transaction) for the person. */
export async function setPasswordHash(ctx: Ctx, userId: string, passwordHash: string): Promise<void> {
  await updateUserRow(ctx.db, userId, { passwordHash, updatedAt: ctx.now() });
}

export async function addMember(
  ctx: Ctx,
  workspaceId: string,
  actor: Actor,
  input: CreateMemberInput,
): Promise<MemberDto> {
  const data = CreateMemberBody.parse(input);
  assertMayGrant(actor, data.role);
  let user = await findUserByEmail(ctx.db, data.email);
  if (!user) {
    if (!data.password) {
      throw new AppError('validation_failed', 'A password is needed for a person new to Tenure', {
        fields: [{ path: 'password', ...problem('required_for_new_account') }],
      });
    }
    const now = ctx.now();
    user = await insertUser(ctx.db, {
      id: newId(),
      email: data.email,
      name: data.name,
      passwordHash: await hashPassword(data.password),
      createdAt: now,
      updatedAt: now,
    });
  }
  const added = await insertMembership(ctx.db, { workspaceId, userId: user.id, role: data.role, createdAt: ctx.now() });
  if (!added) throw new AppError('conflict', `${data.email} is already a member of this workspace`);
  return getMember(ctx, workspaceId, user.id);
}

export async function listWorkspaceMembers(ctx: Ctx, workspaceId: string): Promise<MemberDto[]> {
  return (await listMembers(ctx.db, workspaceId)).map(toDto);
}

export async function getMember(ctx: Ctx, workspaceId: string, userId: string): Promise<MemberDto> {
  const member = await findMember(ctx.db, workspaceId, userId);
  if (!member) throw notFound('Member');
  return toDto(member);
}

async function assertKeepsAnOwner(ctx: Ctx, workspaceId: string, member: MemberRow) {
  if (member.role === 'owner' && (await countOwners(ctx.db, workspaceId)) <= 1) {
    throw new AppError('conflict', 'A workspace needs at least one owner; make someone else owner first');
  }
}

export async function updateMember(
  ctx: Ctx,
  workspaceId: string,
  actor: Actor,
  userId: string,
  patch: UpdateMemberInput,
): Promise<MemberDto> {
  const member = await findMember(ctx.db, workspaceId, userId);
  if (!member) throw notFound('Member');
  if (patch.role !== member.role) {
    assertMayGrant(actor, patch.role);
    assertMayGrant(actor, member.role);
    await assertKeepsAnOwner(ctx, workspaceId, member);
    // The person's API tokens narrow with them: their role is checked against the creator's at each use.
    await updateMemberRole(ctx.db, workspaceId, userId, patch.role);
    membershipChanged();
  }
  return getMember(ctx, workspaceId, userId);
}

export async function removeMember(
  ctx: Ctx,
  workspaceId: string,
  actor: Actor,
  userId: string,
  onRemoved?: OnMemberRemoved,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const member = await findMember(tx, workspaceId, userId);
    if (!member) throw notFound('Member');
    assertMayGrant(actor, member.role);
    await assertKeepsAnOwner({ ...ctx, db: tx }, workspaceId, member);
    await deleteMembership(tx, workspaceId, userId);
    await onRemoved?.(tx, workspaceId, userId);
  });
  membershipChanged();
}
