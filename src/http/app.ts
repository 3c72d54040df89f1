// Owns the HTTP application: middleware order, every domain's routes under /api/v1, errors,
// health checks and the OpenAPI document with its interactive reference.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { bodyLimit } from 'hono/body-limit';
import { except } from 'hono/combine';
import { requestId } from 'hono/request-id';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { churnRoutes } from '../modules/churn/index.ts';
import { affinityRoutes } from '../modules/affinity/index.ts';
import { tasksRoutes } from '../modules/tasks/index.ts';
import { booksRoutes } from '../modules/books/index.ts';
import { peopleRoutes } from '../modules/people/index.ts';
import { bondsRoutes, storedSwitchingCosts } from '../modules/bonds/index.ts';
import { campaignsRoutes, isResultsUpload } from '../modules/campaigns/index.ts';
import { surveysPublicRoutes, surveysRoutes } from '../modules/surveys/index.ts';
import { feedbackRoutes } from '../modules/feedback/index.ts';
import { surveyFollowUp } from '../workflows/survey-follow-up.ts';
import { analyticsRoutes } from '../modules/analytics/index.ts';
import {
  accountRoutes,
  authenticate,
  secondFactorRoutes,
  authRoutes,
  invitationsRoutes,
  onMemberRemoved,
} from '../modules/auth/index.ts';
import { commerceRoutes, transactionTimelineSource } from '../modules/commerce/index.ts';
import { type ComplaintHooks, complaintsPublicRoutes, complaintsRoutes } from '../modules/complaints/index.ts';
import { contractsRoutes, contractTimelineSource } from '../modules/contracts/index.ts';
import { kpisRoutes } from '../modules/kpis/index.ts';
import { customersRoutes, customerTimelineSource } from '../modules/customers/index.ts';
import { defectionsPublicRoutes, defectionsRoutes } from '../modules/defections/index.ts';
import { eventsRoutes, eventTimelineSource } from '../modules/events/index.ts';
import { importsRoutes, isImportUpload } from '../modules/imports/index.ts';
import { interactionsRoutes, interactionTimelineSource } from '../modules/interactions/index.ts';
import { notificationsRoutes, notificationTimelineSource } from '../modules/notifications/index.ts';
import { privacyRoutes } from '../modules/privacy/index.ts';
import { savedViewsRoutes } from '../modules/saved-views/index.ts';
import { loyaltyRoutes } from '../modules/loyalty/index.ts';
import { usersRoutes } from '../modules/users/index.ts';
import { registerWebhookEvents, webhooksRoutes } from '../modules/webhooks/index.ts';
import { workspacesRoutes } from '../modules/workspaces/index.ts';
import { complaintHooks } from '../workflows/complaint-hooks.ts';
import { defectionOnCancellation } from '../workflows/contract-defection.ts';
import { checkExport, eraseCustomerData, exportCustomerData } from '../workflows/customer-privacy.ts';
import { createWorkspaceWithOwner } from '../workflows/create-workspace.ts';
import { importAdapters } from '../workflows/import-file.ts';
import { requestLoyaltyEarning } from '../workflows/loyalty-earning.ts';
import { customerListOptions } from '../workflows/customer-list.ts';
import { mergeCustomers } from '../workflows/merge-customers.ts';
import { offerActions } from '../workflows/offer-actions.ts';
import { defectionReasonsBySegment } from '../workflows/churn-reasons.ts';
import { auditRoutes } from '../modules/audit/index.ts';
import { auditRequests } from './audit.ts';
import type { AppEnv } from './context.ts';
import { docsRoutes } from './docs.ts';
import { webRoutes } from './web.ts';
import { compressResponses } from './compression.ts';
import { requireJsonBodies } from './json-only.ts';
import { requireSameOriginForSessions } from './same-origin.ts';
import { securityHeaders } from './security-headers.ts';
import { apiIntroduction, jsonResponse } from './openapi.ts';
import { onError, problemResponse } from './problem.ts';
import { createRouter, defineRoute } from './router.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

const healthRoute = defineRoute({
  method: 'get',
  path: '/healthz',
  permission: 'public',
  tags: ['Operations'],
  summary: 'Liveness: the process answers',
  responses: { 200: jsonResponse(z.object({ status: z.literal('ok') }), 'Alive') },
});
const readyRoute = defineRoute({
  method: 'get',
  path: '/readyz',
  permission: 'public',
  tags: ['Operations'],
  summary: 'Readiness: the database answers',
  responses: {
    200: jsonResponse(z.object({ status: z.literal('ready'), database: z.string() }), 'Ready'),
    503: jsonResponse(z.object({ status: z.literal('unavailable'), database: z.string() }), 'Database unreachable'),
  },
});

/** Every domain's contribution to the customer timeline. */
const timelineSources = [
  customerTimelineSource,
  transactionTimelineSource,
  interactionTimelineSource,
  contractTimelineSource,
  eventTimelineSource,
  notificationTimelineSource,
];

export type AppOptions = {
  /** Replace what complaints borrow from other domains (tests inject pyramid tiers this way). */
  complaintHooks?: Partial<ComplaintHooks>;
  /** The customer list counts its total exactly up to this many (10,000); tests set it low. */
  customerListExactTotalUpTo?: number;
};

