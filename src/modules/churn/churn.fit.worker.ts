// The worker thread of fitInWorker (churn.fit.ts): fits the churn model on the design matrix it is
// given and hands it back in two parts, the logistic fit (what scoring needs) as soon as it is
// done, then Cox. Any failure is reported as `failed`: the caller then fits what it has not yet
// received on its own thread, so an error is raised there, the same as without a worker.
import { parentPort, workerData } from 'node:worker_threads';
import type { FitRequest } from './churn.fit.ts';
import { churnCox, fitChurnLogistic } from './churn.model.ts';

try {
  const { data, options } = workerData as FitRequest;
  const logistic = fitChurnLogistic(data, options);
  parentPort!.postMessage({ logistic });
  parentPort!.postMessage({ cox: logistic.flag === 'too_few_churners' ? null : churnCox(data) });
} catch (err) {
  parentPort!.postMessage({ failed: (err as Error).message });
}
