// HTTP surface of the bonds domain: a customer's bonds and their records, the workspace summary
// with the churn validation, and the index's weights. Thin: parse, call the service, answer.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import {
  BondRecordParams,
  BondSettingsSchema,
  BondSummarySchema,
  CreatePreferenceBody,
  CreateRelationshipBody,
  CreateStructuralBody,
  CustomerBondsSchema,
  PreferenceSchema,
  RelationshipSchema,
  StructuralSchema,
  UpdatePreferenceBody,
  UpdateRelationshipBody,
  UpdateStructuralBody,
} from './bonds.dto.ts';
import type { RecordKind } from './bonds.records.repository.ts';
import {
  bondSummary,
  createPreference,
  createRelationship,
  createStructural,
  deleteBondRecord,
  getCustomerBonds,
  preferenceActedOn,
  updatePreference,
  updateRelationship,
  updateStructural,
} from './bonds.service.ts';
import { loadBondSettings, saveBondSettings } from './bonds.settings.ts';

const tags = ['Bonds'];
const ws = (c: Context<AppEnv>) => (c.get('auth') as Auth).workspaceId;

const base = '/customers/{id}/bonds';
const recordRoutes = <C extends z.ZodType, U extends z.ZodType, S extends z.ZodType>(
  kind: RecordKind,
  what: string,
  create: C,
  update: U,
  schema: S,
) => ({
  create: defineRoute({
    method: 'post',
    path: `${base}/${kind}`,
    permission: 'customers:write',
    tags,
    operationId: `createBond_${kind}`,
    summary: `Record a ${what} of the customer`,
    description: `Adds a ${what}; the customer's bond index reflects it at once on this customer's bonds and in the next scoring run.`,
    request: { params: IdParams, body: jsonBody(create) },
    responses: { 201: jsonResponse(schema, 'Recorded'), ...errorResponses },
  }),
  update: defineRoute({
    method: 'patch',
    path: `${base}/${kind}/{recordId}`,
    permission: 'customers:write',
    tags,
    operationId: `updateBond_${kind}`,
    summary: `Change a ${what}`,
    description: `Changes the fields given; null clears an optional one.`,
    request: { params: BondRecordParams, body: jsonBody(update) },
    responses: { 200: jsonResponse(schema, 'Changed'), ...errorResponses },
  }),
  remove: defineRoute({
    method: 'delete',
    path: `${base}/${kind}/{recordId}`,
    permission: 'customers:write',
    tags,
    operationId: `deleteBond_${kind}`,
    summary: `Delete a ${what}`,
    description: `Deletes the record (to keep its history, set endedAt instead where it has one).`,
    request: { params: BondRecordParams },
    responses: { 204: { description: 'Deleted' }, ...errorResponses },
  }),
});

