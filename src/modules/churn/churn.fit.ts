// Owns fitting the churn model off the main thread. The fit (the full model, five
// cross-validation folds, the tenure baseline, then Cox and its concordance) is ~10 CPU s at a
// million contracts; in a worker thread it runs on the second core while this thread fits the
// retention curves, encodes the scoring rows and the database writes the purchase risks. The
// logistic part comes back first, so scoring and the contract risks' write go on while Cox fits.
// Pure functions in, plain data out (structured clone keeps typed arrays, NaN and infinities):
// the same fit either way. Whenever the thread cannot start or fails, what is missing is fitted
// here instead.
import { startWorker } from '../../lib/worker-entry.ts';
import {
  type ChurnData,
  type ChurnFit,
  type ChurnFitOptions,
  churnCox,
  fitChurnLogistic,
  type ModelCard,
} from './churn.model.ts';

export type FitRequest = { data: ChurnData; options: ChurnFitOptions };
export type FitParts = { logistic: Promise<ChurnFit>; cox: Promise<ModelCard['cox']> };
type Message = { logistic: ChurnFit } | { cox: ModelCard['cox'] } | { failed: string };

/** Below this many matrix cells the thread costs more to start than it saves. */
const workerFrom = 2_000_000;

/**
 * The logistic fit and Cox, from a worker thread (the data is copied to it, so a failure can fall
 * back here) or from this thread. `ran` tells where the logistic fit was made.
 */
export function fitInWorker(
  request: FitRequest,
  o: { workerFrom?: number; ran?: (where: 'worker' | 'here') => void } = {},
): FitParts {
  const { data, options } = request;
  const here = (logistic: ChurnFit) => (logistic.flag === 'too_few_churners' ? null : churnCox(data));
  const worker =
    data.X.length < (o.workerFrom ?? workerFrom)
      ? null
      : startWorker(import.meta.url, { source: './churn.fit.worker.ts', bundle: 'tenure-churn-fit.mjs' }, request);
  if (!worker) {
    o.ran?.('here');
    const logistic = fitChurnLogistic(data, options);
    return { logistic: Promise.resolve(logistic), cox: Promise.resolve().then(() => here(logistic)) };
  }
  let gotLogistic: (fit: ChurnFit | null) => void = () => undefined;
  let gotCox: (cox: ModelCard['cox'] | undefined) => void = () => undefined;
  const fromWorker = new Promise<ChurnFit | null>((resolve) => (gotLogistic = resolve));
  const coxFromWorker = new Promise<ModelCard['cox'] | undefined>((resolve) => (gotCox = resolve));
  const failed = () => (gotLogistic(null), gotCox(undefined));
  worker.on('message', (m: Message) => {
    if ('logistic' in m) gotLogistic(m.logistic);
    else if ('cox' in m) {
      gotCox(m.cox);
      void worker.terminate();
    } else failed();
  });
  worker.once('error', failed);
  worker.once('exit', failed);
  const logistic = fromWorker.then((fit) => {
    o.ran?.(fit ? 'worker' : 'here');
    return fit ?? fitChurnLogistic(data, options);
  });
  const cox = coxFromWorker.then(async (c) => (c !== undefined ? c : here(await logistic)));
  return { logistic, cox };
}
