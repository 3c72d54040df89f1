// Owns sign-in and credentials: password login (throttled: auth.throttle.ts), sessions, API
// tokens, and turning a presented secret into the caller's workspace and role.
import type { Ctx } from '../../deps.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import type { Db } from '../../db/client.ts';
import type { Config } from '../../config.ts';
import type { Auth } from '../../http/context.ts';
import { narrowRole } from '../../http/permissions.ts';
import { newId } from '../../ids.ts';
import {
  decoyHash,
  findUserByEmail,
  findUserById,
  findUsersByIds,
  listMembershipsOfUser,
  listWorkspaceMembers,
  type Role,
  mailPreferences,
  verifyPassword,
} from '../users/index.ts';
import { listWorkspaces } from '../workspaces/index.ts';
import {
  type ApiTokenDto,
  type CreateApiTokenInput,
  type MeDto,
  type TokenCreator,
  toApiTokenDto,
} from './auth.dto.ts';
import {
  deleteSession,
  findApiToken,
  findApiTokenByHash,
  findLiveSession,
  insertApiToken,
  insertSession,
  listApiTokenRows,
  markApiTokenRevoked,
  revokeApiTokensOf,
  setSessionWorkspace,
  touchApiToken,
} from './auth.repository.ts';
import { checkSecondFactor } from './auth.second-factor.ts';
import { type CachedToken, cachedToken, forgetTokens, tokenLookup } from './auth.token-cache.ts';
import { assertNotThrottled, forgiveLoginFailures, recordLoginFailure, throttleKeys } from './auth.throttle.ts';
import { digest, newSecret } from './secrets.ts';
import { problem } from '../../lib/problems.ts';

type AuthCtx = Ctx & { config: Pick<Config, 'sessionTtlHours' | 'login' | 'secrets'> };

export const SESSION_COOKIE = 'tenure_session';
export const API_TOKEN_PREFIX = 'tnr_';

export type LoginResult = { sessionToken: string; expiresAt: Date; auth: Auth };

export async function login(
  ctx: AuthCtx,
  input: { email: string; password: string; code?: string; workspaceId?: string; ip: string; userAgent?: string },
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const keys = throttleKeys(email, input.ip);
  await assertNotThrottled(ctx, keys);
  const user = await findUserByEmail(ctx.db, email);
  // Verify against a decoy when there is no account, so timing does not reveal accounts.
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), input.password);
  if (!user?.passwordHash || !ok) {
    await recordLoginFailure(ctx, keys);
    throw new AppError('unauthenticated', 'The email or password is incorrect');
  }
  const second = await checkSecondFactor(ctx, user.id, input.code);
  if (second === 'missing')
    throw new AppError('second_factor_required', 'Enter the code from your authenticator app (or a recovery code)');
  if (second === 'wrong') {
    await recordLoginFailure(ctx, keys);
    throw new AppError('unauthenticated', 'The code is incorrect or was used already');
  }
  const memberships = await listMembershipsOfUser(ctx.db, user.id);
  const membership = input.workspaceId ? memberships.find((m) => m.workspaceId === input.workspaceId) : memberships[0];
  if (!membership) {
    throw forbidden(
      input.workspaceId ? 'You are not a member of that workspace' : 'Your account is not a member of any workspace',
    );
  }
  await forgiveLoginFailures(ctx, keys);
  return openSession(ctx, user.id, membership, { ip: input.ip, userAgent: input.userAgent });
}

/** Where a session is opened from, kept so the person can recognise it among their sessions. */
export type SessionClient = { ip?: string; userAgent?: string };

/** A new session for the person in the workspace (after sign-in or accepting an invitation). */
export async function openSession(
  ctx: AuthCtx,
  userId: string,
  membership: { workspaceId: string; role: Role },
  client: SessionClient = {},
): Promise<LoginResult> {
  const sessionToken = newSecret('');
  const expiresAt = new Date(ctx.now().getTime() + ctx.config.sessionTtlHours * 3_600_000);
  const tokenHash = digest(sessionToken);
  await insertSession(ctx.db, {
    tokenHash,
    userId,
    workspaceId: membership.workspaceId,
    createdAt: ctx.now(),
    expiresAt,
    ip: client.ip && client.ip !== 'unknown' ? client.ip.slice(0, 64) : null,
    userAgent: client.userAgent ? client.userAgent.slice(0, 300) : null,
  });
  return { sessionToken, expiresAt, auth: sessionAuth(membership.workspaceId, membership.role, userId, tokenHash) };
}

