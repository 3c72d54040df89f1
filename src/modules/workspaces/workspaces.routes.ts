// HTTP surface of the current workspace. Creating one spans domains, so the handler is
// given the workflow rather than importing it.
import { z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.ts';
import type { Auth } from '../../http/context.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import { AppError } from '../../errors.ts';
import {
  CreateWorkspaceBody,
  type CreateWorkspaceInput,
  UpdateWorkspaceBody,
  WorkspaceSchema,
  type WorkspaceDto,
} from './workspaces.dto.ts';
import { getWorkspace, updateWorkspace } from './workspaces.service.ts';

const tags = ['Workspace'];

const getRoute = defineRoute({
  method: 'get',
  path: '/workspace',
  permission: 'workspace:read',
  tags,
  summary: 'The current workspace',
  responses: { 200: jsonResponse(WorkspaceSchema, 'The workspace'), ...errorResponses },
});
const updateRoute = defineRoute({
  method: 'patch',
  path: '/workspace',
  permission: 'workspace:update',
  tags,
  summary: 'Change the name, slug, currency, locale or time zone',
  request: { body: jsonBody(UpdateWorkspaceBody) },
  responses: { 200: jsonResponse(WorkspaceSchema, 'Updated'), ...errorResponses },
});
const createRoute = defineRoute({
  method: 'post',
  path: '/workspaces',
  permission: 'workspace:create',
  tags,
  summary: 'Start a new workspace; the signed-in person becomes its owner',
  request: { body: jsonBody(CreateWorkspaceBody) },
  responses: { 201: jsonResponse(z.object({ workspace: WorkspaceSchema }), 'Created'), ...errorResponses },
});

export type CreateOwnedWorkspace = (auth: Auth, input: CreateWorkspaceInput) => Promise<WorkspaceDto>;

export function workspacesRoutes(deps: Deps, createOwned: CreateOwnedWorkspace) {
  const router = createRouter();
  const auth = (c: { get: (k: 'auth') => Auth | undefined }) => c.get('auth') as Auth;

  router.openapi(getRoute, async (c) => c.json(await getWorkspace(deps, auth(c).workspaceId), 200));
  router.openapi(updateRoute, async (c) =>
    c.json(await updateWorkspace(deps, auth(c).workspaceId, c.req.valid('json')), 200),
  );
  router.openapi(createRoute, async (c) => {
    const a = auth(c);
    if (!a.userId) throw new AppError('forbidden', 'Sign in as a person to start a workspace; API tokens cannot');
    return c.json({ workspace: await createOwned(a, c.req.valid('json')) }, 201);
  });
  return router;
}
