// The kpis domain's public surface: the retention KPIs' routes. It reads other domains through their
// sources (contracts' MRR, commerce's purchases, defections, complaints, analytics' tiers) and
// computes with analytics' revenue-movements model; its only tables are its roll-ups' (cohorts,
// purchase activity, month-end MRR: derived data), with its part of a merge and of an erasure and
// its refresh job's use case.
export * from './kpis.dto.ts';
export { kpisRoutes } from './kpis.routes.ts';
export { cohortMatrix, rawCohortMatrix } from './kpis.cohorts.ts';
export {
  kpisEraser,
  reassignCustomer,
  rebuildCohortRollup,
  refreshCohortRollup,
  refreshCohortRollups,
} from './kpis.rollup.ts';
export { rawRevenueRetentionKpi, revenueRetentionKpi } from './kpis.revenue.ts';
export { complaintsTrend } from './kpis.complaints.ts';
export { kpiSummary } from './kpis.summary.ts';
export { DIGEST_LOCAL_HOUR, sendKpiDigest } from './kpis.digest.ts';