function apiRoutes(deps: Deps, options: AppOptions) {
  const api = createRouter();
  // File uploads stream raw CSV/NDJSON with their own size limit (IMPORT_MAX_BYTES); their
  // content types are not form-sendable either, so the CSRF guarantee of JSON-only holds. Reads
  // (GET, HEAD) have no body any route reads; passing them by also spares each read a whole
  // Request object, which the Node adapter builds when bodyLimit looks at the raw request's body
  // (4% of the server's time on the 360 read at 16 connections).
  api.use(
    '*',
    except(
      (c) => c.req.method === 'GET' || c.req.method === 'HEAD' || isImportUpload(c) || isResultsUpload(c),
      bodyLimit({
        maxSize: MAX_BODY_BYTES,
        onError: () => {
          throw new AppError('payload_too_large', `The request body is over ${MAX_BODY_BYTES} bytes`);
        },
      }),
      requireJsonBodies,
    ),
  );
  api.use('*', authenticate(deps));
  api.use('*', requireSameOriginForSessions(deps.config));
  api.use('*', auditRequests(deps));
  api.route('/', authRoutes(deps));
  api.route('/', accountRoutes(deps));
  api.route('/', secondFactorRoutes(deps));
  api.route('/', usersRoutes(deps, { onMemberRemoved: onMemberRemoved(deps) }));
  api.route('/', invitationsRoutes(deps));
  api.route(
    '/',
    customersRoutes(deps, {
      timelineSources,
      merge: (workspaceId, survivorId, mergeId, actor) => mergeCustomers(deps, workspaceId, survivorId, mergeId, actor),
      ...customerListOptions(deps, options.customerListExactTotalUpTo),
    }),
  );
  api.route('/', commerceRoutes(deps, { onRecorded: (workspaceId) => requestLoyaltyEarning(deps, workspaceId) }));
  api.route('/', interactionsRoutes(deps));
  api.route('/', contractsRoutes(deps, { onCancelled: defectionOnCancellation(deps) }));
  api.route('/', defectionsRoutes(deps));
  api.route('/', defectionsPublicRoutes(deps));
  api.route('/', eventsRoutes(deps));
  api.route('/', webhooksRoutes(deps));
  api.route('/', notificationsRoutes(deps));
  api.route('/', complaintsRoutes(deps, complaintHooks(deps, options.complaintHooks)));
  api.route('/', complaintsPublicRoutes(deps));
  api.route('/', importsRoutes(deps, { adapters: importAdapters }));
  api.route('/', savedViewsRoutes(deps));
  api.route('/', loyaltyRoutes(deps, { onRequeued: (workspaceId) => requestLoyaltyEarning(deps, workspaceId) }));
  api.route('/', analyticsRoutes(deps));
  api.route(
    '/',
    churnRoutes(deps, {
      reasonShares: defectionReasonsBySegment,
      switchingCosts: (ctx, workspaceId, ids) => storedSwitchingCosts(ctx.db, workspaceId, ids),
    }),
  );
  api.route('/', affinityRoutes(deps, { offers: offerActions(deps) }));
  api.route('/', tasksRoutes(deps));
  api.route('/', booksRoutes(deps));
  api.route('/', peopleRoutes(deps));
  api.route('/', bondsRoutes(deps));
  api.route('/', campaignsRoutes(deps));
  api.route('/', kpisRoutes(deps));
  api.route('/', surveysRoutes(deps));
  api.route('/', surveysPublicRoutes(deps, surveyFollowUp));
  api.route('/', feedbackRoutes(deps));
  api.route('/', auditRoutes(deps));
  api.route(
    '/',
    privacyRoutes(deps, {
      checkExport: (input) => checkExport(deps, input),
      exportCustomer: (input, write) => exportCustomerData(deps, input, write),
      eraseCustomer: (input, actor) => eraseCustomerData(deps, input, actor),
    }),
  );
  api.route(
    '/',
    workspacesRoutes(deps, async (auth, input) => {
      const created = await createWorkspaceWithOwner(deps, {
        workspace: input,
        owner: { existingUserId: auth.userId as string },
      });
      return created.workspace;
    }),
  );
  return api;
}

export function createApp(deps: Deps, options: AppOptions = {}) {
  const app = new OpenAPIHono<AppEnv>();
  app.use('*', requestId());
  // JSON, HTML and CSV leave gzipped when the client accepts it (the web app's assets are
  // precompressed at build and pass through untouched: they already carry Content-Encoding).
  app.use('*', compressResponses());
  app.use('*', securityHeaders(deps.config));
  app.use('*', async (c, next) => {
    const log = deps.log.child({ reqId: c.get('requestId') });
    c.set('log', log);
    const started = performance.now();
    await next();
    log.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  });
  app.onError(onError);
  app.notFound((c) => problemResponse(c, new AppError('not_found', `No route for ${c.req.method} ${c.req.path}`)));

  app.openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200));
  app.openapi(readyRoute, async (c) => {
    try {
      await deps.db.execute(sql`select 1`);
      return c.json({ status: 'ready' as const, database: deps.database.driver }, 200);
    } catch {
      return c.json({ status: 'unavailable' as const, database: deps.database.driver }, 503);
    }
  });

  app.route('/api/v1', apiRoutes(deps, options));

  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'tenure_session',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token: tnr_…',
  });
  registerWebhookEvents(app.openAPIRegistry);
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Tenure API', version: '1', description: apiIntroduction },
    servers: [{ url: '/', description: 'This Tenure server' }],
  });
  app.route('/docs', docsRoutes());
  // Last: every other GET is the web app (client-side routes); unknown API paths stay 404s.
  app.all('/api/*', (c) => problemResponse(c, new AppError('not_found', `No route for ${c.req.method} ${c.req.path}`)));
  app.route('/', webRoutes());
  return app;
}

export type App = ReturnType<typeof createApp>;
