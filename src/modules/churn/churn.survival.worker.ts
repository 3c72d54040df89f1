// The worker thread of survivalInWorker (churn.survival.ts): the Kaplan–Meier curves and log-rank
// tests by segment of the records it is given. A failure is reported as `failed`: the caller
// then makes the curves on its own thread, so an error is raised there, the same as without it.
import { parentPort, workerData } from 'node:worker_threads';
import { survivalBySegments } from './churn.curves.ts';
import type { SurvivalRequest } from './churn.survival.ts';

try {
  const { records, kinds } = workerData as SurvivalRequest;
  parentPort!.postMessage({ survival: survivalBySegments(records, kinds) });
} catch (err) {
  parentPort!.postMessage({ failed: (err as Error).message });
}
