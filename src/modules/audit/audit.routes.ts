// HTTP surface of the audit log: the filtered list, chain verification, retention. Thin.
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import {
  AuditPageSchema,
  AuditSettingsBody,
  AuditSettingsSchema,
  AuditVerifySchema,
  ListAuditQuery,
} from './audit.dto.ts';
import { getAuditSettings, listAudit, updateAuditSettings, verifyChain } from './audit.service.ts';

const tags = ['Audit log'];
const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;

const listRoute = defineRoute({
  method: 'get',
  path: '/audit',
  permission: 'audit:read',
  operationId: 'listAuditEntries',
  tags,
  summary: 'The audit log, newest first',
  description:
    'Who read (customer 360, exports) and who changed what, with before/after values where the service knows them. Filters by actor, entity, action and time; keyset cursor paging.',
  request: { query: ListAuditQuery },
  responses: { 200: jsonResponse(AuditPageSchema, 'A page of entries'), ...errorResponses },
});

const verifyRoute = defineRoute({
  method: 'get',
  path: '/audit/verify',
  permission: 'audit:verify',
  operationId: 'verifyAuditChain',
  tags,
  summary: "Check the workspace's audit hash chain",
  description:
    'Recomputes every row’s hash from its predecessor (from the anchor retention left). `broken` names the first row that was altered or is missing.',
  responses: { 200: jsonResponse(AuditVerifySchema, 'The result'), ...errorResponses },
});

const getSettingsRoute = defineRoute({
  method: 'get',
  path: '/audit/settings',
  permission: 'audit:read',
  operationId: 'getAuditSettings',
  tags,
  summary: 'How long audit rows are kept',
  description: 'Rows older than `retentionDays` are deleted by a daily job; the chain keeps verifying from an anchor.',
  responses: { 200: jsonResponse(AuditSettingsSchema, 'The settings'), ...errorResponses },
});

const putSettingsRoute = defineRoute({
  method: 'put',
  path: '/audit/settings',
  permission: 'audit:manage',
  operationId: 'updateAuditSettings',
  tags,
  summary: 'Set how long audit rows are kept (30 to 3650 days)',
  description: 'Owners only.',
  request: { body: jsonBody(AuditSettingsBody) },
  responses: { 200: jsonResponse(AuditSettingsSchema, 'The settings'), ...errorResponses },
});

export function auditRoutes(deps: Deps) {
  return createRouter()
    .openapi(listRoute, async (c) => c.json(await listAudit(deps, auth(c).workspaceId, c.req.valid('query')), 200))
    .openapi(verifyRoute, async (c) => c.json(await verifyChain(deps, auth(c).workspaceId), 200))
    .openapi(getSettingsRoute, async (c) => c.json(await getAuditSettings(deps, auth(c).workspaceId), 200))
    .openapi(putSettingsRoute, async (c) =>
      c.json(await updateAuditSettings(deps, auth(c).workspaceId, c.req.valid('json')), 200),
    );
}
