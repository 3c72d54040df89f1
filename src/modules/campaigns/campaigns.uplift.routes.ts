// HTTP surface of what campaigns learn after the fact: uploaded external results (a CSV as the raw
// body, text/csv) and the uplift model of a finished campaign. Thin: parse, call the use case, answer.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { type createRouter, defineRoute } from '../../http/router.ts';
import { listCampaignExternalResults, MAX_RESULTS_BYTES, uploadExternalResults } from './campaigns.external-results.ts';
import { ExternalResultSchema, ExternalResultsQuery, UpliftBody, UpliftSchema } from './campaigns.uplift.dto.ts';
import { getCampaignUplift, requestCampaignUplift } from './campaigns.uplift.ts';

const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;
const actor = (a: Auth) => (a.userId ? `user:${a.userId}` : `token:${a.tokenId}`);
const tags = ['Campaigns'];

/**
 * The upload route: exempt from the JSON-only rule and the 1 MiB limit (it has its own). A CSV
 * content type cannot be sent by an HTML form, so a cross-site page cannot post one with a cookie.
 */
export const isResultsUpload = (c: Context) =>
  c.req.method === 'POST' && /\/api\/v1\/campaigns\/[^/]+\/results\/?$/.test(c.req.path);

const routes = {
  upload: defineRoute({
    method: 'post',
    path: '/campaigns/{id}/results',
    permission: 'campaigns:write',
    tags,
    summary:
      "Upload an experiment's results run elsewhere (CSV: one row per customer, its arm and outcomes) and analyse them like `tenure uplift`",
    request: {
      params: IdParams,
      query: ExternalResultsQuery,
      body: {
        required: true,
        description: `The CSV file as the raw body with Content-Type text/csv (not multipart), at most ${MAX_RESULTS_BYTES} bytes: \`curl --data-binary @results.csv -H "content-type: text/csv"\``,
        content: { 'text/csv': { schema: z.string() } },
      },
    },
    responses: {
      201: jsonResponse(ExternalResultSchema, 'Stored with its analysis'),
      ...errorResponses,
      413: { description: 'Over the size limit', content: errorResponses[413].content },
      415: { description: 'Not text/csv', content: errorResponses[415].content },
    },
  }),
  list: defineRoute({
    method: 'get',
    path: '/campaigns/{id}/results/external',
    permission: 'campaigns:read',
    tags,
    summary: "The campaign's uploaded external results with their analyses, newest first",
    request: { params: IdParams },
    responses: {
      200: jsonResponse(z.object({ items: z.array(ExternalResultSchema) }), 'Uploads'),
      ...errorResponses,
    },
  }),
  fit: defineRoute({
    method: 'post',
    path: '/campaigns/{id}/uplift',
    permission: 'campaigns:write',
    tags,
    summary:
      'Fit the uplift model (T-learner on the churn features) of a finished campaign: now for small campaigns, queued for large ones (202)',
    request: { params: IdParams, body: jsonBody(UpliftBody) },
    responses: {
      200: jsonResponse(UpliftSchema, 'Fitted'),
      202: jsonResponse(UpliftSchema, 'Queued; poll GET /campaigns/{id}/uplift'),
      ...errorResponses,
    },
  }),
  get: defineRoute({
    method: 'get',
    path: '/campaigns/{id}/uplift',
    permission: 'campaigns:read',
    tags,
    summary: "The campaign's uplift model: held-out Qini curve against random targeting, its area, notes",
    request: { params: IdParams },
    responses: { 200: jsonResponse(UpliftSchema, 'The model'), ...errorResponses },
  }),
};

export function registerUpliftRoutes(r: ReturnType<typeof createRouter>, deps: Deps) {
  const ws = (c: Context<AppEnv>) => auth(c).workspaceId;
  r.openapi(routes.upload, async (c) => {
    const created = await uploadExternalResults(
      deps,
      ws(c),
      c.req.valid('param').id,
      {
        ...c.req.valid('query'),
        body: c.req.raw.body,
        contentType: c.req.header('content-type') ?? '',
        declaredBytes: Number(c.req.header('content-length') ?? 0),
      },
      actor(auth(c)),
    );
    return c.json(created, 201);
  });
  r.openapi(routes.list, async (c) =>
    c.json(await listCampaignExternalResults(deps, ws(c), c.req.valid('param').id), 200),
  );
  r.openapi(routes.fit, async (c) => {
    const r = await requestCampaignUplift(deps, ws(c), c.req.valid('param').id, c.req.valid('json'));
    return r.queued ? c.json(r.uplift, 202) : c.json(r.uplift, 200);
  });
  r.openapi(routes.get, async (c) => c.json(await getCampaignUplift(deps, ws(c), c.req.valid('param').id), 200));
}
