// HTTP surface of the outbox: what was sent to customers, what was not, and why.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import { ListNotificationsQuery, NotificationSchema } from './notifications.dto.ts';
import { listNotifications } from './notifications.service.ts';

const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;

const listRoute = defineRoute({
  method: 'get',
  path: '/notifications',
  permission: 'notifications:read',
  tags: ['Notifications'],
  summary:
    'Messages to customers, newest first: channel, language, status (sent, skipped, skipped_no_consent, failed, …) and why',
  request: { query: ListNotificationsQuery },
  responses: {
    200: jsonResponse(z.object({ items: z.array(NotificationSchema), next: z.string().nullable() }), 'Messages'),
    ...errorResponses,
  },
});

export function notificationsRoutes(deps: Deps) {
  const router = createRouter();
  router.openapi(listRoute, async (c) =>
    c.json(await listNotifications(deps, auth(c).workspaceId, c.req.valid('query')), 200),
  );
  return router;
}
