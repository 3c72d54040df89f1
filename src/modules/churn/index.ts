// The churn diagnostics domain's public surface: model runs (queue, execute, schedule), the HTTP
// routes. The model code is analytics/models'; features come from other domains' sources.
export * from './churn.dto.ts';
export { CHURN_RUN_JOB, churnRoutes } from './churn.routes.ts';
export { executeChurnRun, HORIZON_MONTHS, queueChurnRun, runChurnNow } from './churn.runs.ts';
export { reassignCustomer } from './churn.merge.ts';
export { bookFacts, churnRiskFacts, churnRiskOf, featureRows } from './churn.sources.ts';
export {
  encode as encodeChurnFeatures,
  learnEncoding as learnChurnEncoding,
  tableOf as churnFeatureTable,
} from './churn.features.ts';
export type { ReasonSharesSource, SegmentReasonShare } from './churn.service.ts';
export type { FeatureRow as ChurnFeatureRow } from './churn.facts.repository.ts';
export { churnDataSections, churnEraser } from './churn.privacy.ts';
