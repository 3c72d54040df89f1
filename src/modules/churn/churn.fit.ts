// Owns fitting the churn model off the main thread. The fit (five cross-validation folds, the
// full model, the tenure baseline, Cox and its concordance) is ~10 CPU s at a million contracts;
// in a worker thread it runs on the second core while this thread fits the retention curves,
// encodes the scoring rows and the database writes the purchase risks. Pure functions in, plain
// data out (structured clone keeps typed arrays, NaN and infinities): the same fit either way.
// Whenever the thread cannot start or fails, the fit runs here instead.
import { startWorker } from '../../lib/worker-entry.ts';
import type { Column } from './churn.features.ts';
import { type ChurnFit, type ChurnFitOptions, fitChurnModel } from './churn.model.ts';

export type FitRequest = {
  data: { X: Float64Array; y: Float64Array; time: Float64Array; columns: Column[] };
  options: ChurnFitOptions;
};

/** Below this many matrix cells the thread costs more to start than it saves. */
const workerFrom = 2_000_000;

/** The fit from a worker thread (copied to it, so a failure can fall back here), or from this thread. */
export async function fitInWorker(
  request: FitRequest,
  o: { workerFrom?: number; ran?: (where: 'worker' | 'here') => void } = {},
): Promise<ChurnFit> {
  const local = () => (o.ran?.('here'), fitChurnModel(request.data, request.options));
  if (request.data.X.length < (o.workerFrom ?? workerFrom)) return local();
  const worker = startWorker(
    import.meta.url,
    { source: './churn.fit.worker.ts', bundle: 'tenure-churn-fit.mjs' },
    request,
  );
  if (!worker) return local();
  const fit = await new Promise<ChurnFit | null>((resolve) => {
    worker.once('message', (m: { fit: ChurnFit } | { failed: string }) => resolve('fit' in m ? m.fit : null));
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  void worker.terminate();
  if (!fit) return local();
  o.ran?.('worker');
  return fit;
}
