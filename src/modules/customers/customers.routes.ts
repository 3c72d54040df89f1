// HTTP surface of customers: CRUD, search, consents, custom fields, timeline and 360,
// duplicates, merge and CSV export. Thin: parse, call the service, answer.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import { decodeTimelineCursor, readTimeline, type TimelineSource } from '../timeline/index.ts';
import {
  ConsentChangeSchema,
  ConsentSchema,
  CreateCustomerBody,
  CreateCustomFieldBody,
  CustomerPageSchema,
  type CustomerDto,
  CustomerSchema,
  CustomFieldSchema,
  DuplicateSchema,
  ExportCustomersQuery,
  ListCustomersQuery,
  MergeBody,
  SetConsentsBody,
  UpdateCustomerBody,
} from './customers.dto.ts';
import { consentHistory, listConsents, setConsents } from './customers.consents.ts';
import { createCustomer, upsertCustomerByExternalId } from './customers.create.ts';
import { createCustomField, listCustomFields, removeCustomField } from './customers.custom-fields.ts';
import { listDuplicates } from './customers.duplicates.ts';
import { customerOverview } from './customers.overview.ts';
import { streamCustomersCsv } from './customers.export.ts';
import type { Actor } from './customers.mappers.ts';
import { assertMergeable } from './customers.merge.ts';
import { type BulkSources, customersBulkRoutes } from './customers.bulk.routes.ts';
import { getCustomer, listCustomers, type ListSources, toFilter } from './customers.read.ts';
import { deleteCustomer, updateCustomer } from './customers.update.ts';
import { problem } from '../../lib/problems.ts';

const tags = ['Customers'];
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;

const TimelineEventSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    occurredAt: z.string(),
    title: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .openapi('TimelineEvent');
const TimelineQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
const TimelinePageSchema = z
  .object({ items: z.array(TimelineEventSchema), nextCursor: z.string().nullable() })
  .openapi('TimelinePage');
const ExternalIdParams = z.object({
  externalId: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'externalId', in: 'path' } }),
});

