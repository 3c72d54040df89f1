// Owns the rule that request bodies under /api/v1 are JSON. Besides a clear 415, it is our
// CSRF defence together with SameSite=Lax cookies: a cross-site form cannot send JSON.
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from './context.ts';

const withBody = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const requireJsonBodies: MiddlewareHandler<AppEnv> = async (c, next) => {
  const hasBody = c.req.header('content-length')
    ? c.req.header('content-length') !== '0'
    : c.req.header('transfer-encoding') !== undefined;
  if (withBody.has(c.req.method) && hasBody) {
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
      throw new AppError(
        'unsupported_media_type',
        `Send the request body as application/json (got ${type || 'no content type'})`,
      );
    }
  }
  await next();
};
