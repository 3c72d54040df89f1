// Owns the optional second factor: a TOTP key from an authenticator app, set up by the person
// (a pending key becomes active only with a first correct code) and then asked at every sign-in,
// with ten single-use recovery codes for a lost phone. Turning it off needs the password.
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Ctx } from '../../deps.ts';
import { AppError, conflict, notFound } from '../../errors.ts';
import type { Auth } from '../../http/context.ts';
import { base32Encode, matchTotp, newTotpSecret } from '../../lib/totp.ts';
import { findUserById } from '../users/index.ts';
import { checkOwnPassword, signedInPerson } from './auth.person.ts';
import {
  confirmSecondFactor,
  deleteSecondFactor,
  findSecondFactor,
  putPendingSecondFactor,
  useRecoveryCode,
  useTotpStep,
} from './auth.second-factor.repository.ts';
import { digest } from './secrets.ts';
import { problem } from '../../lib/problems.ts';

const RECOVERY_CODES = 10;

const personOf = (auth: Auth): string => signedInPerson(auth).userId;

/** Recovery codes are compared without case, spaces or dashes: `abcde-fghij` = `ABCDEFGHIJ`. */
const recoveryDigest = (code: string) => digest(code.replace(/[\s-]/g, '').toUpperCase());

export type SecondFactorStatus = { enabled: boolean; recoveryCodesLeft: number };

export async function secondFactorStatus(ctx: Ctx, auth: Auth): Promise<SecondFactorStatus> {
  const row = await findSecondFactor(ctx.db, personOf(auth));
  const enabled = Boolean(row?.confirmedAt);
  return { enabled, recoveryCodesLeft: enabled ? (row?.recoveryHashes.length ?? 0) : 0 };
}

/** A new pending key, to enter in an authenticator app (as text or as the otpauth link). */
type SecretsCtx = Ctx & { config: Pick<Config, 'secrets'> };

export async function beginSecondFactor(ctx: SecretsCtx, auth: Auth): Promise<{ secret: string; otpauthUrl: string }> {
  const userId = personOf(auth);
  const user = await findUserById(ctx.db, userId);
  if (!user) throw notFound('Account');
  const secret = newTotpSecret();
  if (!(await putPendingSecondFactor(ctx.db, userId, ctx.config.secrets.seal(secret), ctx.now())))
    throw conflict('A second factor is already on; turn it off first to set up another');
  const label = encodeURIComponent(`Tenure:${user.email}`);
  return { secret, otpauthUrl: `otpauth://totp/${label}?secret=${secret}&issuer=Tenure&digits=6&period=30` };
}

/** Turns the pending key on with a first correct code; the recovery codes are shown this once. */
export async function confirmSecondFactorSetup(
  ctx: SecretsCtx,
  auth: Auth,
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  const userId = personOf(auth);
  const row = await findSecondFactor(ctx.db, userId);
  if (!row || row.confirmedAt) throw notFound('Pending second factor');
  const step = matchTotp(ctx.config.secrets.open(row.secret), code, ctx.now());
  if (step === undefined)
    throw new AppError('validation_failed', 'The code is not the one the app shows now', {
      fields: [{ path: 'code', ...problem('incorrect') }],
    });
  const recoveryCodes = Array.from({ length: RECOVERY_CODES }, () => {
    const c = base32Encode(randomBytes(7)).slice(0, 10);
    return `${c.slice(0, 5)}-${c.slice(5)}`.toLowerCase();
  });
  if (!(await confirmSecondFactor(ctx.db, userId, step, recoveryCodes.map(recoveryDigest), ctx.now())))
    throw notFound('Pending second factor');
  return { recoveryCodes };
}

/** Turns the second factor off after checking the password (throttled like sign-in). */
export async function disableSecondFactor(
  ctx: Ctx & { config: Pick<Config, 'login'> },
  auth: Auth,
  input: { password: string; ip: string },
): Promise<void> {
  const userId = personOf(auth);
  await checkOwnPassword(ctx, userId, { password: input.password, path: 'password', ip: input.ip });
  if (!(await deleteSecondFactor(ctx.db, userId))) throw notFound('Second factor');
}

/**
 * At sign-in, after the password: 'none' when the person has no second factor, 'missing' when
 * they have one and gave no code, 'ok' when the code (or a recovery code) is right and unused,
 * 'wrong' otherwise.
 */
export async function checkSecondFactor(
  ctx: SecretsCtx,
  userId: string,
  code: string | undefined,
): Promise<'none' | 'missing' | 'ok' | 'wrong'> {
  const row = await findSecondFactor(ctx.db, userId);
  if (!row?.confirmedAt) return 'none';
  if (!code?.trim()) return 'missing';
  const step = matchTotp(ctx.config.secrets.open(row.secret), code, ctx.now());
  if (step !== undefined) return (await useTotpStep(ctx.db, userId, step)) ? 'ok' : 'wrong';
  return (await useRecoveryCode(ctx.db, userId, recoveryDigest(code))) ? 'ok' : 'wrong';
}