const sessionAuth = (workspaceId: string, role: Role, userId: string, tokenHash: string): Auth => ({
  workspaceId,
  role,
  userId,
  personId: userId,
  limitRole: null,
  tokenId: null,
  via: 'session',
  sessionTokenHash: tokenHash,
});

export async function logout(ctx: Pick<AuthCtx, 'db'>, sessionTokenHash: string): Promise<void> {
  await deleteSession(ctx.db, sessionTokenHash);
}

/** The session's caller, with the role as it is now (a changed role applies at once). */
export async function authenticateSession(
  ctx: Pick<AuthCtx, 'db' | 'now'>,
  sessionToken: string,
): Promise<Auth | undefined> {
  const tokenHash = digest(sessionToken);
  const session = await findLiveSession(ctx.db, tokenHash, ctx.now());
  if (!session) return undefined;
  const memberships = await listMembershipsOfUser(ctx.db, session.userId);
  const membership = memberships.find((m) => m.workspaceId === session.workspaceId);
  if (!membership) return undefined;
  return sessionAuth(session.workspaceId, membership.role, session.userId, tokenHash);
}

/**
 * The token's caller. A token acts for the person who made it, and never beyond what that person
 * may do now: their membership is read with the token (a demotion or a removal by any path
 * applies), through a memory of a few seconds (auth.token-cache.ts: at once for changes made by
 * this process, within its TTL for others).
 */
export async function authenticateApiToken(ctx: Pick<AuthCtx, 'db' | 'now'>, token: string): Promise<Auth> {
  const tokenHash = digest(token);
  const found = cachedToken(ctx.db, tokenHash) ?? (await lookUpToken(ctx.db, tokenHash));
  const { row, creatorRole } = found;
  const now = ctx.now();
  if (row.expiresAt && row.expiresAt <= now) throw new AppError('unauthenticated', 'The API token has expired');
  const narrowed = creatorRole ? narrowRole(row.role, creatorRole) : { role: row.role, limit: null };
  // Recording use costs a write, so it is kept to once a minute per token.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await touchApiToken(ctx.db, row.workspaceId, row.id, now);
    row.lastUsedAt = now;
  }
  return {
    workspaceId: row.workspaceId,
    role: narrowed.role,
    userId: null,
    personId: row.createdByUserId,
    limitRole: narrowed.limit,
    tokenId: row.id,
    via: 'token',
    sessionTokenHash: null,
  };
}

/** Reads the token and its creator's role (refusing unknown, revoked and orphaned tokens), and remembers them. */
async function lookUpToken(db: Db, tokenHash: string): Promise<CachedToken> {
  const lookup = tokenLookup(db, tokenHash);
  const row = await findApiTokenByHash(db, tokenHash);
  if (!row) throw new AppError('unauthenticated', 'The API token is not valid');
  if (row.revokedAt) throw new AppError('unauthenticated', 'The API token has been revoked');
  let creatorRole: Role | null = null;
  if (row.createdByUserId) {
    const creator = (await listMembershipsOfUser(db, row.createdByUserId)).find(
      (m) => m.workspaceId === row.workspaceId,
    );
    if (!creator)
      throw new AppError(
        'unauthenticated',
        'The API token no longer works: the person who created it has left the workspace',
      );
    creatorRole = creator.role;
  }
  const found = { row, creatorRole };
  lookup.keep(found);
  return found;
}

export async function switchWorkspace(ctx: Pick<AuthCtx, 'db'>, auth: Auth, workspaceId: string): Promise<void> {
  if (auth.via !== 'session' || !auth.sessionTokenHash || !auth.userId) {
    throw forbidden('An API token is bound to one workspace; create a token in the other workspace instead');
  }
  const memberships = await listMembershipsOfUser(ctx.db, auth.userId);
  if (!memberships.some((m) => m.workspaceId === workspaceId)) throw notFound('Workspace');
  await setSessionWorkspace(ctx.db, auth.sessionTokenHash, workspaceId);
}

export async function describeCaller(ctx: Pick<AuthCtx, 'db' | 'now'>, auth: Auth): Promise<MeDto> {
  const user = auth.userId ? await findUserById(ctx.db, auth.userId) : undefined;
  const memberships = auth.userId
    ? await listMembershipsOfUser(ctx.db, auth.userId)
    : [{ workspaceId: auth.workspaceId, role: auth.role }];
  const spaces = await listWorkspaces(
    ctx,
    memberships.map((m) => m.workspaceId),
  );
  const current = spaces.find((w) => w.id === auth.workspaceId);
  if (!current) throw notFound('Workspace');
  return {
    user: user ? { id: user.id, email: user.email, name: user.name } : null,
    via: auth.via,
    role: auth.role,
    workspace: current,
    workspaces: spaces.map((w) => ({
      id: w.id,
      name: w.name,
      role: memberships.find((m) => m.workspaceId === w.id)?.role as Role,
    })),
    preferences: auth.userId ? ((await mailPreferences(ctx.db, auth.workspaceId, auth.userId)) ?? null) : null,
  };
}

