// HTTP surface of one's own account security: password change and one's sessions. Thin.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie } from 'hono/cookie';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import { changePassword, endOtherSessions, endOwnSession, listOwnSessions } from './auth.account.ts';
import { ChangePasswordBody, EndedSessionsSchema, SessionSchema } from './auth.dto.ts';
import { clientIp } from './auth.routes.ts';
import { SESSION_COOKIE } from './auth.service.ts';

const tags = ['Authentication'];

const changePasswordRoute = defineRoute({
  method: 'post',
  path: '/auth/password',
  permission: 'session:self',
  tags,
  summary:
    'Change your own password (signed in; the current one is checked and throttled like sign-in). Your other sessions end',
  request: { body: jsonBody(ChangePasswordBody) },
  responses: { 200: jsonResponse(EndedSessionsSchema, 'Changed'), ...errorResponses },
});

const listSessionsRoute = defineRoute({
  method: 'get',
  path: '/auth/sessions',
  permission: 'session:self',
  tags,
  summary: 'Your live sessions in every workspace, newest first (signed in)',
  responses: { 200: jsonResponse(z.object({ items: z.array(SessionSchema) }), 'Sessions'), ...errorResponses },
});

const endSessionRoute = defineRoute({
  method: 'delete',
  path: '/auth/sessions/{id}',
  permission: 'session:self',
  tags,
  summary: 'End one of your sessions (ending the current one signs you out)',
  request: { params: IdParams },
  responses: { 204: { description: 'Ended' }, ...errorResponses },
});

const endOthersRoute = defineRoute({
  method: 'post',
  path: '/auth/sessions/end-others',
  permission: 'session:self',
  tags,
  summary: 'End every session of yours except this one',
  responses: { 200: jsonResponse(EndedSessionsSchema, 'Ended'), ...errorResponses },
});

const authOf = (c: Context<AppEnv>): Auth => c.get('auth') as Auth;

export function accountRoutes(deps: Deps) {
  const router = createRouter();

  router.openapi(changePasswordRoute, async (c) => {
    const body = c.req.valid('json');
    const ip = clientIp(c, deps.config.trustProxy);
    return c.json(await changePassword(deps, authOf(c), { ...body, ip }), 200);
  });

  router.openapi(listSessionsRoute, async (c) => c.json({ items: await listOwnSessions(deps, authOf(c)) }, 200));

  router.openapi(endSessionRoute, async (c) => {
    const { wasCurrent } = await endOwnSession(deps, authOf(c), c.req.valid('param').id);
    if (wasCurrent) deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  router.openapi(endOthersRoute, async (c) => c.json(await endOtherSessions(deps, authOf(c)), 200));

  return router;
}
