// HTTP surface of account books. Thin: parse, call the service, answer. Who may see whose
// figures is decided in the service (books.access.ts).
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import type { Viewer } from './books.access.ts';
import {
  AssignBody,
  AssignmentSchema,
  AssignResultSchema,
  BookCustomerSchema,
  BookKpisSchema,
  BookQuery,
  HistoryQuery,
  PeriodQuery,
  ReassignBody,
  SetCapacityBody,
} from './books.dto.ts';
import { assignCustomers, assignmentHistory, bookKpis, myBook, reassignBook, setCapacity } from './books.service.ts';

const tags = ['Books'];
const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;

/** The person asking and what they may see; a token limited to a lesser role sees as that role. */
export function viewerOf(a: Auth): Viewer {
  return {
    role: a.limitRole ?? a.role,
    personId: a.personId,
    label: a.userId ? `user:${a.userId}` : `token:${a.tokenId}`,
  };
}

const UserParams = z.object({
  userId: z
    .uuid({ error: 'must be a UUID' })
    .openapi({ param: { name: 'userId', in: 'path' }, example: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11' }),
});

const routes = {
  mine: defineRoute({
    method: 'get',
    path: '/me/book',
    permission: 'books:read',
    tags,
    summary: 'My book: my KPIs and my customers by value at stake',
    description:
      'The signed-in person’s active customers, most value at stake first (churn expected loss, else CLV × (1 − P(alive))), with the book KPIs over the period.',
    request: { query: BookQuery },
    responses: {
      200: jsonResponse(
        z.object({
          kpis: BookKpisSchema,
          customers: z.array(BookCustomerSchema),
          nextOffset: z.number().int().nullable(),
        }),
        'My book',
      ),
      ...errorResponses,
    },
  }),
  list: defineRoute({
    method: 'get',
    path: '/books',
    permission: 'books:read',
    tags,
    summary: 'Every account manager’s book KPIs (owners, admins, managers; 403 otherwise)',
    description:
      'Per person with customers or a capacity: customers, predicted value, at-risk count (churn risk ≥ 50 %) and expected loss, retention over the period against the models’ expectation, NPS of the book.',
    request: { query: PeriodQuery },
    responses: { 200: jsonResponse(z.object({ items: z.array(BookKpisSchema) }), 'Books'), ...errorResponses },
  }),
  history: defineRoute({
    method: 'get',
    path: '/books/history',
    permission: 'books:read',
    tags,
    summary: 'Assignment history (from, to, at, by, reason), newest first',
    description: 'Filtered by customer or person. A person may read their own; everything else is for managers.',
    request: { query: HistoryQuery },
    responses: { 200: jsonResponse(z.object({ items: z.array(AssignmentSchema) }), 'History'), ...errorResponses },
  }),
  assign: defineRoute({
    method: 'post',
    path: '/books/assign',
    permission: 'books:manage',
    tags,
    summary: 'Assign customers (in bulk) to an account manager, or to nobody',
    request: { body: jsonBody(AssignBody) },
    responses: { 200: jsonResponse(AssignResultSchema, 'What changed'), ...errorResponses },
  }),
  one: defineRoute({
    method: 'get',
    path: '/books/{userId}',
    permission: 'books:read',
    tags,
    summary: 'One person’s book KPIs (that person, or owners, admins, managers)',
    request: { params: UserParams, query: PeriodQuery },
    responses: { 200: jsonResponse(BookKpisSchema, 'Book KPIs'), ...errorResponses },
  }),
  capacity: defineRoute({
    method: 'put',
    path: '/books/{userId}/capacity',
    permission: 'books:manage',
    tags,
    summary: 'Set how many customers a person can carry',
    request: { params: UserParams, body: jsonBody(SetCapacityBody) },
    responses: {
      200: jsonResponse(z.object({ userId: z.uuid(), capacity: z.number().int() }), 'Saved'),
      ...errorResponses,
    },
  }),
  reassign: defineRoute({
    method: 'post',
    path: '/books/{userId}/reassign',
    permission: 'books:manage',
    tags,
    summary: 'Reassign a leaver’s whole book: spread by capacity, or to one person',
    description:
      'Every change is recorded in the history with the reason; the leaver’s open tasks follow their customers (tasks about no customer go to whoever took the most customers).',
    request: { params: UserParams, body: jsonBody(ReassignBody) },
    responses: { 200: jsonResponse(AssignResultSchema, 'What changed'), ...errorResponses },
  }),
};

export function booksRoutes(deps: Deps) {
  const r = createRouter();
  const ws = (c: Context<AppEnv>) => auth(c).workspaceId;
  const v = (c: Context<AppEnv>) => viewerOf(auth(c));
  r.openapi(routes.mine, async (c) => c.json(await myBook(deps, ws(c), v(c), c.req.valid('query')), 200));
  r.openapi(routes.list, async (c) => c.json({ items: await bookKpis(deps, ws(c), v(c), c.req.valid('query')) }, 200));
  r.openapi(routes.history, async (c) =>
    c.json({ items: await assignmentHistory(deps, ws(c), v(c), c.req.valid('query')) }, 200),
  );
  r.openapi(routes.assign, async (c) => c.json(await assignCustomers(deps, ws(c), v(c), c.req.valid('json')), 200));
  r.openapi(routes.one, async (c) => {
    const [kpis] = await bookKpis(deps, ws(c), v(c), { ...c.req.valid('query'), userId: c.req.valid('param').userId });
    return c.json(kpis, 200);
  });
  r.openapi(routes.capacity, async (c) =>
    c.json(await setCapacity(deps, ws(c), v(c), c.req.valid('param').userId, c.req.valid('json').capacity), 200),
  );
  r.openapi(routes.reassign, async (c) =>
    c.json(await reassignBook(deps, ws(c), v(c), c.req.valid('param').userId, c.req.valid('json')), 200),
  );
  return r;
}
