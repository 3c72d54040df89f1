// HTTP surface of saved views: each caller sees and changes only their own. Thin.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import { CreateSavedViewBody, ListSavedViewsQuery, SavedViewSchema, UpdateSavedViewBody } from './saved-views.dto.ts';
import {
  createSavedView,
  deleteSavedView,
  getSavedView,
  listSavedViews,
  updateSavedView,
  viewOwner,
} from './saved-views.service.ts';

const tags = ['Saved views'];
const owner = (c: Context<AppEnv>) => viewOwner(c.get('auth') as Auth);

const routes = {
  list: defineRoute({
    method: 'get',
    path: '/saved-views',
    permission: 'saved_views:manage',
    tags,
    summary: "The caller's saved views, by name",
    request: { query: ListSavedViewsQuery },
    responses: { 200: jsonResponse(z.object({ items: z.array(SavedViewSchema) }), 'Saved views'), ...errorResponses },
  }),
  create: defineRoute({
    method: 'post',
    path: '/saved-views',
    permission: 'saved_views:manage',
    tags,
    summary: 'Save a named filter set for a list (at most 100 per list)',
    request: { body: jsonBody(CreateSavedViewBody) },
    responses: { 201: jsonResponse(SavedViewSchema, 'Saved'), ...errorResponses },
  }),
  get: defineRoute({
    method: 'get',
    path: '/saved-views/{id}',
    permission: 'saved_views:manage',
    tags,
    summary: 'One of the caller’s saved views',
    request: { params: IdParams },
    responses: { 200: jsonResponse(SavedViewSchema, 'The view'), ...errorResponses },
  }),
  update: defineRoute({
    method: 'patch',
    path: '/saved-views/{id}',
    permission: 'saved_views:manage',
    tags,
    summary: 'Rename a view or replace its filters',
    request: { params: IdParams, body: jsonBody(UpdateSavedViewBody) },
    responses: { 200: jsonResponse(SavedViewSchema, 'Updated'), ...errorResponses },
  }),
  remove: defineRoute({
    method: 'delete',
    path: '/saved-views/{id}',
    permission: 'saved_views:manage',
    tags,
    summary: 'Delete a view',
    request: { params: IdParams },
    responses: { 204: { description: 'Deleted' }, ...errorResponses },
  }),
};

export function savedViewsRoutes(deps: Deps) {
  const router = createRouter();
  router.openapi(routes.list, async (c) =>
    c.json({ items: await listSavedViews(deps, owner(c), c.req.valid('query').list) }, 200),
  );
  router.openapi(routes.create, async (c) => c.json(await createSavedView(deps, owner(c), c.req.valid('json')), 201));
  router.openapi(routes.get, async (c) => c.json(await getSavedView(deps, owner(c), c.req.valid('param').id), 200));
  router.openapi(routes.update, async (c) =>
    c.json(await updateSavedView(deps, owner(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(routes.remove, async (c) => {
    await deleteSavedView(deps, owner(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
  return router;
}
