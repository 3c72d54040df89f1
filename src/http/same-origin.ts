// Owns the CSRF rule for browser sessions: a state-changing request (POST, PUT, PATCH, DELETE)
// that the session cookie authenticates must come from Tenure's own pages — its `Origin` (or,
// when a browser sends none, its `Referer`) must be this server's origin, as the request reached
// it (Host, or X-Forwarded-Host/-Proto behind a trusted proxy) or as configured (PUBLIC_URL).
// Browsers send Origin on every such request, so only a forged one is refused (403). JSON-only
// bodies and SameSite=Lax cookies are not enough on their own: a body-less POST passes the first,
// and a sibling subdomain is "same-site" for the second.
// API tokens are not ambient credentials, so Bearer calls need no check. Public routes that read
// no cookie (the complaint form, from any site) are untouched: a cross-site form is sent without
// our cookie (SameSite=Lax, CORS without credentials), so it never counts as a session here.
import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config.ts';
import { forbidden } from '../errors.ts';
import type { AppEnv } from './context.ts';

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const originOf = (value: string | undefined): string | undefined => {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
};

const first = (header: string | undefined) => header?.split(',')[0]?.trim() || undefined;

export function requireSameOriginForSessions(
  config: Pick<Config, 'publicUrl' | 'trustProxy'>,
): MiddlewareHandler<AppEnv> {
  const configured = originOf(config.publicUrl);
  return async (c, next) => {
    if (!unsafe.has(c.req.method) || c.get('auth')?.via !== 'session') return next();
    const claimed = c.req.header('origin');
    // `Origin: null` (a sandboxed or privacy-stripped context) is a claim too, and never ours.
    const from = claimed !== undefined ? originOf(claimed) : originOf(c.req.header('referer'));
    const url = new URL(c.req.url);
    const proto = (config.trustProxy && first(c.req.header('x-forwarded-proto'))) || url.protocol.slice(0, -1);
    const host = (config.trustProxy && first(c.req.header('x-forwarded-host'))) || c.req.header('host') || url.host;
    const own = originOf(`${proto}://${host}`);
    if (from && (from === own || from === configured)) return next();
    throw forbidden(
      from
        ? `A signed-in browser may change data only from Tenure's own pages; this request came from ${from}. Scripts should use an API token.`
        : 'A signed-in browser request that changes data must carry an Origin header; scripts should use an API token.',
    );
  };
}