const routes = {
  list: defineRoute({
    method: 'get',
    path: '/customers',
    permission: 'customers:read',
    tags,
    summary: 'List and search customers (cursor pagination)',
    request: { query: ListCustomersQuery },
    responses: { 200: jsonResponse(CustomerPageSchema, 'A page of customers'), ...errorResponses },
  }),
  create: defineRoute({
    method: 'post',
    path: '/customers',
    permission: 'customers:write',
    tags,
    summary: 'Create a customer',
    request: { body: jsonBody(CreateCustomerBody) },
    responses: { 201: jsonResponse(CustomerSchema, 'Created'), ...errorResponses },
  }),
  duplicates: defineRoute({
    method: 'get',
    path: '/customers/duplicates',
    permission: 'customers:read',
    tags,
    summary: 'Likely duplicate customers (same email or phone, near-identical name)',
    request: { query: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }) },
    responses: {
      200: jsonResponse(z.object({ items: z.array(DuplicateSchema) }), 'Pairs, most likely first'),
      ...errorResponses,
    },
  }),
  exportCsv: defineRoute({
    method: 'get',
    path: '/customers/export.csv',
    permission: 'customers:export',
    tags,
    summary:
      'The customers the filters match (every customer without filters) as CSV, streamed, with their values and custom fields (cf_<key> columns)',
    request: { query: ExportCustomersQuery },
    responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses },
  }),
  upsert: defineRoute({
    method: 'put',
    path: '/customers/by-external-id/{externalId}',
    permission: 'customers:write',
    tags,
    summary: 'Create or update the customer with this external id (idempotent)',
    request: { params: ExternalIdParams, body: jsonBody(CreateCustomerBody) },
    responses: {
      200: jsonResponse(CustomerSchema, 'Updated'),
      201: jsonResponse(CustomerSchema, 'Created'),
      ...errorResponses,
    },
  }),
  get: defineRoute({
    method: 'get',
    path: '/customers/{id}',
    permission: 'customers:read',
    tags,
    summary: 'One customer',
    request: { params: IdParams },
    responses: { 200: jsonResponse(CustomerSchema, 'The customer'), ...errorResponses },
  }),
  update: defineRoute({
    method: 'patch',
    path: '/customers/{id}',
    permission: 'customers:write',
    tags,
    summary: 'Change a customer (null clears a field)',
    request: { params: IdParams, body: jsonBody(UpdateCustomerBody) },
    responses: { 200: jsonResponse(CustomerSchema, 'Updated'), ...errorResponses },
  }),
  remove: defineRoute({
    method: 'delete',
    path: '/customers/{id}',
    permission: 'customers:delete',
    tags,
    summary: 'Delete a customer (kept for history, hidden everywhere)',
    request: { params: IdParams },
    responses: { 204: { description: 'Deleted' }, ...errorResponses },
  }),
  consents: defineRoute({
    method: 'get',
    path: '/customers/{id}/consents',
    permission: 'customers:read',
    tags,
    summary: 'Current consent per channel and purpose',
    request: { params: IdParams },
    responses: { 200: jsonResponse(z.object({ items: z.array(ConsentSchema) }), 'Consents'), ...errorResponses },
  }),
  setConsents: defineRoute({
    method: 'put',
    path: '/customers/{id}/consents',
    permission: 'customers:write',
    tags,
    summary: 'Record consents given or withdrawn (kept in the history)',
    request: { params: IdParams, body: jsonBody(SetConsentsBody) },
    responses: { 200: jsonResponse(z.object({ items: z.array(ConsentSchema) }), 'Consents now'), ...errorResponses },
  }),
  consentHistory: defineRoute({
    method: 'get',
    path: '/customers/{id}/consents/history',
    permission: 'customers:read',
    tags,
    summary: 'Every consent change: when, where and by whom',
    request: { params: IdParams },
    responses: { 200: jsonResponse(z.object({ items: z.array(ConsentChangeSchema) }), 'History'), ...errorResponses },
  }),
  timeline: defineRoute({
    method: 'get',
    path: '/customers/{id}/timeline',
    permission: 'customers:read',
    tags,
    summary: 'Everything that happened with the customer, newest first',
    request: { params: IdParams, query: TimelineQuery },
    responses: { 200: jsonResponse(TimelinePageSchema, 'Events'), ...errorResponses },
  }),
  overview: defineRoute({
    method: 'get',
    path: '/customers/{id}/overview',
    permission: 'customers:read',
    tags,
    summary: 'Customer 360 in one call: profile, consents, account manager, latest 50 events',
    request: { params: IdParams },
    responses: {
      200: jsonResponse(
        z
          .object({
            customer: CustomerSchema,
            consents: z.array(ConsentSchema),
            accountManager: z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable(),
            timeline: TimelinePageSchema,
          })
          .openapi('CustomerOverview'),
        'The customer 360',
      ),
      ...errorResponses,
    },
  }),
  merge: defineRoute({
    method: 'post',
    path: '/customers/{id}/merge',
    permission: 'customers:merge',
    tags,
    summary: 'Merge another customer into this one, moving all their history',
    request: { params: IdParams, body: jsonBody(MergeBody) },
    responses: {
      200: jsonResponse(z.object({ customer: CustomerSchema, moved: z.record(z.string(), z.number()) }), 'Merged'),
      ...errorResponses,
    },
  }),
  fields: defineRoute({
    method: 'get',
    path: '/custom-fields',
    permission: 'customers:read',
    tags: ['Custom fields'],
    summary: 'Custom field definitions',
    responses: { 200: jsonResponse(z.object({ items: z.array(CustomFieldSchema) }), 'Definitions'), ...errorResponses },
  }),
  createField: defineRoute({
    method: 'post',
    path: '/custom-fields',
    permission: 'custom_fields:manage',
    tags: ['Custom fields'],
    summary: 'Define a custom field',
    request: { body: jsonBody(CreateCustomFieldBody) },
    responses: { 201: jsonResponse(CustomFieldSchema, 'Defined'), ...errorResponses },
  }),
  deleteField: defineRoute({
    method: 'delete',
    path: '/custom-fields/{id}',
    permission: 'custom_fields:manage',
    tags: ['Custom fields'],
    summary: 'Remove a custom field definition (values stay on customers)',
    request: { params: IdParams },
    responses: { 204: { description: 'Removed' }, ...errorResponses },
  }),
};

/** Folds `mergeId` into `survivorId`: a workflow spanning every domain that holds customer rows, given by the app. */
export type MergeCustomers = (
  workspaceId: string,
  survivorId: string,
  mergeId: string,
  actor: Actor,
) => Promise<{ customer: CustomerDto; moved: Record<string, number> }>;

export type CustomersRoutesOptions = {
  timelineSources: TimelineSource[];
  merge: MergeCustomers;
  /** What the list, its export and bulk actions read or drive in other domains. */
  list: ListSources;
  bulk: Omit<BulkSources, 'scoreMatches'>;
};

