// HTTP surface of privacy: the data-subject request register, the law setting, and a customer's
// export and erasure (which span domains: the app passes them in from src/workflows).
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import {
  CreatePrivacyRequestBody,
  EraseBody,
  type EraseInput,
  ErasureSchema,
  type ErasureDto,
  ExportQuery,
  ListPrivacyRequestsQuery,
  PrivacyRequestPageSchema,
  PrivacyRequestSchema,
  PrivacySettingsSchema,
  PrivacyTransitionBody,
  UpdatePrivacySettingsBody,
} from './privacy.dto.ts';
import {
  createPrivacyRequest,
  getPrivacyRequest,
  getPrivacySettings,
  listPrivacyRequests,
  type PrivacyActor,
  transitionPrivacyRequest,
  updatePrivacySettings,
} from './privacy.service.ts';

export type PrivacyRoutesOptions = {
  checkExport: (input: { workspaceId: string; customerId: string; requestId?: string }) => Promise<void>;
  exportCustomer: (
    input: { workspaceId: string; customerId: string; format: 'json' | 'csv'; requestId?: string },
    write: (chunk: string | Uint8Array) => Promise<void>,
  ) => Promise<string>;
  eraseCustomer: (
    input: { workspaceId: string; customerId: string; requestId?: string },
    actor: PrivacyActor,
  ) => Promise<ErasureDto>;
};

const tags = ['Privacy'];
const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;
const actorOf = (a: Auth): PrivacyActor => ({ userId: a.personId, tokenId: a.tokenId });

const routes = {
  list: defineRoute({
    method: 'get',
    path: '/privacy/requests',
    permission: 'privacy:manage',
    tags,
    summary: 'Data-subject requests, newest first (cursor pagination), with their deadline and overdue flag',
    request: { query: ListPrivacyRequestsQuery },
    responses: { 200: jsonResponse(PrivacyRequestPageSchema, 'A page of requests'), ...errorResponses },
  }),
  create: defineRoute({
    method: 'post',
    path: '/privacy/requests',
    permission: 'privacy:manage',
    tags,
    summary:
      'Register a data-subject request (access, rectification, erasure, portability, objection); starts its clock',
    request: { body: jsonBody(CreatePrivacyRequestBody) },
    responses: { 201: jsonResponse(PrivacyRequestSchema, 'Registered'), ...errorResponses },
  }),
  get: defineRoute({
    method: 'get',
    path: '/privacy/requests/{id}',
    permission: 'privacy:manage',
    tags,
    summary: 'One data-subject request',
    request: { params: IdParams },
    responses: { 200: jsonResponse(PrivacyRequestSchema, 'The request'), ...errorResponses },
  }),
  transition: defineRoute({
    method: 'post',
    path: '/privacy/requests/{id}/transitions',
    permission: 'privacy:manage',
    tags,
    summary: 'Move a request on: in progress, then completed (with proof) or rejected (409 when not allowed)',
    request: { params: IdParams, body: jsonBody(PrivacyTransitionBody) },
    responses: { 200: jsonResponse(PrivacyRequestSchema, 'Moved'), ...errorResponses },
  }),
  settings: defineRoute({
    method: 'get',
    path: '/privacy/settings',
    permission: 'privacy:manage',
    tags,
    summary: 'Which law sets the deadlines (LGPD 15 days, GDPR one month)',
    responses: { 200: jsonResponse(PrivacySettingsSchema, 'The setting'), ...errorResponses },
  }),
  updateSettings: defineRoute({
    method: 'put',
    path: '/privacy/settings',
    permission: 'privacy:manage',
    tags,
    summary: 'Choose the law for new requests (requests already registered keep their deadline)',
    request: { body: jsonBody(UpdatePrivacySettingsBody) },
    responses: { 200: jsonResponse(PrivacySettingsSchema, 'The setting'), ...errorResponses },
  }),
  exportCustomer: defineRoute({
    method: 'get',
    path: '/customers/{id}/export',
    permission: 'privacy:manage',
    tags,
    summary: 'Everything Tenure keeps about one customer, across every domain: JSON, or a zip of one CSV per table',
    description:
      'Streamed section by section. The JSON ends with `counts` (rows per section); the zip holds `<section>.csv` ' +
      'files and `counts.csv`. With `requestId`, the SHA-256 of the bytes sent is recorded on that request.',
    request: { params: IdParams, query: ExportQuery },
    responses: {
      200: {
        description: 'The bundle',
        content: {
          'application/json': { schema: z.object({}).passthrough() },
          'application/zip': { schema: z.string().openapi({ format: 'binary' }) },
        },
      },
      ...errorResponses,
    },
  }),
  erase: defineRoute({
    method: 'post',
    path: '/customers/{id}/erase',
    permission: 'privacy:manage',
    tags,
    summary: 'Erase a customer’s personal data everywhere (irreversible; 409 when already erased)',
    description:
      'Anonymises the customer and every free text about them; amounts and ledgers stay under the id. ' +
      'Emits `customer.erased` (only the id) to webhooks. See docs/privacy.md.',
    request: { params: IdParams, body: jsonBody(EraseBody) },
    responses: { 200: jsonResponse(ErasureSchema, 'Erased'), ...errorResponses },
  }),
};

export function privacyRoutes(deps: Deps, options: PrivacyRoutesOptions) {
  const router = createRouter();
  router.openapi(routes.list, async (c) =>
    c.json(await listPrivacyRequests(deps, auth(c).workspaceId, c.req.valid('query')), 200),
  );
  router.openapi(routes.create, async (c) =>
    c.json(await createPrivacyRequest(deps, auth(c).workspaceId, c.req.valid('json'), actorOf(auth(c))), 201),
  );
  router.openapi(routes.get, async (c) =>
    c.json(await getPrivacyRequest(deps, auth(c).workspaceId, c.req.valid('param').id), 200),
  );
  router.openapi(routes.transition, async (c) =>
    c.json(
      await transitionPrivacyRequest(
        deps,
        auth(c).workspaceId,
        c.req.valid('param').id,
        c.req.valid('json'),
        actorOf(auth(c)),
      ),
      200,
    ),
  );
  router.openapi(routes.settings, async (c) => c.json(await getPrivacySettings(deps, auth(c).workspaceId), 200));
  router.openapi(routes.updateSettings, async (c) =>
    c.json(await updatePrivacySettings(deps, auth(c).workspaceId, c.req.valid('json')), 200),
  );
  router.openapi(routes.exportCustomer, async (c) => {
    const { format, requestId } = c.req.valid('query');
    const input = { workspaceId: auth(c).workspaceId, customerId: c.req.valid('param').id, format, requestId };
    await options.checkExport(input);
    const name = `customer-${input.customerId}`;
    c.header('content-type', format === 'json' ? 'application/json; charset=utf-8' : 'application/zip');
    c.header('content-disposition', `attachment; filename="${name}.${format === 'json' ? 'json' : 'zip'}"`);
    c.header('cache-control', 'no-store');
    return stream(c, async (s) => {
      await options.exportCustomer(input, (chunk) => s.write(chunk).then(() => {}));
    }) as never;
  });
  router.openapi(routes.erase, async (c) => {
    const body: EraseInput = c.req.valid('json');
    return c.json(
      await options.eraseCustomer(
        { workspaceId: auth(c).workspaceId, customerId: c.req.valid('param').id, requestId: body.requestId },
        actorOf(auth(c)),
      ),
      200,
    );
  });
  return router;
}
