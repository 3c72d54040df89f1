// HTTP surface of webhooks: endpoints (admins), their secrets and their delivery log.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import { eventCatalogue } from '../events/index.ts';
import {
  CreateWebhookBody,
  DeliverySchema,
  ListDeliveriesQuery,
  UpdateWebhookBody,
  WebhookSchema,
  WebhookWithSecretSchema,
} from './webhooks.dto.ts';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  rotateWebhookSecret,
  updateWebhook,
} from './webhooks.service.ts';

const tags = ['Webhooks'];
const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;

const routes = {
  eventTypes: defineRoute({
    method: 'get',
    path: '/webhooks/event-types',
    permission: 'webhooks:manage',
    tags,
    summary: 'The event types an endpoint can subscribe to (exactly, by prefix such as `complaint.`, or `*`)',
    responses: {
      200: jsonResponse(
        z.object({ items: z.array(z.object({ type: z.string(), description: z.string() })) }),
        'Event types',
      ),
      ...errorResponses,
    },
  }),
  list: defineRoute({
    method: 'get',
    path: '/webhooks',
    permission: 'webhooks:manage',
    tags,
    summary: 'Webhook endpoints',
    responses: { 200: jsonResponse(z.object({ items: z.array(WebhookSchema) }), 'Endpoints'), ...errorResponses },
  }),
  create: defineRoute({
    method: 'post',
    path: '/webhooks',
    permission: 'webhooks:manage',
    tags,
    summary: 'Add an endpoint; the signing secret is in this answer only',
    request: { body: jsonBody(CreateWebhookBody) },
    responses: { 201: jsonResponse(WebhookWithSecretSchema, 'Created'), ...errorResponses },
  }),
  get: defineRoute({
    method: 'get',
    path: '/webhooks/{id}',
    permission: 'webhooks:manage',
    tags,
    summary: 'One endpoint',
    request: { params: IdParams },
    responses: { 200: jsonResponse(WebhookSchema, 'The endpoint'), ...errorResponses },
  }),
  update: defineRoute({
    method: 'patch',
    path: '/webhooks/{id}',
    permission: 'webhooks:manage',
    tags,
    summary: 'Change the URL, filters or description, or switch it off and on (back on: only new events)',
    request: { params: IdParams, body: jsonBody(UpdateWebhookBody) },
    responses: { 200: jsonResponse(WebhookSchema, 'Updated'), ...errorResponses },
  }),
  remove: defineRoute({
    method: 'delete',
    path: '/webhooks/{id}',
    permission: 'webhooks:manage',
    tags,
    summary: 'Remove an endpoint and its delivery log',
    request: { params: IdParams },
    responses: { 204: { description: 'Removed' }, ...errorResponses },
  }),
  rotate: defineRoute({
    method: 'post',
    path: '/webhooks/{id}/rotate-secret',
    permission: 'webhooks:manage',
    tags,
    summary: 'Replace the signing secret (the old one stops at once); the new one is in this answer only',
    request: { params: IdParams },
    responses: { 200: jsonResponse(WebhookWithSecretSchema, 'New secret'), ...errorResponses },
  }),
  deliveries: defineRoute({
    method: 'get',
    path: '/webhooks/{id}/deliveries',
    permission: 'webhooks:manage',
    tags,
    summary: 'The delivery log, newest first: status, attempts, last response code and duration, every attempt',
    request: { params: IdParams, query: ListDeliveriesQuery },
    responses: {
      200: jsonResponse(z.object({ items: z.array(DeliverySchema), next: z.string().nullable() }), 'Deliveries'),
      ...errorResponses,
    },
  }),
};

export function webhooksRoutes(deps: Deps) {
  const router = createRouter();
  router.openapi(routes.eventTypes, (c) =>
    c.json({ items: eventCatalogue.map((e) => ({ type: e.type, description: e.description })) }, 200),
  );
  router.openapi(routes.list, async (c) => c.json({ items: await listWebhooks(deps, auth(c).workspaceId) }, 200));
  router.openapi(routes.create, async (c) =>
    c.json(await createWebhook(deps, auth(c).workspaceId, c.req.valid('json')), 201),
  );
  router.openapi(routes.get, async (c) =>
    c.json(await getWebhook(deps, auth(c).workspaceId, c.req.valid('param').id), 200),
  );
  router.openapi(routes.update, async (c) =>
    c.json(await updateWebhook(deps, auth(c).workspaceId, c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(routes.remove, async (c) => {
    await deleteWebhook(deps, auth(c).workspaceId, c.req.valid('param').id);
    return c.body(null, 204);
  });
  router.openapi(routes.rotate, async (c) =>
    c.json(await rotateWebhookSecret(deps, auth(c).workspaceId, c.req.valid('param').id), 200),
  );
  router.openapi(routes.deliveries, async (c) =>
    c.json(await listDeliveries(deps, auth(c).workspaceId, c.req.valid('param').id, c.req.valid('query')), 200),
  );
  return router;
}
