// The affinity domain's public surface: runs (job name, queue, execute), the routes, bundles (the
// demo defines some), the offer checks and records the offer workflow uses.
export * from './affinity.dto.ts';
export { affinityRoutes } from './affinity.routes.ts';
export {
  AFFINITY_RUN_JOB,
  defaultThresholds,
  executeAffinityRun,
  queueAffinityRun,
  runAffinityNow,
  runScheduledAffinity,
} from './affinity.runs.ts';
export * from './affinity.groups.dto.ts';
export { createBundle, getBundles, getBundleSuggestions } from './affinity.groups.ts';
export type { OfferActions } from './affinity.groups.routes.ts';
export { checkOfferable, lastOfferSegment, recordOfferEvent } from './affinity.outcomes.ts';
export { affinityDataSections, affinityEraser, reassignCustomer } from './affinity.privacy.ts';
