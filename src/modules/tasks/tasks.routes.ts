// HTTP surface of tasks. Thin: parse, call the service, answer.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import { CreateTaskBody, ListTasksQuery, MyTaskSchema, MyTasksQuery, TaskSchema, UpdateTaskBody } from './tasks.dto.ts';
import { listMyTasks } from './tasks.mine.ts';
import { createTask, getTask, listTasks, updateTask } from './tasks.service.ts';

const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;
const actor = (a: Auth) => (a.userId ? `user:${a.userId}` : `token:${a.tokenId}`);
const tags = ['Tasks'];

const routes = {
  mine: defineRoute({
    method: 'get',
    path: '/me/tasks',
    permission: 'tasks:read',
    tags,
    summary: 'My tasks: overdue first, then by value at stake',
    description:
      "The signed-in person's tasks (open by default). Value at stake is computed at read time from the customer's churn expected loss, else CLV × (1 − P(alive)). Filters: status, source, overdue, customer.",
    request: { query: MyTasksQuery },
    responses: {
      200: jsonResponse(
        z.object({ items: z.array(MyTaskSchema), nextOffset: z.number().int().nullable() }),
        'My tasks',
      ),
      ...errorResponses,
    },
  }),
  list: defineRoute({
    method: 'get',
    path: '/tasks',
    permission: 'tasks:read',
    tags,
    summary: 'Tasks, newest first (assignee=me for my tasks)',
    request: { query: ListTasksQuery },
    responses: {
      200: jsonResponse(z.object({ items: z.array(TaskSchema), nextCursor: z.string().nullable() }), 'Tasks'),
      ...errorResponses,
    },
  }),
  create: defineRoute({
    method: 'post',
    path: '/tasks',
    permission: 'tasks:write',
    tags,
    summary: 'Create a task and assign it (e.g. an at-risk customer to an account manager)',
    request: { body: jsonBody(CreateTaskBody) },
    responses: { 201: jsonResponse(TaskSchema, 'Created'), ...errorResponses },
  }),
  get: defineRoute({
    method: 'get',
    path: '/tasks/{id}',
    permission: 'tasks:read',
    tags,
    summary: 'One task',
    request: { params: IdParams },
    responses: { 200: jsonResponse(TaskSchema, 'The task'), ...errorResponses },
  }),
  update: defineRoute({
    method: 'patch',
    path: '/tasks/{id}',
    permission: 'tasks:write',
    tags,
    summary: 'Change a task: status, outcome, assignee (reassign), due date, reminder, title',
    description:
      'Status moves: open → done (needs an outcome) | cancelled; done or cancelled → open. Any other move is a 409 naming the allowed next states. A new reminder time or assignee re-arms the reminder.',
    request: { params: IdParams, body: jsonBody(UpdateTaskBody) },
    responses: { 200: jsonResponse(TaskSchema, 'Updated'), ...errorResponses },
  }),
};

export function tasksRoutes(deps: Deps) {
  const r = createRouter();
  r.openapi(routes.mine, async (c) =>
    c.json(await listMyTasks(deps, auth(c).workspaceId, auth(c).userId ?? null, c.req.valid('query')), 200),
  );
  r.openapi(routes.list, async (c) =>
    c.json(await listTasks(deps, auth(c).workspaceId, c.req.valid('query'), auth(c).userId ?? null), 200),
  );
  r.openapi(routes.create, async (c) =>
    c.json(await createTask(deps, auth(c).workspaceId, c.req.valid('json'), actor(auth(c))), 201),
  );
  r.openapi(routes.get, async (c) => c.json(await getTask(deps, auth(c).workspaceId, c.req.valid('param').id), 200));
  r.openapi(routes.update, async (c) =>
    c.json(await updateTask(deps, auth(c).workspaceId, c.req.valid('param').id, c.req.valid('json')), 200),
  );
  return r;
}
