// Creating a workspace spans workspaces, users and auth: the workspace, its owner (a new or
// existing account) and optionally an owner API token, all in one transaction.
import { AppError } from '../errors.ts';
import type { Db } from '../db/client.ts';
import { type ApiTokenDto, createApiToken } from '../modules/auth/index.ts';
import { addMember, findUserByEmail, findUserById, type MemberDto, verifyPassword } from '../modules/users/index.ts';
import { type CreateWorkspaceInput, createWorkspace, type WorkspaceDto } from '../modules/workspaces/index.ts';

export type CreateWorkspaceWithOwnerInput = {
  workspace: CreateWorkspaceInput;
  /** A new account (or an existing one proven by its password), or a signed-in person. */
  owner: { email: string; name?: string; password?: string } | { existingUserId: string };
  withToken?: boolean;
};

export type CreatedWorkspace = { workspace: WorkspaceDto; owner: MemberDto; token?: ApiTokenDto & { token: string } };

export async function createWorkspaceWithOwner(
  ctx: { db: Db; now: () => Date },
  input: CreateWorkspaceWithOwnerInput,
): Promise<CreatedWorkspace> {
  return ctx.db.transaction(async (tx) => {
    const txCtx = { db: tx, now: ctx.now };
    const workspace = await createWorkspace(txCtx, input.workspace);
    const { owner } = input;
    let account: { email: string; name?: string; password?: string };
    if ('existingUserId' in owner) {
      const user = await findUserById(tx, owner.existingUserId);
      if (!user) throw new AppError('not_found', 'Account not found');
      account = { email: user.email, name: user.name };
    } else {
      // An existing account may own a new workspace only when its password is given too;
      // otherwise anyone could attach another person's account to a workspace.
      const existing = await findUserByEmail(tx, owner.email);
      if (
        existing &&
        !(existing.passwordHash && owner.password && (await verifyPassword(existing.passwordHash, owner.password)))
      ) {
        throw new AppError(
          'conflict',
          `An account for ${owner.email} already exists; give its current password to make it the owner`,
        );
      }
      // The password of an existing account is a proof, not a new password: it is not checked
      // against today's strength rule (it may predate it).
      account = existing ? { email: existing.email, name: existing.name } : owner;
    }
    const member = await addMember(
      txCtx,
      workspace.id,
      { role: 'owner' },
      {
        email: account.email,
        name: account.name ?? account.email.split('@')[0],
        role: 'owner',
        password: account.password,
      },
    );
    const token = input.withToken
      ? await createApiToken(txCtx, {
          workspaceId: workspace.id,
          actorRole: 'owner',
          createdByUserId: member.id,
          input: { name: 'Owner token (created with the workspace)', role: 'owner' },
        })
      : undefined;
    return { workspace, owner: member, token };
  });
}
