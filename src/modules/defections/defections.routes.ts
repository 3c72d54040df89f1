// HTTP surface of the defection register: taxonomy, settings, defections, reactivations, lapsed
// customers. Thin: each handler passes validated input to a service.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import {
  CreateReasonBody,
  DefectionSchema,
  ExitSurveyLinkSchema,
  HistorySchema,
  LapseSchema,
  ListDefectionsQuery,
  ListLapsedQuery,
  ReactivationSchema,
  ReasonParams,
  ReasonSchema,
  RecordDefectionBody,
  RecordedDefectionSchema,
  RecordReactivationBody,
  SettingsSchema,
  SummaryQuery,
  SummarySchema,
  UpdateReasonBody,
  UpdateSettingsBody,
} from './defections.dto.ts';
import {
  customerHistory,
  defectionSummary,
  listDefections,
  listLapsed,
  recordDefection,
  recordReactivation,
  surveyLinkForCustomer,
  surveyLinkForDefection,
} from './defections.service.ts';
import {
  createReason,
  deleteReason,
  getSettings,
  listReasons,
  updateReason,
  updateSettings,
} from './defections.taxonomy.ts';

const tags = ['Defections'];
const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;
const actor = (a: Auth) => (a.userId ? `user:${a.userId}` : `token:${a.tokenId}`);

const routes = {
  reasons: defineRoute({
    tags,
    method: 'get',
    path: '/defection-reasons',
    permission: 'defections:read',
    summary: "The workspace's defection reasons (defaults seeded on first use), with labels per language",
    responses: { 200: jsonResponse(z.object({ items: z.array(ReasonSchema) }), 'Reasons'), ...errorResponses },
  }),
  createReason: defineRoute({
    tags,
    method: 'post',
    path: '/defection-reasons',
    permission: 'defections:manage',
    summary: 'Add a reason to the taxonomy',
    request: { body: jsonBody(CreateReasonBody) },
    responses: { 201: jsonResponse(ReasonSchema, 'Added'), ...errorResponses },
  }),
  updateReason: defineRoute({
    tags,
    method: 'patch',
    path: '/defection-reasons/{code}',
    permission: 'defections:manage',
    summary: 'Relabel a reason (per language), mark it controllable or not, deactivate or reactivate it',
    request: { params: ReasonParams, body: jsonBody(UpdateReasonBody) },
    responses: { 200: jsonResponse(ReasonSchema, 'Updated'), ...errorResponses },
  }),
  deleteReason: defineRoute({
    tags,
    method: 'delete',
    path: '/defection-reasons/{code}',
    permission: 'defections:manage',
    summary: 'Delete an unused custom reason (409 for a default or used one: deactivate it)',
    request: { params: ReasonParams },
    responses: { 204: { description: 'Deleted' }, ...errorResponses },
  }),
  settings: defineRoute({
    tags,
    method: 'get',
    path: '/defection-settings',
    permission: 'defections:read',
    summary: 'The lapse threshold (P(alive) under it marks a customer lapsed) and the exit-survey link lifetime',
    responses: { 200: jsonResponse(SettingsSchema, 'Settings'), ...errorResponses },
  }),
  updateSettings: defineRoute({
    tags,
    method: 'patch',
    path: '/defection-settings',
    permission: 'defections:manage',
    summary: 'Change the lapse threshold or the exit-survey link lifetime',
    request: { body: jsonBody(UpdateSettingsBody) },
    responses: { 200: jsonResponse(SettingsSchema, 'Updated'), ...errorResponses },
  }),
  record: defineRoute({
    tags,
    method: 'post',
    path: '/customers/{id}/defections',
    permission: 'defections:write',
    summary: 'Record that a customer left, and why; answers with a single-use exit-survey link',
    request: { params: IdParams, body: jsonBody(RecordDefectionBody) },
    responses: { 201: jsonResponse(RecordedDefectionSchema, 'Recorded'), ...errorResponses },
  }),
  history: defineRoute({
    tags,
    method: 'get',
    path: '/customers/{id}/defection-history',
    permission: 'defections:read',
    summary: "A customer's defections, win-backs and lapsed state",
    request: { params: IdParams },
    responses: { 200: jsonResponse(HistorySchema, 'History'), ...errorResponses },
  }),
  reactivate: defineRoute({
    tags,
    method: 'post',
    path: '/customers/{id}/reactivations',
    permission: 'defections:write',
    summary: 'Record a win-back of a customer who left or lapsed (409 otherwise)',
    request: { params: IdParams, body: jsonBody(RecordReactivationBody) },
    responses: { 201: jsonResponse(ReactivationSchema, 'Recorded'), ...errorResponses },
  }),
  list: defineRoute({
    tags,
    method: 'get',
    path: '/defections',
    permission: 'defections:read',
    summary: 'Defections, newest first, filtered by period, reason, controllable and source',
    request: { query: ListDefectionsQuery },
    responses: {
      200: jsonResponse(z.object({ items: z.array(DefectionSchema), nextCursor: z.string().nullable() }), 'Page'),
      ...errorResponses,
    },
  }),
  summary: defineRoute({
    tags,
    method: 'get',
    path: '/defections/summary',
    permission: 'defections:read',
    summary: 'Defections counted by reason and by month (UTC), with shares',
    request: { query: SummaryQuery },
    responses: { 200: jsonResponse(SummarySchema, 'Summary'), ...errorResponses },
  }),
  surveyLink: defineRoute({
    tags,
    method: 'post',
    path: '/defections/{id}/exit-survey-link',
    permission: 'defections:write',
    summary: 'A new single-use exit-survey link for a defection',
    request: { params: IdParams },
    responses: { 201: jsonResponse(ExitSurveyLinkSchema, 'Link'), ...errorResponses },
  }),
  customerSurveyLink: defineRoute({
    tags,
    method: 'post',
    path: '/customers/{id}/exit-survey-link',
    permission: 'defections:write',
    summary: 'A single-use exit-survey link for a customer whose departure is not recorded yet: answering records it',
    request: { params: IdParams },
    responses: { 201: jsonResponse(ExitSurveyLinkSchema, 'Link'), ...errorResponses },
  }),
  lapsed: defineRoute({
    tags,
    method: 'get',
    path: '/lapsed-customers',
    permission: 'defections:read',
    summary: 'Customers lapsed by P(alive) under the threshold (not confirmed defections), newest first',
    request: { query: ListLapsedQuery },
    responses: {
      200: jsonResponse(z.object({ items: z.array(LapseSchema), nextCursor: z.string().nullable() }), 'Page'),
      ...errorResponses,
    },
  }),
};

