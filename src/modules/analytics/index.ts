// The analytics (value engine) domain's public surface: the CLV model library (./models), scoring
// runs, the pyramid tier lookup other domains use, and the HTTP routes.
export * from './analytics.dto.ts';
export {
  type ActivitySource,
  type CostSource,
  scoreColumn,
  customerTiers,
  scoreMatches,
  type ScoringSources,
  tiersOfCustomers,
  workspacesWithCustomers,
} from './analytics.sources.ts';
export { analyticsRoutes, SCORE_JOB } from './analytics.routes.ts';
export { type PyramidTier, pyramidTiers, type RfmSegment, rfmSegments } from './analytics.schema.ts';
export {
  executeRun,
  formatMinor,
  MODEL_FAMILY,
  queueRun,
  reasonWording,
  type RunOutcome,
  scoreNow,
} from './analytics.scoring.ts';
export { loadSettings, updateSettings } from './analytics.settings.ts';
export { mergePinnedTables, reassignCustomer } from './analytics.merge.ts';
export { customerScoreFacts } from './analytics.sources.ts';
export { insertSimulatedScores, type SimulatedScore } from './analytics.simulate.testing.ts';
export * from './models/index.ts';
export { pAliveScores } from './analytics.sources.ts';
export { analyticsDataSections, analyticsEraser } from './analytics.privacy.ts';
