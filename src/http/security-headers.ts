// Owns the security headers of every response (hono/secure-headers): a Content-Security-Policy,
// no framing (clickjacking), nosniff, and a referrer policy that keeps status-page tokens in
// our URLs from leaking to other sites.
// - Pages (the web app, /docs, the public complaint pages): scripts only from our own files (no
//   inline script: the /docs start-up script is a file too); inline styles are allowed because
//   Mantine and Swagger UI set style attributes; images may be data: URLs (Swagger UI's icons).
// - API answers (JSON, never rendered as a page): nothing may load at all.
// Referrer-Policy is `same-origin`, not `no-referrer`: under `no-referrer` a browser sends
// `Origin: null` even on same-origin POSTs, which the CSRF check (same-origin.ts) would refuse.
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../config.ts';

const self = "'self'";
const none = "'none'";

/** The policy of pages; exported so tests can read it. */
export const pagePolicy = {
  defaultSrc: [self],
  scriptSrc: [self],
  styleSrc: [self, "'unsafe-inline'"],
  imgSrc: [self, 'data:'],
  fontSrc: [self, 'data:'],
  connectSrc: [self],
  objectSrc: [none],
  baseUri: [self],
  formAction: [self],
  frameAncestors: [none],
};

const apiPolicy = { defaultSrc: [none], frameAncestors: [none] };

/** Answers that are data, not pages. */
const isApi = (path: string) =>
  path.startsWith('/api/') || path === '/openapi.json' || path === '/healthz' || path === '/readyz';

export function securityHeaders(config: Pick<Config, 'cookieSecure'>): MiddlewareHandler {
  const common = {
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    // HSTS only where the deployment is known to be HTTPS (secure cookies), and not for sibling
    // subdomains that Tenure does not own.
    strictTransportSecurity: config.cookieSecure ? 'max-age=15552000' : false,
  } as const;
  const pages = secureHeaders({ ...common, contentSecurityPolicy: pagePolicy });
  const api = secureHeaders({ ...common, contentSecurityPolicy: apiPolicy });
  return (c, next) => (isApi(c.req.path) ? api(c, next) : pages(c, next));
}
