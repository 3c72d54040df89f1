// Fixed-window rate limiting: the n+1-th hit of a key within a window is refused with 429 and
// a Retry-After. Hits are counted before the request is read, so bad requests count too.
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { countHit, purgeHits } from './ratelimit.repository.ts';

export type RateLimit = { bucket: string; max: number; windowMs: number };

/** Records a hit; throws `rate_limited` once the window's allowance is used up. */
export async function hitRateLimit(ctx: { db: Db; now: () => Date }, limit: RateLimit, client: string): Promise<void> {
  const now = ctx.now().getTime();
  const windowStart = Math.floor(now / limit.windowMs) * limit.windowMs;
  const hits = await countHit(ctx.db, `${limit.bucket}:${client}`, new Date(windowStart));
  if (hits > limit.max) {
    const retryAfter = Math.max(1, Math.ceil((windowStart + limit.windowMs - now) / 1000));
    throw new AppError('rate_limited', `Too many requests from this address; try again in ${retryAfter} s`, {
      headers: { 'Retry-After': String(retryAfter) },
    });
  }
}

/** Middleware form: `clientOf` names the client (usually its address). */
export function rateLimit(
  ctx: { db: Db; now: () => Date },
  limit: RateLimit,
  clientOf: (c: Parameters<MiddlewareHandler>[0]) => string,
): MiddlewareHandler {
  return async (c, next) => {
    await hitRateLimit(ctx, limit, clientOf(c));
    await next();
  };
}

export async function purgeRateLimits(db: Db, now: Date, limit: number): Promise<number> {
  return purgeHits(db, new Date(now.getTime() - 24 * 3_600_000), limit);
}
