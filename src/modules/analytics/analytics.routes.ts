// HTTP surface of the value engine: the pyramid, the RFM grid, a customer's value and tier
// history, the fitted CLV model, scoring runs and settings. Thin: validate, call, answer.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import {
  AnalyticsSettingsSchema,
  ClvModelSchema,
  CreateRunBody,
  CustomerValueSchema,
  PyramidSchema,
  RfmSchema,
  RunsQuery,
  ScoringRunSchema,
  TierChangeSchema,
  TierChangesQuery,
} from './analytics.dto.ts';
import {
  getClvModel,
  getCustomerValue,
  getPyramid,
  getRfm,
  getRuns,
  getTierChanges,
  toRunDto,
} from './analytics.service.ts';
import { loadSettings, updateSettings } from './analytics.settings.ts';
import { queueRun } from './analytics.scoring.ts';

export const SCORE_JOB = 'analytics.score';

const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;
const actor = (a: Auth) => (a.userId ? `user:${a.userId}` : `token:${a.tokenId}`);
const A = ['Analytics'];

const routes = {
  pyramid: defineRoute({
    method: 'get',
    path: '/analytics/pyramid',
    permission: 'analytics:read',
    tags: A,
    summary: 'The customer pyramid: per tier, customers, revenue and net profit over the window, with their shares',
    responses: { 200: jsonResponse(PyramidSchema, 'The pyramid'), ...errorResponses },
  }),
  rfm: defineRoute({
    method: 'get',
    path: '/analytics/rfm',
    permission: 'analytics:read',
    tags: A,
    summary: 'The RFM grid (recency × frequency quintiles) and the named segments',
    responses: { 200: jsonResponse(RfmSchema, 'The grid'), ...errorResponses },
  }),
  model: defineRoute({
    method: 'get',
    path: '/analytics/clv/model',
    permission: 'analytics:read',
    tags: A,
    summary:
      'The fitted BG/NBD and Gamma-Gamma models of the latest run: parameters, standard errors, log-likelihood, convergence, holdout check and tracking series (404 no_model before any fit)',
    responses: { 200: jsonResponse(ClvModelSchema, 'The model'), ...errorResponses },
  }),
  listRuns: defineRoute({
    method: 'get',
    path: '/analytics/score-runs',
    permission: 'analytics:read',
    tags: A,
    summary: 'Scoring runs, newest first',
    request: { query: RunsQuery },
    responses: { 200: jsonResponse(z.object({ items: z.array(ScoringRunSchema) }), 'Runs'), ...errorResponses },
  }),
  createRun: defineRoute({
    method: 'post',
    path: '/analytics/score-runs',
    permission: 'analytics:write',
    tags: A,
    summary:
      'Queue a scoring run (full: everyone, refitting the model; incremental: customers with new activity since the last run)',
    request: { body: jsonBody(CreateRunBody) },
    responses: { 202: jsonResponse(ScoringRunSchema, 'Queued'), ...errorResponses },
  }),
  getSettings: defineRoute({
    method: 'get',
    path: '/analytics/settings',
    permission: 'analytics:read',
    tags: A,
    summary: 'Value engine settings (window, tier shares, CLV discounting)',
    responses: { 200: jsonResponse(AnalyticsSettingsSchema, 'Settings'), ...errorResponses },
  }),
  putSettings: defineRoute({
    method: 'put',
    path: '/analytics/settings',
    permission: 'analytics:write',
    tags: A,
    summary: 'Replace the value engine settings (missing fields take their defaults); applies from the next run',
    request: { body: jsonBody(AnalyticsSettingsSchema) },
    responses: { 200: jsonResponse(AnalyticsSettingsSchema, 'Saved'), ...errorResponses },
  }),
  value: defineRoute({
    method: 'get',
    path: '/customers/{id}/value',
    permission: 'analytics:customer',
    tags: A,
    summary:
      "A customer's metrics, RFM, predicted CLV and tier, each with a plain-language explanation (Accept-Language: en, pt-BR, es; else the workspace's)",
    request: { params: IdParams },
    responses: { 200: jsonResponse(CustomerValueSchema, 'The value'), ...errorResponses },
  }),
  tierChanges: defineRoute({
    method: 'get',
    path: '/customers/{id}/tier-changes',
    permission: 'analytics:customer',
    tags: A,
    summary: "A customer's pyramid tier changes, newest first, with the reason",
    request: { params: IdParams, query: TierChangesQuery },
    responses: { 200: jsonResponse(z.object({ items: z.array(TierChangeSchema) }), 'Changes'), ...errorResponses },
  }),
};

export function analyticsRoutes(deps: Deps) {
  const r = createRouter();
  const ws = (c: Context<AppEnv>) => auth(c).workspaceId;
  r.openapi(routes.pyramid, async (c) => c.json(await getPyramid(deps, ws(c)), 200));
  r.openapi(routes.rfm, async (c) => c.json(await getRfm(deps, ws(c)), 200));
  r.openapi(routes.model, async (c) => c.json(await getClvModel(deps, ws(c)), 200));
  r.openapi(routes.listRuns, async (c) =>
    c.json({ items: await getRuns(deps, ws(c), c.req.valid('query').limit) }, 200),
  );
  r.openapi(routes.createRun, async (c) => {
    const run = await queueRun(deps, ws(c), c.req.valid('json').mode, actor(auth(c)));
    if (deps.jobs) await deps.jobs.send(SCORE_JOB, { workspaceId: run.workspaceId, runId: run.id });
    c.header('Location', `/api/v1/analytics/score-runs?limit=1`);
    return c.json(toRunDto(run), 202);
  });
  r.openapi(routes.getSettings, async (c) => c.json((await loadSettings(deps, ws(c))).settings, 200));
  r.openapi(routes.putSettings, async (c) =>
    c.json(await updateSettings(deps, ws(c), c.req.valid('json'), actor(auth(c))), 200),
  );
  r.openapi(routes.value, async (c) =>
    c.json(await getCustomerValue(deps, ws(c), c.req.valid('param').id, c.req.header('accept-language')), 200),
  );
  r.openapi(routes.tierChanges, async (c) =>
    c.json(
      {
        items: await getTierChanges(
          deps,
          ws(c),
          c.req.valid('param').id,
          c.req.valid('query').limit,
          c.req.header('accept-language'),
        ),
      },
      200,
    ),
  );
  return r;
}
