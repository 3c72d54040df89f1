// HTTP surface of churn diagnostics: model runs and the model card, retention curves, survival by
// segment, the drivers table, one customer's risk, and the at-risk worklist with its export.
// Thin: validate, call, answer.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import {
  ChurnRunSchema,
  CreateChurnRunBody,
  CustomerRiskSchema,
  DriversSchema,
  ModelCardSchema,
  RetentionSchema,
  SurvivalQuery,
  SurvivalSchema,
  WorklistItemSchema,
  WorklistQuery,
} from './churn.dto.ts';
import { queueChurnRun } from './churn.runs.ts';
import {
  getCustomerRisk,
  getDrivers,
  type ReasonSharesSource,
  type SwitchingCostsSource,
  getModelCard,
  getRetention,
  getRuns,
  getSurvival,
  getWorklist,
  streamWorklistCsv,
  toRunDto,
} from './churn.service.ts';

export const CHURN_RUN_JOB = 'churn.run';

const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;
const actor = (a: Auth) => (a.userId ? `user:${a.userId}` : `token:${a.tokenId}`);
const tags = ['Churn'];

const routes = {
  createRun: defineRoute({
    method: 'post',
    path: '/churn/model/runs',
    permission: 'churn:write',
    tags,
    summary: 'Queue a churn-model run (fit, cross-validation, curves, risks); it runs on a worker',
    request: { body: jsonBody(CreateChurnRunBody) },
    responses: { 202: jsonResponse(ChurnRunSchema, 'Queued'), ...errorResponses },
  }),
  listRuns: defineRoute({
    method: 'get',
    path: '/churn/model/runs',
    permission: 'churn:read',
    tags,
    summary: 'Churn-model runs, newest first, with their metrics and whether each is used',
    request: { query: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) }) },
    responses: {
      200: jsonResponse(z.object({ items: z.array(ChurnRunSchema) }), 'Runs'),
      ...errorResponses,
    },
  }),
  model: defineRoute({
    method: 'get',
    path: '/churn/model',
    permission: 'churn:read',
    tags,
    summary: 'The model card of the used churn model (404 no_model before one)',
    responses: { 200: jsonResponse(ModelCardSchema, 'Model card'), ...errorResponses },
  }),
  retention: defineRoute({
    method: 'get',
    path: '/churn/retention',
    permission: 'churn:read',
    tags,
    summary: 'sBG retention curves per cohort (acquisition quarter × plan): observed and projected',
    responses: { 200: jsonResponse(RetentionSchema, 'Curves'), ...errorResponses },
  }),
  survival: defineRoute({
    method: 'get',
    path: '/churn/survival',
    permission: 'churn:read',
    tags,
    summary: 'Kaplan–Meier curves with 95 % bands by segment, medians and the log-rank test',
    request: { query: SurvivalQuery },
    responses: { 200: jsonResponse(SurvivalSchema, 'Curves'), ...errorResponses },
  }),
  drivers: defineRoute({
    method: 'get',
    path: '/churn/drivers',
    permission: 'churn:read',
    tags,
    summary: 'What moves churn: hazard ratios (Cox) and odds ratios (logistic) with 95 % CIs',
    responses: { 200: jsonResponse(DriversSchema, 'Drivers'), ...errorResponses },
  }),
  worklist: defineRoute({
    method: 'get',
    path: '/churn/worklist',
    permission: 'churn:read',
    tags,
    summary: 'At-risk customers by expected loss (risk × value at stake), highest first',
    request: { query: WorklistQuery },
    responses: {
      200: jsonResponse(
        z.object({ items: z.array(WorklistItemSchema), nextCursor: z.string().nullable() }),
        'Worklist page',
      ),
      ...errorResponses,
    },
  }),
  worklistCsv: defineRoute({
    method: 'get',
    path: '/churn/worklist.csv',
    permission: 'churn:export',
    tags,
    summary: 'The filtered worklist as CSV',
    request: { query: WorklistQuery.omit({ limit: true, cursor: true }) },
    responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses },
  }),
  customer: defineRoute({
    method: 'get',
    path: '/customers/{id}/churn',
    permission: 'churn:customer',
    tags,
    summary: "One customer's churn risk, top drivers, value at stake and running contracts' lifetime outlook",
    request: { params: IdParams },
    responses: {
      200: jsonResponse(
        z.object({
          risk: CustomerRiskSchema.nullable(),
          contracts: z.array(
            z.object({
              contractId: z.uuid(),
              plan: z.string(),
              monthsLived: z.number(),
              derlMonths: z.number().nullable(),
              expectedRemainingMonths: z.number().nullable(),
            }),
          ),
        }),
        'Risk',
      ),
      ...errorResponses,
    },
  }),
};

export function churnRoutes(
  deps: Deps,
  options: { reasonShares?: ReasonSharesSource; switchingCosts?: SwitchingCostsSource } = {},
) {
  const r = createRouter();
  const ws = (c: Context<AppEnv>) => auth(c).workspaceId;
  r.openapi(routes.createRun, async (c) => {
    const run = await queueChurnRun(deps, ws(c), 'api', actor(auth(c)), c.req.valid('json').minAucLift);
    if (deps.jobs) await deps.jobs.send(CHURN_RUN_JOB, { workspaceId: run.workspaceId, runId: run.id });
    c.header('Location', '/api/v1/churn/model/runs?limit=1');
    return c.json(toRunDto(run), 202);
  });
  r.openapi(routes.listRuns, async (c) => c.json(await getRuns(deps, ws(c), c.req.valid('query').limit), 200));
  r.openapi(routes.model, async (c) => c.json(await getModelCard(deps, ws(c)), 200));
  r.openapi(routes.retention, async (c) => c.json(await getRetention(deps, ws(c)), 200));
  r.openapi(routes.survival, async (c) => c.json(await getSurvival(deps, ws(c), c.req.valid('query').by), 200));
  r.openapi(routes.drivers, async (c) => c.json(await getDrivers(deps, ws(c), options.reasonShares), 200));
  r.openapi(routes.worklist, async (c) =>
    c.json(await getWorklist(deps, ws(c), c.req.valid('query'), options.switchingCosts), 200),
  );
  r.openapi(routes.worklistCsv, async (c) => {
    const workspaceId = ws(c);
    const q = c.req.valid('query');
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', 'attachment; filename="churn-worklist.csv"');
    return stream(c, async (s) => {
      await streamWorklistCsv(deps, workspaceId, q, (chunk) => s.write(chunk).then(() => {}));
    }) as never;
  });
  r.openapi(routes.customer, async (c) => c.json(await getCustomerRisk(deps, ws(c), c.req.valid('param').id), 200));
  return r;
}