const routes = {
  get: defineRoute({
    method: 'get',
    path: base,
    permission: 'customers:read',
    tags,
    operationId: 'getCustomerBonds',
    summary: "A customer's bond index, its components and explanation, switching costs and bond records",
    description:
      'The index is computed now from the same inputs a scoring run reads (docs/bonds.md); `scored` is what the last run stored. The explanation is codes with numbers, worded by the client in the reader’s language.',
    request: { params: IdParams },
    responses: { 200: jsonResponse(CustomerBondsSchema, 'The customer’s bonds'), ...errorResponses },
  }),
  relationships: recordRoutes(
    'relationships',
    'relationship with a member of staff',
    CreateRelationshipBody,
    UpdateRelationshipBody,
    RelationshipSchema,
  ),
  preferences: recordRoutes('preferences', 'preference', CreatePreferenceBody, UpdatePreferenceBody, PreferenceSchema),
  structural: recordRoutes(
    'structural',
    'structural bond',
    CreateStructuralBody,
    UpdateStructuralBody,
    StructuralSchema,
  ),
  actedOn: defineRoute({
    method: 'post',
    path: `${base}/preferences/{recordId}/acted-on`,
    permission: 'customers:write',
    tags,
    operationId: 'bondPreferenceActedOn',
    summary: 'Count one more time the preference was acted on',
    description: 'Adds one to timesActedOn and sets lastActedOn to now.',
    request: { params: BondRecordParams },
    responses: { 200: jsonResponse(PreferenceSchema, 'Counted'), ...errorResponses },
  }),
  summary: defineRoute({
    method: 'get',
    path: '/bonds/summary',
    permission: 'customers:read',
    tags,
    operationId: 'getBondSummary',
    summary: 'The distribution of the bond index and its churn validation',
    description:
      'From the indexes the last scoring run stored: ten bands, mean components, switching costs, and the churn hazard ratio of the bottom fifth of the index against the top fifth (Cox, 95 % CI, n and events).',
    responses: { 200: jsonResponse(BondSummarySchema, 'Summary'), ...errorResponses },
  }),
  getSettings: defineRoute({
    method: 'get',
    path: '/bonds/settings',
    permission: 'customers:read',
    tags,
    operationId: 'getBondSettings',
    summary: "The bond index's weights and points scale",
    description: 'Defaults filled in where the workspace set none.',
    responses: { 200: jsonResponse(BondSettingsSchema, 'Settings'), ...errorResponses },
  }),
  putSettings: defineRoute({
    method: 'put',
    path: '/bonds/settings',
    permission: 'bonds:configure',
    tags,
    operationId: 'putBondSettings',
    summary: "Set the bond index's weights and points scale",
    description: 'Weights are relative (the index divides by their sum); at least one above 0.',
    request: { body: jsonBody(BondSettingsSchema) },
    responses: { 200: jsonResponse(BondSettingsSchema, 'Saved'), ...errorResponses },
  }),
};

export function bondsRoutes(deps: Deps) {
  const router = createRouter();
  const key = (c: Context<AppEnv>, p: { id: string; recordId: string }) => ({
    workspaceId: ws(c),
    customerId: p.id,
    id: p.recordId,
  });
  router.openapi(routes.get, async (c) => c.json(await getCustomerBonds(deps, ws(c), c.req.valid('param').id), 200));

  const ids = (c: Context<AppEnv>, p: { id: string }) => ({ workspaceId: ws(c), customerId: p.id });
  router.openapi(routes.relationships.create, async (c) =>
    c.json(await createRelationship(deps, ids(c, c.req.valid('param')), c.req.valid('json')), 201),
  );
  router.openapi(routes.relationships.update, async (c) =>
    c.json(await updateRelationship(deps, key(c, c.req.valid('param')), c.req.valid('json')), 200),
  );
  router.openapi(routes.preferences.create, async (c) =>
    c.json(await createPreference(deps, ids(c, c.req.valid('param')), c.req.valid('json')), 201),
  );
  router.openapi(routes.preferences.update, async (c) =>
    c.json(await updatePreference(deps, key(c, c.req.valid('param')), c.req.valid('json')), 200),
  );
  router.openapi(routes.structural.create, async (c) =>
    c.json(await createStructural(deps, ids(c, c.req.valid('param')), c.req.valid('json')), 201),
  );
  router.openapi(routes.structural.update, async (c) =>
    c.json(await updateStructural(deps, key(c, c.req.valid('param')), c.req.valid('json')), 200),
  );
  for (const kind of ['relationships', 'preferences', 'structural'] as const)
    router.openapi(routes[kind].remove, async (c) => {
      await deleteBondRecord(deps, kind, key(c, c.req.valid('param')));
      return c.body(null, 204);
    });
  router.openapi(routes.actedOn, async (c) => c.json(await preferenceActedOn(deps, key(c, c.req.valid('param'))), 200));
  router.openapi(routes.summary, async (c) => c.json(await bondSummary(deps, ws(c)), 200));
  router.openapi(routes.getSettings, async (c) => c.json(await loadBondSettings(deps.db, ws(c)), 200));
  router.openapi(routes.putSettings, async (c) =>
    c.json(await saveBondSettings(deps, ws(c), c.req.valid('json')), 200),
  );
  return router;
}
