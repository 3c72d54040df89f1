// HTTP surface of product affinity: runs (queued to a worker), the rules of the newest run, its
// model card, and one customer's next-best offers. Thin: validate, call, answer.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import {
  AffinityModelSchema,
  AffinityRuleSchema,
  AffinityRunSchema,
  CreateAffinityRunBody,
  OffersSchema,
  OffersQuery,
  RulesQuery,
} from './affinity.dto.ts';
import { AFFINITY_RUN_JOB, queueAffinityRun } from './affinity.runs.ts';
import { affinityGroupRoutes, type OfferActions } from './affinity.groups.routes.ts';
import { getModelCard, getOffers, getRules, getRuns, toRunDto } from './affinity.service.ts';

const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;
const actor = (a: Auth) => (a.userId ? `user:${a.userId}` : `token:${a.tokenId}`);
const tags = ['Affinity'];

const routes = {
  createRun: defineRoute({
    method: 'post',
    path: '/affinity/runs',
    permission: 'affinity:write',
    tags,
    summary: 'Queue an affinity run (rules, portfolio pairs, offline evaluation of offers); it runs on a worker',
    request: { body: jsonBody(CreateAffinityRunBody) },
    responses: { 202: jsonResponse(AffinityRunSchema, 'Queued'), ...errorResponses },
  }),
  listRuns: defineRoute({
    method: 'get',
    path: '/affinity/runs',
    permission: 'affinity:read',
    tags,
    summary: 'Affinity runs, newest first',
    request: { query: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) }) },
    responses: { 200: jsonResponse(z.object({ items: z.array(AffinityRunSchema) }), 'Runs'), ...errorResponses },
  }),
  rules: defineRoute({
    method: 'get',
    path: '/affinity/rules',
    permission: 'affinity:read',
    tags,
    summary: "The newest run's association rules for a level and source, strongest lift first",
    request: { query: RulesQuery },
    responses: {
      200: jsonResponse(
        z.object({ runId: z.uuid().nullable(), items: z.array(AffinityRuleSchema), nextCursor: z.string().nullable() }),
        'Rules page',
      ),
      ...errorResponses,
    },
  }),
  model: defineRoute({
    method: 'get',
    path: '/affinity/model',
    permission: 'affinity:read',
    tags,
    summary: 'The model card of the next-best offers: offline evaluation against a popularity baseline (404 no_model)',
    responses: { 200: jsonResponse(AffinityModelSchema, 'Model card'), ...errorResponses },
  }),
  offers: defineRoute({
    method: 'get',
    path: '/customers/{id}/offers',
    permission: 'affinity:customer',
    tags,
    summary: "A customer's next-best offers: products not held, by P(buy | portfolio) × margin, with why",
    request: { params: IdParams, query: OffersQuery },
    responses: {
      200: jsonResponse(OffersSchema, 'Offers'),
      ...errorResponses,
    },
  }),
};

export function affinityRoutes(deps: Deps, options: { offers: OfferActions }) {
  const r = createRouter();
  r.route('/', affinityGroupRoutes(deps, options.offers));
  const ws = (c: Context<AppEnv>) => auth(c).workspaceId;
  r.openapi(routes.createRun, async (c) => {
    const run = await queueAffinityRun(deps, ws(c), 'api', actor(auth(c)), c.req.valid('json'));
    if (deps.jobs) await deps.jobs.send(AFFINITY_RUN_JOB, { workspaceId: run.workspaceId, runId: run.id });
    c.header('Location', '/api/v1/affinity/runs?limit=1');
    return c.json(toRunDto(run), 202);
  });
  r.openapi(routes.listRuns, async (c) => c.json(await getRuns(deps, ws(c), c.req.valid('query').limit), 200));
  r.openapi(routes.rules, async (c) => c.json(await getRules(deps, ws(c), c.req.valid('query')), 200));
  r.openapi(routes.model, async (c) => c.json(await getModelCard(deps, ws(c)), 200));
  r.openapi(routes.offers, async (c) =>
    c.json(await getOffers(deps, ws(c), c.req.valid('param').id, c.req.valid('query')), 200),
  );
  return r;
}
