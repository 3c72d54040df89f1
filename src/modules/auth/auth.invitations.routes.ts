// HTTP surface of invitations: admins invite, list and revoke; the person invited looks at the
// link and accepts it (no sign-in needed: accepting is signing in). Thin: parse, call, answer.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import {
  AcceptInvitationBody,
  CreateInvitationBody,
  CreatedInvitationSchema,
  InvitationPreviewSchema,
  InvitationSchema,
  InvitationTokenBody,
  MeSchema,
} from './auth.dto.ts';
import {
  acceptInvitation,
  inviteMember,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from './auth.invitations.ts';
import { clientIp, setSessionCookie } from './auth.routes.ts';
import { describeCaller } from './auth.service.ts';

const tags = ['People'];

const createRoute = defineRoute({
  method: 'post',
  path: '/invitations',
  permission: 'users:manage',
  tags,
  summary:
    'Invite a person by email with a role. The same answer whether or not the email has a Tenure account; the link (acceptUrl) is shown this once and expires in 7 days. Inviting the same email again replaces the open invitation',
  request: { body: jsonBody(CreateInvitationBody) },
  responses: { 201: jsonResponse(CreatedInvitationSchema, 'Invited'), ...errorResponses },
});
const listRoute = defineRoute({
  method: 'get',
  path: '/invitations',
  permission: 'users:manage',
  tags,
  summary: 'Pending invitations of this workspace (not accepted, revoked or expired), newest first',
  responses: {
    200: jsonResponse(z.object({ items: z.array(InvitationSchema) }), 'Pending invitations'),
    ...errorResponses,
  },
});
const revokeRoute = defineRoute({
  method: 'delete',
  path: '/invitations/{id}',
  permission: 'users:manage',
  tags,
  summary: 'Revoke a pending invitation; its link stops working (owner invitations: owners only)',
  request: { params: IdParams },
  responses: { 204: { description: 'Revoked' }, ...errorResponses },
});
const previewRoute = defineRoute({
  method: 'post',
  path: '/auth/invitations/preview',
  permission: 'public',
  tags,
  summary:
    'What an invitation link is for: workspace, email, role. 404 when used, revoked or expired. The secret goes in the body, never in a URL',
  request: { body: jsonBody(InvitationTokenBody) },
  responses: { 200: jsonResponse(InvitationPreviewSchema, 'The invitation'), ...errorResponses },
});
const acceptRoute = defineRoute({
  method: 'post',
  path: '/auth/invitations/accept',
  permission: 'public',
  tags,
  summary:
    'Accept an invitation: with the password of the Tenure account of the invited email, or, for a person new to Tenure, a name and a new password. Becomes a member and signs in (session cookie)',
  request: { body: jsonBody(AcceptInvitationBody) },
  responses: { 200: jsonResponse(MeSchema, 'Accepted and signed in'), ...errorResponses },
});

const authOf = (c: Context<AppEnv>): Auth => c.get('auth') as Auth;

export function invitationsRoutes(deps: Deps) {
  const router = createRouter();
  router.openapi(createRoute, async (c) => {
    const a = authOf(c);
    return c.json(await inviteMember(deps, a.workspaceId, a, c.req.valid('json')), 201);
  });
  router.openapi(listRoute, async (c) => c.json({ items: await listInvitations(deps, authOf(c).workspaceId) }, 200));
  router.openapi(revokeRoute, async (c) => {
    const a = authOf(c);
    await revokeInvitation(deps, a.workspaceId, a, c.req.valid('param').id);
    return c.body(null, 204);
  });
  router.openapi(previewRoute, async (c) => c.json(await previewInvitation(deps, c.req.valid('json').token), 200));
  router.openapi(acceptRoute, async (c) => {
    const result = await acceptInvitation(deps, { ...c.req.valid('json'), ip: clientIp(c, deps.config.trustProxy) });
    setSessionCookie(c, deps, result);
    return c.json(await describeCaller(deps, result.auth), 200);
  });
  return router;
}
