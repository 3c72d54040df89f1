// Owns sign-in throttling. Failures are kept in `login_failures` (so limits hold across API
// processes) under two keys per attempt:
//   - the (account, address) pair: a few free failures, then a wait that doubles with every
//     further failure, capped. Only that address is slowed down for that account, so a stranger
//     guessing someone's password from elsewhere never keeps the owner out of their own account;
//   - the address alone: a fixed number of failures per window over all accounts, which stops
//     one address from trying a password against many accounts.
// There is deliberately no account-wide lock: any such limit can be reached by a stranger,
// which is exactly how an owner used to be kept out indefinitely.
import type { Ctx } from '../../deps.ts';
import type { Config } from '../../config.ts';
import { AppError } from '../../errors.ts';
import { clearLoginFailures, insertLoginFailures, loginFailureStats } from './auth.repository.ts';

type ThrottleCtx = Ctx & { config: Pick<Config, 'login'> };
type LoginLimits = Config['login'];
export type ThrottleKeys = { ip: string; pair: string };

/** How long failures of a pair count; the hourly purge drops them after a day. */
export const FAILURE_MEMORY_MS = 24 * 3_600_000;

export function throttleKeys(email: string, ip: string): ThrottleKeys {
  return { ip: `ip:${ip}`, pair: `account-ip:${email} ${ip}` };
}

/** The wait the pair owes after `failures` failures: 0 for the free ones, then base × 2^k, capped. */
export function backoffMs(failures: number, limits: LoginLimits): number {
  if (failures < limits.failuresBeforeBackoff) return 0;
  const doubled = limits.backoffBaseSeconds * 1000 * 2 ** (failures - limits.failuresBeforeBackoff);
  return Math.min(doubled, limits.backoffMaxMinutes * 60_000);
}

const inWords = (seconds: number) => (seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`);

function refuse(waitMs: number, why: string): AppError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new AppError('rate_limited', `${why}; try again in ${inWords(seconds)}`, {
    headers: { 'Retry-After': String(seconds) },
  });
}

/** Throws `rate_limited` (429 with Retry-After) while this address must wait before trying this account. */
export async function assertNotThrottled(ctx: ThrottleCtx, keys: ThrottleKeys): Promise<void> {
  const limits = ctx.config.login;
  const now = ctx.now().getTime();
  const windowMs = limits.windowMinutes * 60_000;
  const stats = await loginFailureStats(ctx.db, [
    { key: keys.ip, since: new Date(now - windowMs) },
    { key: keys.pair, since: new Date(now - FAILURE_MEMORY_MS) },
  ]);
  const byIp = stats.get(keys.ip);
  // The window slides: once its oldest failure leaves it, the address is under the limit again.
  if (byIp && byIp.count >= limits.maxFailuresPerIp)
    throw refuse(byIp.first.getTime() + windowMs - now, 'Too many failed sign-ins from this address');
  const byPair = stats.get(keys.pair);
  const wait = byPair ? backoffMs(byPair.count, limits) : 0;
  if (byPair && wait > 0 && now < byPair.last.getTime() + wait) {
    throw refuse(byPair.last.getTime() + wait - now, 'Too many failed sign-ins to this account from this address');
  }
}

export const recordLoginFailure = (ctx: Pick<ThrottleCtx, 'db' | 'now'>, keys: ThrottleKeys) =>
  insertLoginFailures(ctx.db, [keys.ip, keys.pair], ctx.now());

/** A success from this address forgives its failures for this account (not the address's own count). */
export const forgiveLoginFailures = (ctx: Pick<ThrottleCtx, 'db'>, keys: ThrottleKeys) =>
  clearLoginFailures(ctx.db, keys.pair);
