// HTTP surface of tasks. Thin: parse, call the service, answer.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import { CreateTaskBody, ListTasksQuery, TaskSchema, UpdateTaskBody } from './tasks.dto.ts';
import { createTask, getTask, listTasks, updateTask } from './tasks.service.ts';

const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;
const actor = (a: Auth) => (a.userId ? `user:${a.userId}` : `token:${a.tokenId}`);
const tags = ['Tasks'];

const routes = {
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
    summary: 'Change a task: status (open, done, cancelled), outcome, assignee, due date, title',
    request: { params: IdParams, body: jsonBody(UpdateTaskBody) },
    responses: { 200: jsonResponse(TaskSchema, 'Updated'), ...errorResponses },
  }),
};

export function tasksRoutes(deps: Deps) {
  const r = createRouter();
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
