// Owns making a purchase fit's last evaluations on two threads for `tenure clv`. The ridge checks
// and the Hessian's gradients (six evaluations over every compressed row for BG/NBD, ~25 ms each
// at 1M customers) are independent of each other, and by then the reading worker is idle (its
// spend fit is done). This thread sends it the compressed rows once, before the fit; at the fit's
// end it writes the worker's share of the points into shared memory (a third of what its other
// work leaves: its likelihood runs cold), makes its own share, and waits for the worker's answers
// there. The worker builds the same likelihood from the same rows, so each answer is the one this
// thread would make. When the worker is not ready (still fitting the spend model, or failed) or
// does not answer in time, this thread makes them all.
import { bgnbdLogLikelihood } from './models/bgnbd.ts';
import { evaluateHere, type EvaluateAll, type LogLikelihood } from './models/fit.ts';
import { pnbdLogLikelihood } from './models/pnbd.ts';
import type { CompressedRows } from './models/rows.ts';

export type PurchaseModelName = 'bgnbd' | 'pnbd';

/** The rows to build the likelihood from, and where the points and answers will be. */
export type LikelihoodMessage = {
  kind: 'likelihood';
  model: PurchaseModelName;
  rows: CompressedRows;
  shared: SharedArrayBuffer;
};
/** Points waiting in shared memory: `count` of them, `params` values each. */
export type PointsMessage = { kind: 'points'; count: number; params: number };

// Control words: READY is 1 while the worker has the likelihood and waits for points; DONE is
// 0 while points are pending, 1 once answered, 2 if answering failed.
const READY = 0;
const DONE = 1;
const maxPoints = 16;
const maxParams = 8;
// After the points: each answer's ln L and gradient.
const answersAt = maxPoints * maxParams;

const layout = (shared: SharedArrayBuffer) => ({
  control: new Int32Array(shared, 0, 2),
  values: new Float64Array(shared, 8),
});

/** An evaluateAll that shares its points with the worker once it is ready. */
export type EvaluateBeside = EvaluateAll & {
  /** Whether the worker has the likelihood and waits for points. */
  ready: () => boolean;
  /** Points the worker has answered so far. */
  answeredBeside: () => number;
  /** The worker has about `evaluations` evaluations' worth of other work before the next points. */
  alsoBeside: (evaluations: number) => void;
};

/**
 * This thread's side: tells the worker the rows (every column but rowOf, which the likelihood
 * does not read) and answers the evaluateAll to fit with.
 */
export function evaluateBeside(
  tell: (message: LikelihoodMessage | PointsMessage) => void,
  model: PurchaseModelName,
  rows: CompressedRows,
): EvaluateBeside {
  const shared = new SharedArrayBuffer(8 + 8 * (answersAt + maxPoints * (maxParams + 1)));
  const { control, values } = layout(shared);
  tell({ kind: 'likelihood', model, rows: { ...rows, rowOf: new Int32Array(0) }, shared });
  let answered = 0;
  let busy = 0;
  let late = false;
  const evaluateAll: EvaluateAll = (points, logLik) => {
    const n = points[0]?.length ?? 0;
    // The worker's likelihood runs cold (its evaluations about twice as slow as this thread's:
    // 43 against 21 ms at 1M customers), so it takes a third of the points its other work leaves.
    const share = Math.floor((points.length - busy) / 3);
    busy = 0;
    if (late || share < 1 || points.length > maxPoints || n > maxParams || Atomics.load(control, READY) !== 1)
      return evaluateHere(points, logLik);
    const mine = points.length - share;
    const theirs = points.slice(mine);
    theirs.forEach((point, k) => values.set(point, k * n));
    Atomics.store(control, READY, 0);
    Atomics.store(control, DONE, 0);
    tell({ kind: 'points', count: theirs.length, params: n });
    const started = performance.now();
    const answers = evaluateHere(points.slice(0, mine), logLik);
    // Their share costs about what ours did: past many times that (and a second), make it here.
    Atomics.wait(control, DONE, 0, Math.max(1000, 10 * (performance.now() - started)));
    if (Atomics.load(control, DONE) !== 1) {
      // Late or failed: this thread makes those too, and all from now on (a late answer must not be
      // taken for the next points').
      late = true;
      return [...answers, ...evaluateHere(theirs, logLik)];
    }
    answered += theirs.length;
    return [
      ...answers,
      ...theirs.map((_, k) => {
        const at = answersAt + k * (n + 1);
        return { ll: values[at], grad: values.slice(at + 1, at + 1 + n) };
      }),
    ];
  };
  return Object.assign(evaluateAll, {
    ready: () => Atomics.load(control, READY) === 1,
    answeredBeside: () => answered,
    alsoBeside: (evaluations: number) => void (busy = evaluations),
  });
}

/** The worker's side: builds the likelihood when told the rows, then answers points as they come. */
export function createPointAnswerer() {
  let logLik: LogLikelihood | null = null;
  let shared: ReturnType<typeof layout> | null = null;
  return {
    likelihood(m: LikelihoodMessage) {
      shared = layout(m.shared);
      logLik = m.model === 'bgnbd' ? bgnbdLogLikelihood(m.rows) : pnbdLogLikelihood(m.rows);
      Atomics.store(shared.control, READY, 1);
    },
    points(m: PointsMessage) {
      if (!shared) return;
      const { control, values } = shared;
      let done = 1;
      try {
        const grad = new Float64Array(m.params);
        for (let k = 0; k < m.count; k++) {
          const at = answersAt + k * (m.params + 1);
          values[at] = logLik!(values.slice(k * m.params, (k + 1) * m.params), grad);
          values.set(grad, at + 1);
        }
      } catch {
        done = 2;
      }
      // Ready again before the answers are told: the main thread may ask again once it sees them.
      Atomics.store(control, READY, 1);
      Atomics.store(control, DONE, done);
      Atomics.notify(control, DONE);
    },
  };
}
