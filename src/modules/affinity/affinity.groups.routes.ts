// HTTP surface of bundles (suggested by the newest run, defined by people, with adoption), the
// micro-segments, and offers made to a customer: outcomes recorded, and an offer turned into a
// task or a campaign segment membership (the cross-domain work is the workflow's, passed in).
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import {
  BundleSchema,
  BundleSuggestionSchema,
  CreateBundleBody,
  OfferEventSchema,
  OfferOutcomeBody,
  OfferParams,
  OfferTaskBody,
  SegmentsSchema,
} from './affinity.groups.dto.ts';
import {
  archiveBundle,
  createBundle,
  getBundle,
  getBundles,
  getBundleSuggestions,
  getSegments,
} from './affinity.groups.ts';
import { getOfferEvents, recordOutcome } from './affinity.outcomes.ts';
import { bundleStatuses } from './affinity.schema.ts';

const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;
const actor = (a: Auth) => (a.userId ? `user:${a.userId}` : `token:${a.tokenId}`);
const tags = ['Affinity'];

type OfferEvent = z.infer<typeof OfferEventSchema>;
/** Offers through other domains (src/workflows/offer-actions.ts). */
export type OfferActions = {
  byTask: (
    workspaceId: string,
    customerId: string,
    productId: string,
    input: z.infer<typeof OfferTaskBody>,
    actor: string,
  ) => Promise<{ event: OfferEvent; taskId: string }>;
  byCampaign: (
    workspaceId: string,
    customerId: string,
    productId: string,
    actor: string,
  ) => Promise<{ event: OfferEvent; segmentId: string; segmentName: string }>;
};

const routes = {
  suggestions: defineRoute({
    method: 'get',
    path: '/affinity/bundle-suggestions',
    permission: 'affinity:read',
    tags,
    summary: "The newest run's bundle suggestions: products bought together far more than by chance, by extra margin",
    responses: {
      200: jsonResponse(
        z.object({ runId: z.uuid().nullable(), items: z.array(BundleSuggestionSchema) }),
        'Suggestions',
      ),
      ...errorResponses,
    },
  }),
  listBundles: defineRoute({
    method: 'get',
    path: '/affinity/bundles',
    permission: 'affinity:read',
    tags,
    summary: 'Defined bundles with their adoption and the margin of their buyers against other customers',
    request: { query: z.strictObject({ status: z.enum(bundleStatuses).optional() }) },
    responses: { 200: jsonResponse(z.object({ items: z.array(BundleSchema) }), 'Bundles'), ...errorResponses },
  }),
  createBundle: defineRoute({
    method: 'post',
    path: '/affinity/bundles',
    permission: 'affinity:write',
    tags,
    summary: 'Define a bundle: products and a price at most the sum of their list prices (the rest is the discount)',
    request: { body: jsonBody(CreateBundleBody) },
    responses: { 201: jsonResponse(BundleSchema, 'Defined'), ...errorResponses },
  }),
  getBundle: defineRoute({
    method: 'get',
    path: '/affinity/bundles/{id}',
    permission: 'affinity:read',
    tags,
    summary: 'One bundle with its adoption',
    request: { params: IdParams },
    responses: { 200: jsonResponse(BundleSchema, 'The bundle'), ...errorResponses },
  }),
  archiveBundle: defineRoute({
    method: 'post',
    path: '/affinity/bundles/{id}/archive',
    permission: 'affinity:write',
    tags,
    summary: 'Archive a bundle',
    request: { params: IdParams },
    responses: { 200: jsonResponse(BundleSchema, 'Archived'), ...errorResponses },
  }),
  segments: defineRoute({
    method: 'get',
    path: '/affinity/segments',
    permission: 'affinity:read',
    tags,
    summary:
      "The newest run's micro-segments: customers by category share of spend, with value, churn risk, best offer",
    responses: { 200: jsonResponse(SegmentsSchema, 'Micro-segments'), ...errorResponses },
  }),
  outcome: defineRoute({
    method: 'post',
    path: '/customers/{id}/offers/{productId}/outcomes',
    permission: 'affinity:offer',
    tags,
    summary: 'Record an offer made in person or what became of one (a product declined is not offered for 90 days)',
    request: { params: OfferParams, body: jsonBody(OfferOutcomeBody) },
    responses: { 201: jsonResponse(OfferEventSchema, 'Recorded'), ...errorResponses },
  }),
  events: defineRoute({
    method: 'get',
    path: '/customers/{id}/offer-events',
    permission: 'affinity:customer',
    tags,
    summary: "A customer's offers and their outcomes, newest first",
    request: { params: IdParams },
    responses: { 200: jsonResponse(z.object({ items: z.array(OfferEventSchema) }), 'Events'), ...errorResponses },
  }),
  byTask: defineRoute({
    method: 'post',
    path: '/customers/{id}/offers/{productId}/task',
    permission: 'affinity:offer',
    tags,
    summary: 'Offer a product through a task for a colleague (recorded as offered)',
    request: { params: OfferParams, body: jsonBody(OfferTaskBody) },
    responses: {
      201: jsonResponse(z.object({ event: OfferEventSchema, taskId: z.uuid() }), 'Task created'),
      ...errorResponses,
    },
  }),
  byCampaign: defineRoute({
    method: 'post',
    path: '/customers/{id}/offers/{productId}/campaign',
    permission: 'affinity:write',
    tags,
    summary: "Add the customer to the product's offer segment (a campaign segment on a tag), made on first use",
    request: { params: OfferParams },
    responses: {
      201: jsonResponse(
        z.object({ event: OfferEventSchema, segmentId: z.uuid(), segmentName: z.string() }),
        'Added to the segment',
      ),
      ...errorResponses,
    },
  }),
};

export function affinityGroupRoutes(deps: Deps, offers: OfferActions) {
  const r = createRouter();
  const ws = (c: Context<AppEnv>) => auth(c).workspaceId;
  r.openapi(routes.suggestions, async (c) => c.json(await getBundleSuggestions(deps, ws(c)), 200));
  r.openapi(routes.listBundles, async (c) => c.json(await getBundles(deps, ws(c), c.req.valid('query').status), 200));
  r.openapi(routes.createBundle, async (c) =>
    c.json(await createBundle(deps, ws(c), c.req.valid('json'), actor(auth(c))), 201),
  );
  r.openapi(routes.getBundle, async (c) => c.json(await getBundle(deps, ws(c), c.req.valid('param').id), 200));
  r.openapi(routes.archiveBundle, async (c) => c.json(await archiveBundle(deps, ws(c), c.req.valid('param').id), 200));
  r.openapi(routes.segments, async (c) => c.json(await getSegments(deps, ws(c)), 200));
  r.openapi(routes.outcome, async (c) => {
    const { id, productId } = c.req.valid('param');
    return c.json(await recordOutcome(deps, ws(c), id, productId, c.req.valid('json').outcome, actor(auth(c))), 201);
  });
  r.openapi(routes.events, async (c) => c.json(await getOfferEvents(deps, ws(c), c.req.valid('param').id), 200));
  r.openapi(routes.byTask, async (c) => {
    const { id, productId } = c.req.valid('param');
    return c.json(await offers.byTask(ws(c), id, productId, c.req.valid('json'), actor(auth(c))), 201);
  });
  r.openapi(routes.byCampaign, async (c) => {
    const { id, productId } = c.req.valid('param');
    return c.json(await offers.byCampaign(ws(c), id, productId, actor(auth(c))), 201);
  });
  return r;
}