export async function createApiToken(
  ctx: Pick<AuthCtx, 'db' | 'now'>,
  options: {
    workspaceId: string;
    actorRole: Role;
    /** The acting person (a token made by a token belongs to the same person); null for the CLI's integration tokens. */
    createdByUserId: string | null;
    input: CreateApiTokenInput;
  },
): Promise<ApiTokenDto & { token: string }> {
  const { input } = options;
  if (input.role === 'owner' && options.actorRole !== 'owner')
    throw forbidden('Only an owner can create an owner token');
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt <= ctx.now()) {
    throw new AppError('validation_failed', 'The expiry must be in the future', {
      fields: [{ path: 'expiresAt', ...problem('in_future') }],
    });
  }
  const token = newSecret(API_TOKEN_PREFIX);
  const row = await insertApiToken(ctx.db, {
    workspaceId: options.workspaceId,
    id: newId(),
    name: input.name,
    tokenHash: digest(token),
    prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
    role: input.role,
    createdByUserId: options.createdByUserId,
    createdAt: ctx.now(),
    expiresAt,
  });
  const [creator] = await creatorsOf(ctx, options.workspaceId, [row.createdByUserId]);
  return { ...toApiTokenDto(row, creator), token };
}

/** The creators of tokens, with their role here now (null for people who left), in the order asked. */
async function creatorsOf(
  ctx: Pick<AuthCtx, 'db' | 'now'>,
  workspaceId: string,
  ids: (string | null)[],
): Promise<(TokenCreator | null)[]> {
  const wanted = new Set(ids.filter((id): id is string => id !== null));
  if (wanted.size === 0) return ids.map(() => null);
  const found = new Map<string, TokenCreator>();
  for (const m of await listWorkspaceMembers(ctx, workspaceId))
    if (wanted.has(m.id)) found.set(m.id, { id: m.id, name: m.name, email: m.email, role: m.role });
  const gone = [...wanted].filter((id) => !found.has(id));
  for (const u of await findUsersByIds(ctx.db, gone))
    found.set(u.id, { id: u.id, name: u.name, email: u.email, role: null });
  return ids.map((id) => (id ? (found.get(id) ?? null) : null));
}

export async function listApiTokens(ctx: Pick<AuthCtx, 'db' | 'now'>, workspaceId: string): Promise<ApiTokenDto[]> {
  const rows = await listApiTokenRows(ctx.db, workspaceId);
  const creators = await creatorsOf(
    ctx,
    workspaceId,
    rows.map((r) => r.createdByUserId),
  );
  return rows.map((r, i) => toApiTokenDto(r, creators[i]));
}

/**
 * Revokes a token. Only an owner revokes a token with the owner role or one an owner (now) made:
 * an admin must not be able to cut off the owners' integrations, as they cannot demote owners.
 */
export async function revokeApiToken(
  ctx: Pick<AuthCtx, 'db' | 'now'>,
  workspaceId: string,
  actor: { role: Role },
  id: string,
): Promise<ApiTokenDto> {
  const row = await findApiToken(ctx.db, workspaceId, id);
  if (!row) throw notFound('API token');
  const [creator] = await creatorsOf(ctx, workspaceId, [row.createdByUserId]);
  if (actor.role !== 'owner' && (row.role === 'owner' || creator?.role === 'owner')) {
    throw forbidden('Only an owner can revoke a token with the owner role or one an owner created');
  }
  await markApiTokenRevoked(ctx.db, workspaceId, id, ctx.now());
  forgetTokens();
  const updated = await findApiToken(ctx.db, workspaceId, id);
  return toApiTokenDto(updated ?? row, creator);
}

/** Inside the removal of a member: their tokens in that workspace stop at once and show as revoked. */
export const revokeTokensOfRemovedMember =
  (ctx: Pick<AuthCtx, 'now'>) => async (tx: Db, workspaceId: string, userId: string) => {
    await revokeApiTokensOf(tx, workspaceId, userId, ctx.now());
  };