export function defectionsRoutes(deps: Deps) {
  const router = createRouter();
  const ws = (c: Context<AppEnv>) => auth(c).workspaceId;
  router.openapi(routes.reasons, async (c) => c.json({ items: await listReasons(deps, ws(c)) }, 200));
  router.openapi(routes.createReason, async (c) => c.json(await createReason(deps, ws(c), c.req.valid('json')), 201));
  router.openapi(routes.updateReason, async (c) =>
    c.json(await updateReason(deps, ws(c), c.req.valid('param').code, c.req.valid('json')), 200),
  );
  router.openapi(routes.deleteReason, async (c) => {
    await deleteReason(deps, ws(c), c.req.valid('param').code);
    return c.body(null, 204);
  });
  router.openapi(routes.settings, async (c) => c.json(await getSettings(deps, ws(c)), 200));
  router.openapi(routes.updateSettings, async (c) =>
    c.json(await updateSettings(deps, ws(c), c.req.valid('json')), 200),
  );
  router.openapi(routes.record, async (c) => {
    const recorded = await recordDefection(deps, ws(c), c.req.valid('param').id, c.req.valid('json'), {
      source: 'manual',
      recordedBy: actor(auth(c)),
    });
    return c.json(recorded as NonNullable<typeof recorded>, 201);
  });
  router.openapi(routes.history, async (c) => c.json(await customerHistory(deps, ws(c), c.req.valid('param').id), 200));
  router.openapi(routes.reactivate, async (c) =>
    c.json(await recordReactivation(deps, ws(c), c.req.valid('param').id, c.req.valid('json'), actor(auth(c))), 201),
  );
  router.openapi(routes.list, async (c) => c.json(await listDefections(deps, ws(c), c.req.valid('query')), 200));
  router.openapi(routes.summary, async (c) => c.json(await defectionSummary(deps, ws(c), c.req.valid('query')), 200));
  router.openapi(routes.surveyLink, async (c) =>
    c.json(await surveyLinkForDefection(deps, ws(c), c.req.valid('param').id), 201),
  );
  router.openapi(routes.customerSurveyLink, async (c) =>
    c.json(await surveyLinkForCustomer(deps, ws(c), c.req.valid('param').id), 201),
  );
  router.openapi(routes.lapsed, async (c) => c.json(await listLapsed(deps, ws(c), c.req.valid('query')), 200));
  return router;
}
