// Owns what the audit log learns from HTTP: one middleware under /api/v1 that opens the audit
// scope of each request (actor, IP, user agent, route pattern, request id) for services that
// record before/after values in their own transaction, and afterwards records every write
// (POST/PUT/PATCH/DELETE) and the audited reads (customer 360, exports) those services did not.
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Deps } from '../deps.ts';
import { type AuditRequest, recordRequest, withAuditRequest } from '../modules/audit/index.ts';
import { clientIp } from '../modules/auth/index.ts';
import type { AppEnv } from './context.ts';

const API = '/api/v1';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const writes = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `/customers/{id}` for `/api/v1/customers/:id` (the pattern, never the raw path). */
function routePattern(c: Context<AppEnv>): string | null {
  const route = matchedRoutes(c).find((r) => r.method !== 'ALL' && r.path.startsWith(`${API}/`));
  if (!route) return null;
  return route.path.slice(API.length).replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');
}

/** Reads worth recording: one customer's whole picture, and anything that leaves as an export. */
export const isAuditedRead = (route: string) => route === '/customers/{id}/overview' || /export/i.test(route);

export function auditRequests(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method;
    const auth = c.get('auth');
    const route = routePattern(c);
    const audited = route !== null && (writes.has(method) || (method === 'GET' && isAuditedRead(route)));
    if (!auth || !audited) return next();
    const req: AuditRequest = {
      workspaceId: auth.workspaceId,
      actorType: auth.via === 'token' ? 'token' : 'user',
      actorId: auth.via === 'token' ? auth.tokenId : auth.userId,
      ip: clientIp(c, deps.config.trustProxy),
      userAgent: c.req.header('user-agent')?.slice(0, 500) ?? null,
      method,
      route,
      requestId: c.get('requestId') ?? null,
      recorded: 0,
    };
    await withAuditRequest(req, () => next());
    const status = c.res.status;
    // A service recorded the change with its before/after in its transaction, which committed.
    if (req.recorded > 0 && status < 400) return;
    const entityType = route.split('/').filter(Boolean)[0] ?? 'api';
    const params = c.req.param() as Record<string, string>;
    const entityId = params.id ?? Object.values(params)[0] ?? (method === 'POST' ? await createdId(c) : null);
    await recordRequest(
      { ...deps, log: c.get('log') ?? deps.log },
      req,
      {
        action: method === 'GET' ? 'read' : method === 'POST' ? 'create' : method === 'DELETE' ? 'delete' : 'update',
        entityType,
        entityId,
        customerId: entityType === 'customers' && entityId && uuid.test(entityId) ? entityId : null,
      },
      status,
    );
  };
}

/** The id a create answered with (a small JSON body), so the row names what was made. */
async function createdId(c: Context<AppEnv>): Promise<string | null> {
  if (c.res.status !== 201 || !c.res.headers.get('content-type')?.includes('json')) return null;
  try {
    const body = (await c.res.clone().json()) as { id?: unknown };
    return typeof body.id === 'string' ? body.id : null;
  } catch {
    return null;
  }
}
