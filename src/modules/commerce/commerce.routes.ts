// HTTP surface of products and transactions. Transactions are never edited or deleted:
// corrections are returns (negative transactions), so history and totals stay auditable.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import {
  BatchBody,
  BatchResultSchema,
  CreateProductBody,
  CreateReturnBody,
  CreateTransactionBody,
  ListProductsQuery,
  ListTransactionsQuery,
  ProductSchema,
  TransactionSchema,
  TransactionSummaryQuery,
  TransactionSummarySchema,
  UpdateProductBody,
} from './commerce.dto.ts';
import { streamTransactionsCsv } from './commerce.export.ts';
import { createProduct, getProduct, listProducts, updateProduct } from './commerce.products.ts';
import { getTransaction, listTransactions, summarizeTransactions } from './commerce.read.ts';
import { recordTransactions } from './commerce.record.ts';
import { createReturn } from './commerce.return.ts';

const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
const P = ['Products'];
const T = ['Transactions'];

const routes = {
  listProducts: defineRoute({
    method: 'get',
    path: '/products',
    permission: 'products:read',
    tags: P,
    summary: 'The product catalogue',
    request: { query: ListProductsQuery },
    responses: { 200: jsonResponse(page(ProductSchema), 'Products'), ...errorResponses },
  }),
  createProduct: defineRoute({
    method: 'post',
    path: '/products',
    permission: 'products:write',
    tags: P,
    summary: 'Add a product (SKU unique)',
    request: { body: jsonBody(CreateProductBody) },
    responses: { 201: jsonResponse(ProductSchema, 'Created'), ...errorResponses },
  }),
  getProduct: defineRoute({
    method: 'get',
    path: '/products/{id}',
    permission: 'products:read',
    tags: P,
    summary: 'One product',
    request: { params: IdParams },
    responses: { 200: jsonResponse(ProductSchema, 'The product'), ...errorResponses },
  }),
  updateProduct: defineRoute({
    method: 'patch',
    path: '/products/{id}',
    permission: 'products:write',
    tags: P,
    summary: 'Change a product; set active false to retire it (products are never deleted: past lines refer to them)',
    request: { params: IdParams, body: jsonBody(UpdateProductBody) },
    responses: { 200: jsonResponse(ProductSchema, 'Updated'), ...errorResponses },
  }),
  list: defineRoute({
    method: 'get',
    path: '/transactions',
    permission: 'transactions:read',
    tags: T,
    summary: 'Transactions, newest first',
    request: { query: ListTransactionsQuery },
    responses: { 200: jsonResponse(page(TransactionSchema), 'Transactions'), ...errorResponses },
  }),
  create: defineRoute({
    method: 'post',
    path: '/transactions',
    permission: 'transactions:write',
    tags: T,
    summary: 'Record a purchase; with an externalId it is recorded once however often it is sent',
    request: { body: jsonBody(CreateTransactionBody) },
    responses: {
      201: jsonResponse(TransactionSchema, 'Recorded'),
      200: jsonResponse(TransactionSchema, 'Already recorded (same externalId)'),
      ...errorResponses,
    },
  }),
  batch: defineRoute({
    method: 'post',
    path: '/transactions/batch',
    permission: 'transactions:write',
    tags: T,
    summary: 'Record up to 1,000 transactions; each succeeds or fails on its own',
    request: { body: jsonBody(BatchBody) },
    responses: { 200: jsonResponse(BatchResultSchema, 'Per-item results'), ...errorResponses },
  }),
  exportCsv: defineRoute({
    method: 'get',
    path: '/transactions/export.csv',
    permission: 'transactions:export',
    tags: T,
    summary: 'Every transaction as CSV (streamed)',
    responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses },
  }),
  summary: defineRoute({
    method: 'get',
    path: '/transactions/summary',
    permission: 'transactions:read',
    tags: T,
    summary: "One customer's purchases, returns, revenue and margin to date, per currency",
    request: { query: TransactionSummaryQuery },
    responses: { 200: jsonResponse(TransactionSummarySchema, 'Totals'), ...errorResponses },
  }),
  get: defineRoute({
    method: 'get',
    path: '/transactions/{id}',
    permission: 'transactions:read',
    tags: T,
    summary: 'One transaction with its lines',
    request: { params: IdParams },
    responses: { 200: jsonResponse(TransactionSchema, 'The transaction'), ...errorResponses },
  }),
  createReturn: defineRoute({
    method: 'post',
    path: '/transactions/{id}/returns',
    permission: 'transactions:write',
    tags: T,
    summary: 'Return some or all of a purchase (a negative transaction linked to it)',
    request: { params: IdParams, body: jsonBody(CreateReturnBody) },
    responses: {
      201: jsonResponse(TransactionSchema, 'Returned'),
      200: jsonResponse(TransactionSchema, 'Already recorded (same externalId)'),
      ...errorResponses,
    },
  }),
};

