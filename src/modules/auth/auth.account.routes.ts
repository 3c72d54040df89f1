// HTTP surface of one's own account security: password change, one's sessions, and resetting a
// forgotten password by e-mail (public, rate-limited per address). Thin.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie } from 'hono/cookie';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import { changePassword, endOtherSessions, endOwnSession, listOwnSessions } from './auth.account.ts';
import {
  ChangePasswordBody,
  EndedSessionsSchema,
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
  SessionSchema,
} from './auth.dto.ts';
import { resetLocaleOf } from './auth.reset.mail.ts';
import { confirmPasswordReset, requestPasswordReset } from './auth.reset.ts';
import { hitRateLimit } from '../ratelimit/index.ts';
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

const requestResetRoute = defineRoute({
  method: 'post',
  path: '/auth/password-reset',
  permission: 'public',
  tags,
  summary:
    'Ask for a password reset link by e-mail. Always 202, whether or not an account has the address; the e-mail, in the language of Accept-Language, follows when one does',
  request: { body: jsonBody(PasswordResetRequestBody) },
  responses: { 202: { description: 'Accepted' }, ...errorResponses },
});

const confirmResetRoute = defineRoute({
  method: 'post',
  path: '/auth/password-reset/confirm',
  permission: 'public',
  tags,
  summary:
    "Set a new password with the e-mailed link's secret (once, within the hour); every session of the account ends. Sign in afterwards",
  request: { body: jsonBody(PasswordResetConfirmBody) },
  responses: { 204: { description: 'Password set' }, ...errorResponses },
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

  const limited = (c: Context) =>
    hitRateLimit(
      deps,
      {
        bucket: 'password-reset',
        max: deps.config.publicForm.maxPerIp,
        windowMs: deps.config.publicForm.windowMinutes * 60_000,
      },
      clientIp(c, deps.config.trustProxy),
    );

  router.openapi(requestResetRoute, async (c) => {
    await limited(c);
    const { email, locale: chosen } = c.req.valid('json');
    const locale = chosen ?? resetLocaleOf(c.req.header('accept-language'));
    await requestPasswordReset(deps, { email, locale, ip: clientIp(c, deps.config.trustProxy) });
    return c.body(null, 202);
  });

  router.openapi(confirmResetRoute, async (c) => {
    await limited(c);
    await confirmPasswordReset(deps, c.req.valid('json'));
    return c.body(null, 204);
  });

  router.openapi(endOthersRoute, async (c) => c.json(await endOtherSessions(deps, authOf(c)), 200));

  return router;
}
