// Owns resetting a forgotten password by e-mail. The public request writes the same row whatever
// the address (a job decides later whether an account has it), so neither the answer nor its time
// reveals which addresses have accounts. The job sends a single-use link valid for an hour (only
// its digest is kept); using it sets the new password, retires the account's other links and ends
// every session. A link that is unknown, used or expired gets one and the same answer.
import type { Config } from '../../config.ts';
import type { Ctx } from '../../deps.ts';
import { AppError, invalidField } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { newId } from '../../ids.ts';
import { type ChannelSender, PermanentSendError } from '../notifications/index.ts';
import { findUserByEmail, findUserById, hashPassword, setPasswordHash, weakPasswordProblem } from '../users/index.ts';
import { deleteSessionsOf } from './auth.repository.ts';
import { resetMail, type ResetLocale } from './auth.reset.mail.ts';
import {
  claimPendingResets,
  findLiveReset,
  findPasswordReset,
  insertPasswordReset,
  retireResetsOf,
  updatePasswordReset,
  usePasswordReset,
} from './auth.reset.repository.ts';
import { digest, newSecret } from './secrets.ts';

export const RESET_LINK_MINUTES = 60;
const MAX_SEND_ATTEMPTS = 3;

export async function requestPasswordReset(
  ctx: Ctx,
  input: { email: string; locale: ResetLocale; ip: string },
): Promise<void> {
  const now = ctx.now();
  await insertPasswordReset(ctx.db, {
    id: newId(),
    email: input.email.trim().toLowerCase(),
    locale: input.locale,
    ip: input.ip === 'unknown' ? null : input.ip.slice(0, 64),
    requestedAt: now,
    expiresAt: new Date(now.getTime() + RESET_LINK_MINUTES * 60_000),
  });
}

type SendCtx = Ctx & { config: Pick<Config, 'publicUrl'>; log: Logger; sender: ChannelSender };

/** Handles pending requests (one transaction each, claimed with SKIP LOCKED); how many it handled. */
export async function sendDuePasswordResets(ctx: SendCtx, limit = 20): Promise<{ handled: number; more: boolean }> {
  let handled = 0;
  for (; handled < limit; handled++) {
    const done = await ctx.db.transaction(async (tx) => {
      const [claimed] = await claimPendingResets(tx, 1);
      if (!claimed) return false;
      const row = await findPasswordReset(tx, claimed.id);
      if (row) await handleReset({ ...ctx, db: tx }, row);
      return true;
    });
    if (!done) return { handled, more: false };
  }
  return { handled, more: true };
}

async function handleReset(ctx: SendCtx, row: NonNullable<Awaited<ReturnType<typeof findPasswordReset>>>) {
  const user = await findUserByEmail(ctx.db, row.email);
  if (!user?.passwordHash) return updatePasswordReset(ctx.db, row.id, { status: 'no_account' });
  if (!ctx.sender.configured) {
    ctx.log.warn({ resetId: row.id }, 'a password reset was asked for but no mail server is configured (SMTP_HOST)');
    return updatePasswordReset(ctx.db, row.id, { status: 'failed', error: 'no mail server configured' });
  }
  const token = newSecret('');
  const link = `${ctx.config.publicUrl.replace(/\/+$/, '')}/reset-password#${token}`;
  const minutes = Math.max(1, Math.round((row.expiresAt.getTime() - ctx.now().getTime()) / 60_000));
  try {
    await ctx.sender.send({
      id: row.id,
      channel: 'email',
      to: user.email,
      toName: user.name,
      fromName: 'Tenure',
      content: resetMail(row.locale as ResetLocale, user.name, link, minutes),
    });
  } catch (err) {
    const final = err instanceof PermanentSendError || row.attempts + 1 >= MAX_SEND_ATTEMPTS;
    ctx.log.warn({ resetId: row.id, err }, 'password reset e-mail not sent');
    return updatePasswordReset(ctx.db, row.id, { status: final ? 'failed' : 'pending', error: String(err) });
  }
  await retireResetsOf(ctx.db, user.id, ctx.now());
  await updatePasswordReset(ctx.db, row.id, { status: 'sent', userId: user.id, tokenHash: digest(token) });
}

const badLink = () =>
  new AppError('not_found', 'This password reset link is not valid: it may have been used or have expired');

/** Sets the new password from a live link, once; every session of the account ends. */
export async function confirmPasswordReset(ctx: Ctx, input: { token: string; newPassword: string }): Promise<void> {
  const tokenHash = digest(input.token);
  const live = await findLiveReset(ctx.db, tokenHash, ctx.now());
  const user = live?.userId ? await findUserById(ctx.db, live.userId) : undefined;
  if (!user) throw badLink();
  const weak = weakPasswordProblem(input.newPassword, { email: user.email, name: user.name });
  if (weak) throw invalidField('newPassword', weak, `The new password ${weak.message}`);
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction(async (tx) => {
    const userId = await usePasswordReset(tx, tokenHash, ctx.now());
    if (userId !== user.id) throw badLink();
    await setPasswordHash({ db: tx, now: ctx.now }, user.id, passwordHash);
    await retireResetsOf(tx, user.id, ctx.now());
    await deleteSessionsOf(tx, user.id, null);
  });
}