/** `onRecorded` runs after transactions are written (the app uses it to have points earned promptly). */
export function commerceRoutes(deps: Deps, hooks: { onRecorded?: (workspaceId: string) => Promise<void> } = {}) {
  const router = createRouter();
  const recorded = async (workspaceId: string, any: boolean) => {
    if (any) await hooks.onRecorded?.(workspaceId);
  };
  router.openapi(routes.listProducts, async (c) =>
    c.json(await listProducts(deps, auth(c).workspaceId, c.req.valid('query')), 200),
  );
  router.openapi(routes.createProduct, async (c) =>
    c.json(await createProduct(deps, auth(c).workspaceId, c.req.valid('json')), 201),
  );
  router.openapi(routes.getProduct, async (c) =>
    c.json(await getProduct(deps, auth(c).workspaceId, c.req.valid('param').id), 200),
  );
  router.openapi(routes.updateProduct, async (c) =>
    c.json(await updateProduct(deps, auth(c).workspaceId, c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(routes.list, async (c) =>
    c.json(await listTransactions(deps, auth(c).workspaceId, c.req.valid('query')), 200),
  );
  router.openapi(routes.create, async (c) => {
    const [result] = await recordTransactions(deps, auth(c).workspaceId, [c.req.valid('json')]);
    if (result.status === 'error')
      throw new AppError('validation_failed', 'The transaction has invalid fields; see errors', {
        fields: result.errors,
      });
    await recorded(auth(c).workspaceId, result.status === 'created');
    return c.json(
      result.transaction as NonNullable<typeof result.transaction>,
      result.status === 'created' ? 201 : 200,
    );
  });
  router.openapi(routes.batch, async (c) => {
    const results = await recordTransactions(deps, auth(c).workspaceId, c.req.valid('json').items);
    await recorded(
      auth(c).workspaceId,
      results.some((r) => r.status === 'created'),
    );
    return c.json({ items: results.map(({ transaction: _t, ...r }) => r) }, 200);
  });
  router.openapi(routes.exportCsv, async (c) => {
    const workspaceId = auth(c).workspaceId;
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', 'attachment; filename="transactions.csv"');
    return stream(c, async (s) => {
      await streamTransactionsCsv(deps.db, workspaceId, (chunk) => s.write(chunk).then(() => {}));
    }) as never;
  });
  router.openapi(routes.summary, async (c) =>
    c.json(await summarizeTransactions(deps, auth(c).workspaceId, c.req.valid('query').customerId), 200),
  );
  router.openapi(routes.get, async (c) =>
    c.json(await getTransaction(deps, auth(c).workspaceId, c.req.valid('param').id), 200),
  );
  router.openapi(routes.createReturn, async (c) => {
    const r = await createReturn(deps, auth(c).workspaceId, c.req.valid('param').id, c.req.valid('json'));
    await recorded(auth(c).workspaceId, r.created);
    return c.json(r.transaction, r.created ? 201 : 200);
  });
  return router;
}
