// HTTP surface of workspace members. Thin: parse, call the service, answer.
import { z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.ts';
import type { Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import { CreateMemberBody, MemberSchema, UpdateMemberBody } from './users.dto.ts';
import { addMember, getMember, listWorkspaceMembers, removeMember, updateMember } from './users.service.ts';

const tags = ['People'];

const listRoute = defineRoute({
  method: 'get',
  path: '/users',
  permission: 'users:read',
  tags,
  summary: 'List the members of this workspace',
  responses: { 200: jsonResponse(z.object({ items: z.array(MemberSchema) }), 'Members'), ...errorResponses },
});
const createRoute = defineRoute({
  method: 'post',
  path: '/users',
  permission: 'users:manage',
  tags,
  summary: 'Add a person to this workspace with a role (creating their account if new)',
  request: { body: jsonBody(CreateMemberBody) },
  responses: { 201: jsonResponse(MemberSchema, 'Added'), ...errorResponses },
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
  summary: "Change a member's role or name",
  request: { params: IdParams, body: jsonBody(UpdateMemberBody) },
  responses: { 200: jsonResponse(MemberSchema, 'Updated'), ...errorResponses },
});
const deleteRoute = defineRoute({
  method: 'delete',
  path: '/users/{id}',
  permission: 'users:manage',
  tags,
  summary: 'Remove a member from this workspace (their sessions here end at once)',
  request: { params: IdParams },
  responses: { 204: { description: 'Removed' }, ...errorResponses },
});

export function usersRoutes(deps: Deps) {
  const router = createRouter();
  const auth = (c: { get: (k: 'auth') => Auth | undefined }) => c.get('auth') as Auth;

  router.openapi(listRoute, async (c) => c.json({ items: await listWorkspaceMembers(deps, auth(c).workspaceId) }, 200));
  router.openapi(createRoute, async (c) => {
    const a = auth(c);
    return c.json(await addMember(deps, a.workspaceId, a, c.req.valid('json')), 201);
  });
  router.openapi(getRoute, async (c) => c.json(await getMember(deps, auth(c).workspaceId, c.req.valid('param').id), 200));
  router.openapi(updateRoute, async (c) => {
    const a = auth(c);
    return c.json(await updateMember(deps, a.workspaceId, a, c.req.valid('param').id, c.req.valid('json')), 200);
  });
  router.openapi(deleteRoute, async (c) => {
    const a = auth(c);
    await removeMember(deps, a.workspaceId, a, c.req.valid('param').id);
    return c.body(null, 204);
  });
  return router;
}
