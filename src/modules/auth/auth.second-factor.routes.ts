// HTTP surface of one's own second factor (TOTP). Thin; signed-in people only.
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import {
  PasswordConfirmBody,
  RecoveryCodesSchema,
  SecondFactorCodeBody,
  SecondFactorSetupSchema,
  SecondFactorStatusSchema,
} from './auth.dto.ts';
import { clientIp } from './auth.routes.ts';
import {
  beginSecondFactor,
  confirmSecondFactorSetup,
  disableSecondFactor,
  secondFactorStatus,
} from './auth.second-factor.ts';

const tags = ['Authentication'];

const statusRoute = defineRoute({
  method: 'get',
  path: '/auth/second-factor',
  permission: 'session:self',
  tags,
  summary: 'Whether your account asks for an authenticator code at sign-in',
  responses: { 200: jsonResponse(SecondFactorStatusSchema, 'Status'), ...errorResponses },
});

const beginRoute = defineRoute({
  method: 'post',
  path: '/auth/second-factor',
  permission: 'session:self',
  tags,
  summary:
    'Start setting up a second factor: a new key for an authenticator app, pending until confirmed with a code (409 when one is on)',
  responses: { 201: jsonResponse(SecondFactorSetupSchema, 'Pending key'), ...errorResponses },
});

const confirmRoute = defineRoute({
  method: 'post',
  path: '/auth/second-factor/confirm',
  permission: 'session:self',
  tags,
  summary: "Turn the pending key on with the app's current code; answers the recovery codes, shown this once",
  request: { body: jsonBody(SecondFactorCodeBody) },
  responses: { 200: jsonResponse(RecoveryCodesSchema, 'On'), ...errorResponses },
});

const disableRoute = defineRoute({
  method: 'post',
  path: '/auth/second-factor/disable',
  permission: 'session:self',
  tags,
  summary: 'Turn the second factor off (your password is checked, throttled like sign-in)',
  request: { body: jsonBody(PasswordConfirmBody) },
  responses: { 204: { description: 'Off' }, ...errorResponses },
});

const authOf = (c: Context<AppEnv>): Auth => c.get('auth') as Auth;

export function secondFactorRoutes(deps: Deps) {
  const router = createRouter();
  router.openapi(statusRoute, async (c) => c.json(await secondFactorStatus(deps, authOf(c)), 200));
  router.openapi(beginRoute, async (c) => c.json(await beginSecondFactor(deps, authOf(c)), 201));
  router.openapi(confirmRoute, async (c) =>
    c.json(await confirmSecondFactorSetup(deps, authOf(c), c.req.valid('json').code), 200),
  );
  router.openapi(disableRoute, async (c) => {
    const ip = clientIp(c, deps.config.trustProxy);
    await disableSecondFactor(deps, authOf(c), { password: c.req.valid('json').password, ip });
    return c.body(null, 204);
  });
  return router;
}
