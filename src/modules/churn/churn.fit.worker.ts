// The worker thread of fitInWorker (churn.fit.ts): fits the churn model on the design matrix it is
// given and hands the fit back. Any failure is reported as `failed`: the caller then fits on its
// own thread, so an error is raised there, the same as without a worker.
import { parentPort, workerData } from 'node:worker_threads';
import type { FitRequest } from './churn.fit.ts';
import { fitChurnModel } from './churn.model.ts';

try {
  const { data, options } = workerData as FitRequest;
  parentPort!.postMessage({ fit: fitChurnModel(data, options) });
} catch (err) {
  parentPort!.postMessage({ failed: (err as Error).message });
}
