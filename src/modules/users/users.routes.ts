// HTTP surface of workspace members. Thin: parse, call the service, answer. People join through
// invitations (POST /invitations, in the auth domain), never by being added directly.
import { z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.ts';
import type { Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import { MemberSchema, UpdateMemberBody } from './users.dto.ts';
import { getMember, listWorkspaceMembers, type OnMemberRemoved, removeMember, updateMember } from './users.service.ts';

const tags = ['People'];

const listRoute = defineRoute({
  method: 'get',
  path: '/users',
  permission: 'users:read',
  tags,
  summary: 'List the members of this workspace',
  responses: { 200: jsonResponse(z.object({ items: z.array(MemberSchema) }), 'Members'), ...errorResponses },
});
const getRoute = defineRoute({
  method: 'get',
  path: '/users/{id}',
  permission: 'users:read',
  tags,
  summary: 'One member',
  request: { params: IdParams },
  responses: { 200: jsonResponse(MemberSchema, 'The member'), ...errorResponses },
});
const updateRoute = defineRoute({
  method: 'patch',
  path: '/users/{id}',
  permission: 'users:manage',
  tags,
  summary:
    "Change a member's role (their API tokens narrow with it); names are changed by their owner at PATCH /auth/me",
  request: { params: IdParams, body: jsonBody(UpdateMemberBody) },
  responses: { 200: jsonResponse(MemberSchema, 'Updated'), ...errorResponses },
});
const deleteRoute = defineRoute({
  method: 'delete',
  path: '/users/{id}',
  permission: 'users:manage',
  tags,
  summary:
    'Remove a member from this workspace: their sessions here end, their API tokens and open invitations here are revoked',
  request: { params: IdParams },
  responses: { 204: { description: 'Removed' }, ...errorResponses },
});

export function usersRoutes(deps: Deps, hooks: { onMemberRemoved?: OnMemberRemoved } = {}) {
  const router = createRouter();
  const auth = (c: { get: (k: 'auth') => Auth | undefined }) => c.get('auth') as Auth;

  router.openapi(listRoute, async (c) => c.json({ items: await listWorkspaceMembers(deps, auth(c).workspaceId) }, 200));
  router.openapi(getRoute, async (c) =>
    c.json(await getMember(deps, auth(c).workspaceId, c.req.valid('param').id), 200),
  );
  router.openapi(updateRoute, async (c) => {
    const a = auth(c);
    return c.json(await updateMember(deps, a.workspaceId, a, c.req.valid('param').id, c.req.valid('json')), 200);
  });
  router.openapi(deleteRoute, async (c) => {
    const a = auth(c);
    await removeMember(deps, a.workspaceId, a, c.req.valid('param').id, hooks.onMemberRemoved);
    return c.body(null, 204);
  });
  return router;
}
