// Owns recognising the caller: a Bearer API token, else the session cookie. It never rejects
// by itself (public routes pass through); requirePermission does, per route.
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { AppError } from '../../errors.ts';
import type { AppEnv } from '../../http/context.ts';
import type { Db } from '../../db/client.ts';
import { authenticateApiToken, authenticateSession, SESSION_COOKIE } from './auth.service.ts';

export function authenticate(ctx: { db: Db; now: () => Date }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new AppError('unauthenticated', 'The Authorization header must be "Bearer <token>"');
      c.set('auth', await authenticateApiToken(ctx, match[1]));
    } else {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie) {
        const auth = await authenticateSession(ctx, cookie);
        if (!auth) throw new AppError('unauthenticated', 'Your session has ended; sign in again');
        c.set('auth', auth);
      }
    }
    await next();
  };
}
