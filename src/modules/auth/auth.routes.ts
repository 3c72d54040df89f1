// HTTP surface of sign-in, sessions and API tokens. Thin: parse, call the service, answer.
import { z } from '@hono/zod-openapi';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import { AppError } from '../../errors.ts';
import { setOwnPreferences, UpdateProfileBody, updateOwnName } from '../users/index.ts';
import {
  ApiTokenSchema,
  CreateApiTokenBody,
  CreatedApiTokenSchema,
  LoginBody,
  MeSchema,
  SwitchWorkspaceBody,
} from './auth.dto.ts';
import {
  createApiToken,
  describeCaller,
  listApiTokens,
  login,
  type LoginResult,
  logout,
  revokeApiToken,
  SESSION_COOKIE,
  switchWorkspace,
} from './auth.service.ts';

const tags = ['Authentication'];

const loginRoute = defineRoute({
  method: 'post',
  path: '/auth/login',
  permission: 'public',
  tags,
  summary: 'Sign in with email and password; sets an httpOnly session cookie',
  request: { body: jsonBody(LoginBody) },
  responses: { 200: jsonResponse(MeSchema, 'Signed in'), ...errorResponses },
});

const logoutRoute = defineRoute({
  method: 'post',
  path: '/auth/logout',
  permission: 'session:self',
  tags,
  summary: 'End the current session',
  responses: { 204: { description: 'Signed out' }, ...errorResponses },
});

const meRoute = defineRoute({
  method: 'get',
  path: '/auth/me',
  permission: 'session:self',
  tags,
  summary: 'Who is calling: person or token, role, current workspace and the others',
  responses: { 200: jsonResponse(MeSchema, 'The caller'), ...errorResponses },
});

const updateMeRoute = defineRoute({
  method: 'patch',
  path: '/auth/me',
  permission: 'session:self',
  tags,
  summary: 'Change your own name (signed in; every workspace you belong to sees it)',
  request: { body: jsonBody(UpdateProfileBody) },
  responses: { 200: jsonResponse(MeSchema, 'Updated'), ...errorResponses },
});

const switchRoute = defineRoute({
  method: 'post',
  path: '/auth/switch',
  permission: 'session:self',
  tags,
  summary: 'Open another workspace the signed-in person belongs to',
  request: { body: jsonBody(SwitchWorkspaceBody) },
  responses: { 200: jsonResponse(MeSchema, 'Switched'), ...errorResponses },
});

const listTokensRoute = defineRoute({
  method: 'get',
  path: '/tokens',
  permission: 'tokens:manage',
  tags: ['API tokens'],
  summary: 'List the workspace API tokens (never their secrets)',
  responses: { 200: jsonResponse(z.object({ items: z.array(ApiTokenSchema) }), 'Tokens'), ...errorResponses },
});

const createTokenRoute = defineRoute({
  method: 'post',
  path: '/tokens',
  permission: 'tokens:manage',
  tags: ['API tokens'],
  summary: 'Create an API token bound to this workspace and a role; the secret is shown once',
  request: { body: jsonBody(CreateApiTokenBody) },
  responses: { 201: jsonResponse(CreatedApiTokenSchema, 'Created'), ...errorResponses },
});

const revokeTokenRoute = defineRoute({
  method: 'delete',
  path: '/tokens/{id}',
  permission: 'tokens:manage',
  tags: ['API tokens'],
  summary:
    'Revoke an API token; it stops working at once. Tokens with the owner role, or made by an owner, only an owner revokes',
  request: { params: IdParams },
  responses: { 200: jsonResponse(ApiTokenSchema, 'Revoked'), ...errorResponses },
});

export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const authOf = (c: Context<AppEnv>): Auth => c.get('auth') as Auth;

/** Hands the browser its session: an httpOnly, SameSite=Lax cookie. */
export function setSessionCookie(c: Context, deps: Deps, result: LoginResult) {
  setCookie(c, SESSION_COOKIE, result.sessionToken, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: deps.config.cookieSecure,
    path: '/',
    expires: result.expiresAt,
  });
}

export function authRoutes(deps: Deps) {
  const router = createRouter();

  router.openapi(loginRoute, async (c) => {
    const body = c.req.valid('json');
    const ip = clientIp(c, deps.config.trustProxy);
    const result = await login(deps, { ...body, ip, userAgent: c.req.header('user-agent') });
    setSessionCookie(c, deps, result);
    return c.json(await describeCaller(deps, result.auth), 200);
  });

  router.openapi(logoutRoute, async (c) => {
    const auth = authOf(c);
    if (auth.sessionTokenHash) await logout(deps, auth.sessionTokenHash);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  router.openapi(meRoute, async (c) => c.json(await describeCaller(deps, authOf(c)), 200));

  router.openapi(updateMeRoute, async (c) => {
    const auth = authOf(c);
    if (auth.via !== 'session' || !auth.userId)
      throw new AppError('forbidden', 'Sign in to change your name; an API token cannot');
    const { name, ...preferences } = c.req.valid('json');
    if (name !== undefined) await updateOwnName(deps, auth.userId, name);
    await setOwnPreferences(deps, auth.workspaceId, auth.userId, preferences);
    return c.json(await describeCaller(deps, auth), 200);
  });

  router.openapi(switchRoute, async (c) => {
    const auth = authOf(c);
    const { workspaceId } = c.req.valid('json');
    await switchWorkspace(deps, auth, workspaceId);
    const memberships = await describeCaller(deps, auth);
    const role = memberships.workspaces.find((w) => w.id === workspaceId)?.role ?? auth.role;
    return c.json(await describeCaller(deps, { ...auth, workspaceId, role }), 200);
  });

  router.openapi(listTokensRoute, async (c) =>
    c.json({ items: await listApiTokens(deps, authOf(c).workspaceId) }, 200),
  );

  router.openapi(createTokenRoute, async (c) => {
    const auth = authOf(c);
    const created = await createApiToken(deps, {
      workspaceId: auth.workspaceId,
      actorRole: auth.role,
      createdByUserId: auth.personId,
      input: c.req.valid('json'),
    });
    return c.json(created, 201);
  });

  router.openapi(revokeTokenRoute, async (c) => {
    const auth = authOf(c);
    return c.json(await revokeApiToken(deps, auth.workspaceId, auth, c.req.valid('param').id), 200);
  });

  return router;
}
