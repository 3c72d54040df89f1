// HTTP surface of interactions and channel cost rates. Thin: parse, call the service, answer.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import {
  CostRateSchema,
  CreateInteractionBody,
  InteractionSchema,
  ListInteractionsQuery,
  SetCostRatesBody,
  UpdateInteractionBody,
} from './interactions.dto.ts';
import {
  getInteraction,
  listCostRates,
  listInteractions,
  recordInteraction,
  setCostRates,
  updateInteraction,
} from './interactions.service.ts';

const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;
const tags = ['Interactions'];

const routes = {
  list: defineRoute({
    method: 'get',
    path: '/interactions',
    permission: 'interactions:read',
    tags,
    summary: 'Contacts with customers, newest first',
    request: { query: ListInteractionsQuery },
    responses: {
      200: jsonResponse(
        z.object({ items: z.array(InteractionSchema), nextCursor: z.string().nullable() }),
        'Interactions',
      ),
      ...errorResponses,
    },
  }),
  create: defineRoute({
    method: 'post',
    path: '/interactions',
    permission: 'interactions:write',
    tags,
    summary: 'Record a contact; its cost to serve comes from the channel rates',
    request: { body: jsonBody(CreateInteractionBody) },
    responses: {
      201: jsonResponse(InteractionSchema, 'Recorded'),
      200: jsonResponse(InteractionSchema, 'Already recorded (same externalId)'),
      ...errorResponses,
    },
  }),
  get: defineRoute({
    method: 'get',
    path: '/interactions/{id}',
    permission: 'interactions:read',
    tags,
    summary: 'One interaction',
    request: { params: IdParams },
    responses: { 200: jsonResponse(InteractionSchema, 'The interaction'), ...errorResponses },
  }),
  update: defineRoute({
    method: 'patch',
    path: '/interactions/{id}',
    permission: 'interactions:write',
    tags,
    summary: 'Correct the type or summary',
    request: { params: IdParams, body: jsonBody(UpdateInteractionBody) },
    responses: { 200: jsonResponse(InteractionSchema, 'Updated'), ...errorResponses },
  }),
  rates: defineRoute({
    method: 'get',
    path: '/cost-rates',
    permission: 'interactions:read',
    tags,
    summary: 'Cost to serve per channel (per contact and per started minute)',
    responses: { 200: jsonResponse(z.object({ items: z.array(CostRateSchema) }), 'Rates'), ...errorResponses },
  }),
  setRates: defineRoute({
    method: 'put',
    path: '/cost-rates',
    permission: 'cost_rates:manage',
    tags,
    summary: 'Set channel cost rates (applies to contacts recorded from now on)',
    request: { body: jsonBody(SetCostRatesBody) },
    responses: { 200: jsonResponse(z.object({ items: z.array(CostRateSchema) }), 'Rates'), ...errorResponses },
  }),
};

export function interactionsRoutes(deps: Deps) {
  const router = createRouter();
  router.openapi(routes.list, async (c) =>
    c.json(await listInteractions(deps, auth(c).workspaceId, c.req.valid('query')), 200),
  );
  router.openapi(routes.create, async (c) => {
    const r = await recordInteraction(deps, auth(c).workspaceId, c.req.valid('json'));
    return c.json(r.interaction, r.created ? 201 : 200);
  });
  router.openapi(routes.get, async (c) =>
    c.json(await getInteraction(deps, auth(c).workspaceId, c.req.valid('param').id), 200),
  );
  router.openapi(routes.update, async (c) =>
    c.json(await updateInteraction(deps, auth(c).workspaceId, c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(routes.rates, async (c) => c.json({ items: await listCostRates(deps, auth(c).workspaceId) }, 200));
  router.openapi(routes.setRates, async (c) =>
    c.json({ items: await setCostRates(deps, auth(c).workspaceId, c.req.valid('json').rates) }, 200),
  );
  return router;
}
