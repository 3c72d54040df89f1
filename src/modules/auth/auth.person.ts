// What a person's own account routes share: only a signed-in person (never an API token) acts on
// their own account, and a password they re-enter is checked under the sign-in throttle (a wrong
// one is a failed sign-in for that account and address, so no route guesses faster than login).
import type { Config } from '../../config.ts';
import type { Ctx } from '../../deps.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import type { Auth } from '../../http/context.ts';
import { findUserById, verifyPassword } from '../users/index.ts';
import { assertNotThrottled, forgiveLoginFailures, recordLoginFailure, throttleKeys } from './auth.throttle.ts';
import { problem } from '../../lib/problems.ts';

type UserRow = NonNullable<Awaited<ReturnType<typeof findUserById>>>;

export type Person = { userId: string; sessionTokenHash: string };

export function signedInPerson(auth: Auth): Person {
  if (auth.via !== 'session' || !auth.userId || !auth.sessionTokenHash)
    throw forbidden('Only a signed-in person manages their own account; an API token cannot');
  return { userId: auth.userId, sessionTokenHash: auth.sessionTokenHash };
}

/** The person's account once `password` (field `path` of the body) proves it; a 422 on that field otherwise. */
export async function checkOwnPassword(
  ctx: Ctx & { config: Pick<Config, 'login'> },
  userId: string,
  input: { password: string; path: string; ip: string },
): Promise<UserRow> {
  const user = await findUserById(ctx.db, userId);
  if (!user?.passwordHash) throw notFound('Account');
  const keys = throttleKeys(user.email.toLowerCase(), input.ip);
  await assertNotThrottled(ctx, keys);
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await recordLoginFailure(ctx, keys);
    throw new AppError('validation_failed', 'The password is incorrect', {
      fields: [{ path: input.path, ...problem('incorrect') }],
    });
  }
  await forgiveLoginFailures(ctx, keys);
  return user;
}
