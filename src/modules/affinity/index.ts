// The affinity domain's public surface: runs (job name, queue, execute), the routes.
export * from './affinity.dto.ts';
export { affinityRoutes } from './affinity.routes.ts';
export {
  AFFINITY_RUN_JOB,
  defaultThresholds,
  executeAffinityRun,
  queueAffinityRun,
  runAffinityNow,
} from './affinity.runs.ts';
