// HTTP surface of the domain event log: integrations follow it with an `after` cursor.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import { EventSchema, ListEventsQuery } from './events.dto.ts';
import { listEvents } from './events.service.ts';

const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;

const routes = {
  list: defineRoute({
    method: 'get',
    path: '/events',
    permission: 'events:read',
    tags: ['Events'],
    summary: 'The workspace event log, oldest first; pass the returned `next` as `after` to follow it',
    request: { query: ListEventsQuery },
    responses: {
      200: jsonResponse(z.object({ items: z.array(EventSchema), next: z.string().nullable() }), 'Events'),
      ...errorResponses,
    },
  }),
};

export function eventsRoutes(deps: Deps) {
  const router = createRouter();
  router.openapi(routes.list, async (c) =>
    c.json(await listEvents(deps, auth(c).workspaceId, c.req.valid('query')), 200),
  );
  return router;
}
