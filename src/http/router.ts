// Owns how domains declare routes: an OpenAPI router whose validation failures become one
// problem+json listing every bad field, and route definitions that carry their permission.
import { createRoute, OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import { AppError } from '../errors.ts';
import { type Permission, requirePermission } from './permissions.ts';
import type { AppEnv } from './context.ts';
import { rejectUnstorableText } from './input.ts';
import { fieldErrors, requestLocale } from './problem.ts';

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const where = result.target === 'json' ? undefined : result.target;
      throw new AppError('validation_failed', 'The request has invalid fields; see errors', {
        fields: fieldErrors(result.error, where, requestLocale(c.req.header('accept-language'))),
      });
    },
  });
}

/**
 * A route with its permission. The permission is enforced by one middleware and published
 * in the OpenAPI document as `x-permission`, so tests can check every route for every role.
 * Every route also refuses text that cannot be stored (NUL, lone surrogates: `input.ts`)
 * before its schema runs.
 */
export function defineRoute<const R extends Omit<RouteConfig, 'middleware'>>(
  config: R & { permission: Permission | 'public' },
) {
  const { permission, ...rest } = config;
  const middleware =
    permission === 'public' ? [rejectUnstorableText] : [requirePermission(permission), rejectUnstorableText];
  const security = permission === 'public' ? [] : [{ session: [] }, { bearer: [] }];
  return createRoute({ ...rest, security, middleware, 'x-permission': permission } as unknown as R & {
    middleware: typeof middleware;
  });
}
