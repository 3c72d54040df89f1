// The kpis domain's public surface: the retention KPIs' routes. It owns no table: it reads other
// domains through their sources (contracts' MRR, commerce's purchases, defections, complaints,
// analytics' tiers) and computes with analytics' revenue-movements model.
export * from './kpis.dto.ts';
export { kpisRoutes } from './kpis.routes.ts';
export { cohortMatrix } from './kpis.cohorts.ts';
export { revenueRetentionKpi } from './kpis.revenue.ts';
export { kpiSummary } from './kpis.summary.ts';
export { DIGEST_LOCAL_HOUR, sendKpiDigest } from './kpis.digest.ts';
