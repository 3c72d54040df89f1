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

const word = (part: string): string =>
  part.startsWith('{')
    ? `By${word(part.slice(1, -1))}`
    : part.replace(/(^|[-_])(\w)/g, (_, _sep, c: string) => c.toUpperCase());

/** `get /customers/{id}/overview` → `getCustomersByIdOverview`: every operation has an id a client generator can use. */
export const operationIdFor = (method: string, path: string) =>
  method.toLowerCase() + path.split('/').filter(Boolean).map(word).join('');

/** The route's own description (or its summary), who may call it, and the problem statuses it may answer. */
function describeRoute(config: Omit<RouteConfig, 'middleware'>, permission: Permission | 'public') {
  const errors = Object.keys(config.responses).filter((s) => Number(s) >= 400);
  return [
    config.description ?? config.summary,
    permission === 'public' ? 'Public: no sign-in needed.' : `Needs the \`${permission}\` permission.`,
    errors.length
      ? `Problem answers (application/problem+json, codes listed in the introduction): ${errors.join(', ')}.`
      : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

/**
 * A route with its permission. The permission is enforced by one middleware and published
 * in the OpenAPI document as `x-permission`, so tests can check every route for every role.
 * Every route also refuses text that cannot be stored (NUL, lone surrogates: `input.ts`)
 * before its schema runs, and gets an operationId and a description naming its permission and
 * problem statuses when it gives none.
 */
export function defineRoute<const R extends Omit<RouteConfig, 'middleware'>>(
  config: R & { permission: Permission | 'public' },
) {
  const { permission, ...rest } = config;
  const middleware =
    permission === 'public' ? [rejectUnstorableText] : [requirePermission(permission), rejectUnstorableText];
  const security = permission === 'public' ? [] : [{ session: [] }, { bearer: [] }];
  const operationId = rest.operationId ?? operationIdFor(rest.method, rest.path);
  const description = describeRoute(rest, permission);
  return createRoute({
    ...rest,
    operationId,
    description,
    security,
    middleware,
    'x-permission': permission,
  } as unknown as R & {
    middleware: typeof middleware;
  });
}
