// HTTP surface of the KPIs (managers and analysts). Thin: parse, call the use case, answer.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import { cohortCustomers, cohortMatrix } from './kpis.cohorts.ts';
import {
  CohortCustomersQuery,
  CohortCustomersSchema,
  CohortMatrixSchema,
  CohortQuery,
  ComplaintsTrendSchema,
  KpiSummaryQuery,
  KpiSummarySchema,
  LogoChurnCustomersQuery,
  LogoChurnCustomersSchema,
  FilteredPeriodQuery,
  RevenueMoversQuery,
  RevenueMoversSchema,
  RevenueRetentionSchema,
} from './kpis.dto.ts';
import { complaintsTrend } from './kpis.complaints.ts';
import { cohortCsv, revenueCsv, summaryCsv } from './kpis.export.ts';
import { logoChurnCustomers } from './kpis.logo.ts';
import { revenueMovers, revenueRetentionKpi } from './kpis.revenue.ts';
import { kpiSummary } from './kpis.summary.ts';

const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;
const tags = ['KPIs'];
const permission = 'kpis:read';
const csv = { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses };

const routes = {
  revenue: defineRoute({
    method: 'get',
    path: '/kpis/revenue-retention',
    permission,
    tags,
    summary: 'Contractual revenue movements, GRR, NRR, logo churn and quick ratio over whole months',
    request: { query: FilteredPeriodQuery },
    responses: { 200: jsonResponse(RevenueRetentionSchema, 'The period and each of its months'), ...errorResponses },
  }),
  movers: defineRoute({
    method: 'get',
    path: '/kpis/revenue-retention/customers',
    permission,
    tags,
    summary: 'The customers behind one revenue movement of the period',
    request: { query: RevenueMoversQuery },
    responses: { 200: jsonResponse(RevenueMoversSchema, 'Customers, by id'), ...errorResponses },
  }),
  cohorts: defineRoute({
    method: 'get',
    path: '/kpis/cohorts',
    permission,
    tags,
    summary: 'Cohort matrix: acquisition month × months since, customers purchasing or net revenue',
    request: { query: CohortQuery },
    responses: { 200: jsonResponse(CohortMatrixSchema, 'One row per acquisition month'), ...errorResponses },
  }),
  cohortCustomers: defineRoute({
    method: 'get',
    path: '/kpis/cohorts/customers',
    permission,
    tags,
    summary: 'The customers behind one cohort cell',
    request: { query: CohortCustomersQuery },
    responses: { 200: jsonResponse(CohortCustomersSchema, 'Customers, by id'), ...errorResponses },
  }),
  revenueCsv: defineRoute({
    method: 'get',
    path: '/kpis/revenue-retention/export.csv',
    permission,
    tags,
    summary: 'Revenue movements per month and for the period, as CSV',
    request: { query: FilteredPeriodQuery },
    responses: csv,
  }),
  cohortsCsv: defineRoute({
    method: 'get',
    path: '/kpis/cohorts/export.csv',
    permission,
    tags,
    summary: 'The cohort matrix as CSV',
    request: { query: CohortQuery },
    responses: csv,
  }),
  logoChurn: defineRoute({
    method: 'get',
    path: '/kpis/logo-churn/customers',
    permission,
    tags,
    summary: 'Customers who purchased in the previous period and not in this one',
    request: { query: LogoChurnCustomersQuery },
    responses: { 200: jsonResponse(LogoChurnCustomersSchema, 'Customers, by id'), ...errorResponses },
  }),
  summaryCsv: defineRoute({
    method: 'get',
    path: '/kpis/summary/export.csv',
    permission,
    tags,
    summary: 'The KPI summary as CSV: one row per KPI, its parts this period and the previous one',
    request: { query: KpiSummaryQuery },
    responses: csv,
  }),
  complaintsTrend: defineRoute({
    method: 'get',
    path: '/kpis/complaints-trend',
    permission,
    tags,
    summary: 'Complaints registered per month per 1,000 active customers, in all and by root cause',
    request: { query: FilteredPeriodQuery },
    responses: { 200: jsonResponse(ComplaintsTrendSchema, 'One entry per month of the period'), ...errorResponses },
  }),
  summary: defineRoute({
    method: 'get',
    path: '/kpis/summary',
    permission,
    tags,
    summary: 'Retention KPIs with their parts, this period against the previous one',
    request: { query: KpiSummaryQuery },
    responses: { 200: jsonResponse(KpiSummarySchema, 'The KPIs'), ...errorResponses },
  }),
};

export function kpisRoutes(deps: Deps) {
  const router = createRouter();
  router.openapi(routes.revenue, async (c) =>
    c.json(await revenueRetentionKpi(deps, auth(c).workspaceId, c.req.valid('query')), 200),
  );
  router.openapi(routes.movers, async (c) =>
    c.json(await revenueMovers(deps, auth(c).workspaceId, c.req.valid('query')), 200),
  );
  router.openapi(routes.cohorts, async (c) =>
    c.json(await cohortMatrix(deps, auth(c).workspaceId, c.req.valid('query')), 200),
  );
  router.openapi(routes.cohortCustomers, async (c) =>
    c.json(await cohortCustomers(deps, auth(c).workspaceId, c.req.valid('query')), 200),
  );
  const sendCsv = (c: Context<AppEnv>, name: string, body: string) => {
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="${name}"`);
    return c.body(body, 200) as never;
  };
  router.openapi(routes.revenueCsv, async (c) =>
    sendCsv(
      c,
      'revenue-retention.csv',
      revenueCsv(await revenueRetentionKpi(deps, auth(c).workspaceId, c.req.valid('query'))),
    ),
  );
  router.openapi(routes.cohortsCsv, async (c) =>
    sendCsv(c, 'cohorts.csv', cohortCsv(await cohortMatrix(deps, auth(c).workspaceId, c.req.valid('query')))),
  );
  router.openapi(routes.logoChurn, async (c) =>
    c.json(await logoChurnCustomers(deps, auth(c).workspaceId, c.req.valid('query')), 200),
  );
  router.openapi(routes.summary, async (c) =>
    c.json(await kpiSummary(deps, auth(c).workspaceId, c.req.valid('query')), 200),
  );
  router.openapi(routes.summaryCsv, async (c) =>
    sendCsv(c, 'kpi-summary.csv', summaryCsv(await kpiSummary(deps, auth(c).workspaceId, c.req.valid('query')))),
  );
  router.openapi(routes.complaintsTrend, async (c) =>
    c.json(await complaintsTrend(deps, auth(c).workspaceId, c.req.valid('query')), 200),
  );
  return router;
}
