// Owns uplift modelling with two models (the "T-learner"): one L2-regularised logistic regression
// fitted on the treated rows and one on the control rows (logistic.ts's fit), the predicted uplift
// of a row being P(y = 1 | x, treated) − P(y = 1 | x, control). Its worth is judged by the Qini
// curve (Radcliffe 2007, "Using control groups to target on predicted lift"): rows sorted by
// predicted uplift, best first; after the first k,
//   Q(k) = R_t(k) − R_c(k) · N_t(k) / N_c(k)
// the responders among the treated minus the control's responders scaled to as many treated rows —
// the incremental responders had only those k been treated. Random targeting is the straight line
// from (0, 0) to (1, Q(n)); the Qini coefficient is the area between the curve and that line.
// Scores come from k held-out folds (seeded, stratified by arm × outcome), so the curve judges
// predictions on rows the models did not see.
import type { Rng } from '../../../lib/random.ts';
import { fitLogistic, type LogisticModel, predictLogistic } from './logistic.ts';
import { ModelInputError } from './rows.ts';

export type UpliftData = {
  /** Row-major, n × p. */
  X: Float64Array;
  p: number;
  /** 1 treated, 0 control, per row. */
  treated: ArrayLike<number>;
  /** The 0/1 outcome per row. */
  y: ArrayLike<number>;
};

export type TLearner = { treated: LogisticModel; control: LogisticModel };

export type QiniPoint = { fraction: number; gain: number; random: number };
export type QiniCurve = {
  /** Gains are incremental responders per row of the whole population, so curves of different sizes compare. */
  points: QiniPoint[];
  /** ∫₀¹ gain: the area under the Qini curve. */
  area: number;
  /** ∫₀¹ random: Q(n)/(2n), the area under random targeting. */
  randomArea: number;
  /** area − randomArea: Radcliffe's Qini coefficient (0 for targeting no better than random). */
  qini: number;
};

function check(data: UpliftData) {
  const n = data.y.length;
  if (data.treated.length !== n) throw new ModelInputError(`${data.treated.length} arm flags for ${n} outcomes`);
  if (data.X.length !== n * data.p) throw new ModelInputError(`X has ${data.X.length} values; ${n} × ${data.p} needed`);
  for (let i = 0; i < n; i++)
    if (data.treated[i] !== 0 && data.treated[i] !== 1)
      throw new ModelInputError(`row ${i}: the arm flag must be 0 or 1, got ${data.treated[i]}`);
}

/** Fits the treated and the control model on `rows` (default all). */
export function fitTLearner(data: UpliftData, options: { l2?: number; rows?: Int32Array } = {}): TLearner {
  check(data);
  const rows = options.rows ?? Int32Array.from({ length: data.y.length }, (_, i) => i);
  const pick = (value: number) => rows.filter((i) => data.treated[i] === value);
  const fit = (subset: Int32Array, arm: string) => {
    try {
      return fitLogistic({ X: data.X, p: data.p, y: data.y, rows: subset }, { l2: options.l2 ?? 1 });
    } catch (err) {
      if (err instanceof ModelInputError) throw new ModelInputError(`the ${arm} model: ${err.message}`);
      throw err;
    }
  };
  return { treated: fit(pick(1), 'treated'), control: fit(pick(0), 'control') };
}

/** Predicted uplift (and both probabilities) of each row of X. */
export function predictUplift(model: TLearner, X: Float64Array, rows?: Int32Array) {
  const pt = predictLogistic(model.treated, X, rows);
  const pc = predictLogistic(model.control, X, rows);
  return { uplift: pt.map((v, i) => v - pc[i]), pTreated: pt, pControl: pc };
}

/**
 * The Qini curve of `scores` (higher = target first) at `points + 1` evenly spaced fractions of
 * the rows (ties in score are cut where the fraction falls; with continuous scores that is rare).
 */
export function qiniCurve(
  scores: ArrayLike<number>,
  treated: ArrayLike<number>,
  y: ArrayLike<number>,
  points = 100,
): QiniCurve {
  const n = scores.length;
  if (n === 0) throw new ModelInputError('no rows to draw a Qini curve from');
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  // Q after each k rows, 0 ≤ k ≤ n.
  const q = new Float64Array(n + 1);
  let nt = 0;
  let nc = 0;
  let rt = 0;
  let rc = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (treated[i] === 1) {
      nt++;
      rt += y[i];
    } else {
      nc++;
      rc += y[i];
    }
    q[k + 1] = rt - (nc > 0 ? (rc * nt) / nc : 0);
  }
  const total = q[n] / n;
  const out: QiniPoint[] = [];
  for (let s = 0; s <= points; s++) {
    const fraction = s / points;
    out.push({ fraction, gain: q[Math.round(fraction * n)] / n, random: fraction * total });
  }
  // Trapezoids over every row (not only the drawn points), so the area does not depend on `points`.
  let area = 0;
  for (let k = 1; k <= n; k++) area += (q[k - 1] + q[k]) / 2;
  area /= n * n;
  const randomArea = total / 2;
  return { points: out, area, randomArea, qini: area - randomArea };
}

/** Fold 0..k−1 per row, each fold holding the same share of each arm × outcome stratum (to within one row). */
export function upliftFolds(treated: ArrayLike<number>, y: ArrayLike<number>, k: number, rng: Rng): Int32Array {
  if (!(Number.isInteger(k) && k >= 2)) throw new ModelInputError(`need at least 2 folds, got ${k}`);
  const fold = new Int32Array(y.length);
  let dealt = 0;
  for (const [t, v] of [
    [1, 1],
    [1, 0],
    [0, 1],
    [0, 0],
  ]) {
    const idx: number[] = [];
    for (let i = 0; i < y.length; i++) if (treated[i] === t && y[i] === v) idx.push(i);
    if (idx.length < k)
      throw new ModelInputError(
        `${k} folds need at least ${k} ${t ? 'treated' : 'control'} rows with outcome ${v}; there are ${idx.length}`,
      );
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    for (const i of idx) fold[i] = dealt++ % k;
  }
  return fold;
}

export type UpliftEvaluation = {
  /** Held-out predicted uplift per row (each from the models fitted without its fold). */
  heldOut: Float64Array;
  curve: QiniCurve;
  /** Both models refitted on every row: the scores to target with. */
  model: TLearner;
  folds: number;
};

/** k-fold held-out Qini of the T-learner, then the models fitted on all rows. */
export function evaluateTLearner(
  data: UpliftData,
  options: { folds?: number; rng: Rng; l2?: number; points?: number },
): UpliftEvaluation {
  check(data);
  const k = options.folds ?? 5;
  const fold = upliftFolds(data.treated, data.y, k, options.rng);
  const heldOut = new Float64Array(data.y.length);
  for (let f = 0; f < k; f++) {
    const train = Int32Array.from(fold.keys()).filter((i) => fold[i] !== f);
    const test = Int32Array.from(fold.keys()).filter((i) => fold[i] === f);
    const model = fitTLearner(data, { l2: options.l2, rows: train });
    const { uplift } = predictUplift(model, data.X, test);
    test.forEach((i, r) => (heldOut[i] = uplift[r]));
  }
  return {
    heldOut,
    curve: qiniCurve(heldOut, data.treated, data.y, options.points),
    model: fitTLearner(data, { l2: options.l2 }),
    folds: k,
  };
}