export function customersRoutes(deps: Deps, options: CustomersRoutesOptions) {
  const router = createRouter();
  const timeline = async (workspaceId: string, customerId: string, limit: number, cursor?: string) => {
    const before = cursor ? decodeTimelineCursor(cursor) : undefined;
    if (cursor && !before)
      throw new AppError('validation_failed', 'The cursor is not valid', {
        fields: [{ path: 'query.cursor', ...problem('invalid_cursor') }],
      });
    return readTimeline(deps.db, options.timelineSources, { workspaceId, customerId, before, limit });
  };

  router.openapi(routes.list, async (c) =>
    c.json(await listCustomers(deps, auth(c).workspaceId, c.req.valid('query'), options.list), 200),
  );
  router.openapi(routes.create, async (c) =>
    c.json(await createCustomer(deps, auth(c).workspaceId, c.req.valid('json')), 201),
  );
  router.openapi(routes.duplicates, async (c) =>
    c.json({ items: await listDuplicates(deps, auth(c).workspaceId, c.req.valid('query').limit) }, 200),
  );
  router.openapi(routes.exportCsv, async (c) => {
    const workspaceId = auth(c).workspaceId;
    const q = c.req.valid('query');
    const ids = q.ids?.split(',').map((id) => id.trim());
    if (ids?.some((id) => !uuid.test(id)))
      throw new AppError('validation_failed', 'ids are customer ids separated by commas', {
        fields: [{ path: 'query.ids', ...problem('uuid_list') }],
      });
    const filter = { ...toFilter(q, options.list.scoreMatches), ids };
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', 'attachment; filename="customers.csv"');
    return stream(c, async (s) => {
      await streamCustomersCsv(deps.db, workspaceId, (chunk) => s.write(chunk).then(() => {}), {
        values: options.list.values,
        filter,
      });
    }) as never;
  });
  router.openapi(routes.upsert, async (c) => {
    const r = await upsertCustomerByExternalId(
      deps,
      auth(c).workspaceId,
      c.req.valid('param').externalId,
      c.req.valid('json'),
    );
    return c.json(r.customer, r.created ? 201 : 200);
  });
  router.openapi(routes.get, async (c) =>
    c.json(await getCustomer(deps, auth(c).workspaceId, c.req.valid('param').id), 200),
  );
  router.openapi(routes.update, async (c) =>
    c.json(await updateCustomer(deps, auth(c).workspaceId, c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(routes.remove, async (c) => {
    await deleteCustomer(deps, auth(c).workspaceId, c.req.valid('param').id);
    return c.body(null, 204);
  });
  router.openapi(routes.consents, async (c) =>
    c.json({ items: await listConsents(deps, auth(c).workspaceId, c.req.valid('param').id) }, 200),
  );
  router.openapi(routes.setConsents, async (c) => {
    const a = auth(c);
    return c.json(
      { items: await setConsents(deps, a.workspaceId, c.req.valid('param').id, a, c.req.valid('json').consents) },
      200,
    );
  });
  router.openapi(routes.consentHistory, async (c) =>
    c.json({ items: await consentHistory(deps, auth(c).workspaceId, c.req.valid('param').id) }, 200),
  );
  router.openapi(routes.timeline, async (c) => {
    const { workspaceId } = auth(c);
    const { id } = c.req.valid('param');
    await getCustomer(deps, workspaceId, id);
    const q = c.req.valid('query');
    return c.json(await timeline(workspaceId, id, q.limit, q.cursor), 200);
  });
  router.openapi(routes.overview, async (c) => {
    const { workspaceId } = auth(c);
    const { id } = c.req.valid('param');
    return c.json(
      await customerOverview(deps, workspaceId, id, { timelineSources: options.timelineSources, limit: 50 }),
      200,
    );
  });
  router.openapi(routes.merge, async (c) => {
    const a = auth(c);
    const survivorId = c.req.valid('param').id;
    const { mergeId } = c.req.valid('json');
    assertMergeable(survivorId, mergeId);
    return c.json(await options.merge(a.workspaceId, survivorId, mergeId, a), 200);
  });
  router.openapi(routes.fields, async (c) => c.json({ items: await listCustomFields(deps, auth(c).workspaceId) }, 200));
  router.openapi(routes.createField, async (c) =>
    c.json(await createCustomField(deps, auth(c).workspaceId, c.req.valid('json')), 201),
  );
  router.openapi(routes.deleteField, async (c) => {
    await removeCustomField(deps, auth(c).workspaceId, c.req.valid('param').id);
    return c.body(null, 204);
  });
  router.route('/', customersBulkRoutes(deps, { ...options.bulk, scoreMatches: options.list.scoreMatches }));
  return router;
}
