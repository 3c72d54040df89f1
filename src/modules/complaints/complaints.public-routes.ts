// HTTP surface of the public complaint form and status page, under /api/v1/public: no login.
// - CORS: any origin may call these routes (a company embeds the form on its own site), but
//   without credentials; they read no cookie and no token, so a cross-site request can do
//   nothing a stranger could not (no CSRF surface). Bodies must still be JSON.
// - Abuse: a 64 KiB body limit (413), field limits (422), a honeypot field, and per-address rate
//   limits kept in the database (429 with Retry-After). Status tokens are 256-bit random.
// - Unknown slug, disabled form, wrong token: the same 404.
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import { clientIp } from '../auth/index.ts';
import { rateLimit } from '../ratelimit/index.ts';
import {
  PublicFormSchema,
  PublicRegisterBody,
  PublicRegisteredSchema,
  PublicSlugParams,
  PublicStatusSchema,
  PublicTokenParams,
  SatisfactionBody,
} from './complaints.dto.ts';
import { publicForm, publicStatus, rateSatisfaction, submitPublicComplaint } from './complaints.public.ts';

export const PUBLIC_BODY_LIMIT = 64 * 1024;
const tags = ['Public complaint form'];

const routes = {
  form: defineRoute({
    method: 'get',
    path: '/public/workspaces/{slug}/complaint-form',
    permission: 'public',
    tags,
    summary: 'What the public complaint form needs: the workspace name, language and categories',
    request: { params: PublicSlugParams },
    responses: { 200: jsonResponse(PublicFormSchema, 'The form'), ...errorResponses },
  }),
  submit: defineRoute({
    method: 'post',
    path: '/public/workspaces/{slug}/complaints',
    permission: 'public',
    tags,
    summary:
      'Register a complaint without signing in; answers with the reference and the status link (rate-limited per address)',
    request: { params: PublicSlugParams, body: jsonBody(PublicRegisterBody) },
    responses: { 201: jsonResponse(PublicRegisteredSchema, 'Registered'), ...errorResponses },
  }),
  status: defineRoute({
    method: 'get',
    path: '/public/complaints/{token}',
    permission: 'public',
    tags,
    summary: 'The status page of one complaint, for the customer holding its link',
    request: { params: PublicTokenParams },
    responses: { 200: jsonResponse(PublicStatusSchema, 'Status'), ...errorResponses },
  }),
  rate: defineRoute({
    method: 'post',
    path: '/public/complaints/{token}/satisfaction',
    permission: 'public',
    tags,
    summary: 'Rate the solution 1–5 with a comment: once, after resolution (409 otherwise)',
    request: { params: PublicTokenParams, body: jsonBody(SatisfactionBody) },
    responses: { 200: jsonResponse(PublicStatusSchema, 'Rated'), ...errorResponses },
  }),
};

export function complaintsPublicRoutes(deps: Deps) {
  const router = createRouter();
  const window = deps.config.publicForm.windowMinutes * 60_000;
  const client = (c: Parameters<Parameters<typeof router.use>[1]>[0]) => `ip:${clientIp(c, deps.config.trustProxy)}`;
  router.use(
    '/public/*',
    cors({ origin: '*', allowMethods: ['GET', 'POST'], allowHeaders: ['content-type'], maxAge: 600 }),
  );
  router.use('/public/*', async (c, next) => {
    if (c.req.method !== 'POST') return next();
    return bodyLimit({
      maxSize: PUBLIC_BODY_LIMIT,
      onError: () => {
        throw new AppError('payload_too_large', `The request body is over ${PUBLIC_BODY_LIMIT} bytes`);
      },
    })(c, next);
  });
  router.post(
    '/public/workspaces/:slug/complaints',
    rateLimit(deps, { bucket: 'complaint-form', max: deps.config.publicForm.maxPerIp, windowMs: window }, client),
  );
  // Status pages are read more often; a looser limit still makes scanning for tokens pointless.
  router.use(
    '/public/complaints/*',
    rateLimit(
      deps,
      { bucket: 'complaint-status', max: deps.config.publicForm.maxPerIp * 10, windowMs: window },
      client,
    ),
  );

  router.openapi(routes.form, async (c) => c.json(await publicForm(deps, c.req.valid('param').slug), 200));
  router.openapi(routes.submit, async (c) => {
    const { stored: _stored, ...answer } = await submitPublicComplaint(
      deps,
      c.req.valid('param').slug,
      c.req.valid('json'),
    );
    return c.json(answer, 201);
  });
  router.openapi(routes.status, async (c) => c.json(await publicStatus(deps, c.req.valid('param').token), 200));
  router.openapi(routes.rate, async (c) =>
    c.json(await rateSatisfaction(deps, c.req.valid('param').token, c.req.valid('json')), 200),
  );
  return router;
}
