// Owns L2-regularised logistic regression: P(y = 1 | x) = 1 / (1 + e^−(b0 + Σ βj xj)), fitted by
// Newton's method (iteratively reweighted least squares) on
//   −LL(β) + (λ/2) Σj (sj βj)²,
// where sj is feature j's standard deviation: the penalty is that of a fit on standardised
// features (scale-free, so a price in cents and one in euros are shrunk alike) and the intercept
// is not penalised. Features are centred inside the loop, which changes only the intercept and
// keeps the Newton system well conditioned; it is solved after scaling by its diagonal.
// Each iteration is one pass over the rows, O(n·p²); a few passes reach machine precision.
// Also: predictions and per-row contributions βj (xj − x̄j) for "top drivers".
import { invertSpd } from './optimise.ts';
import { ModelInputError } from './rows.ts';

export type LogisticData = {
  /** Row-major, n × p. */
  X: Float64Array;
  p: number;
  /** 0 or 1 per row. */
  y: ArrayLike<number>;
  /** Rows to fit on (e.g. a cross-validation fold's training rows); default all. */
  rows?: Int32Array;
};

export type LogisticOptions = {
  /** λ: the L2 penalty on standardised coefficients. Default 1; 0 is plain maximum likelihood. */
  l2?: number;
  maxIterations?: number;
};

export type LogisticModel = {
  intercept: number;
  /** Per unit of each feature as given (not standardised). */
  coef: Float64Array;
  /** Training means and standard deviations of the features. */
  means: Float64Array;
  sds: Float64Array;
  /**
   * Standard errors of coef from the inverse of the penalised information (the usual ones when
   * l2 = 0); NaN when it is singular.
   */
  se: Float64Array;
  /** Log-likelihood of the training rows (without the penalty). */
  logLikelihood: number;
  iterations: number;
  converged: boolean;
  reason: string;
  rows: number;
  positives: number;
};

export function fitLogistic(data: LogisticData, options: LogisticOptions = {}): LogisticModel {
  const { X, p, y } = data;
  const n = data.rows ? data.rows.length : y.length;
  const rowAt = data.rows ? (k: number) => data.rows![k] : (k: number) => k;
  const l2 = options.l2 ?? 1;
  const maxIterations = options.maxIterations ?? 50;
  if (X.length !== y.length * p) throw new ModelInputError(`X has ${X.length} values; ${y.length} rows × ${p} features need ${y.length * p}`);
  if (!(l2 >= 0)) throw new ModelInputError(`the L2 penalty must be ≥ 0, got ${l2}`);
  let positives = 0;
  const means = new Float64Array(p);
  for (let k = 0; k < n; k++) {
    const i = rowAt(k);
    const yi = y[i];
    if (yi !== 0 && yi !== 1) throw new ModelInputError(`row ${i}: the outcome must be 0 or 1, got ${yi}`);
    positives += yi;
    for (let j = 0; j < p; j++) means[j] += X[i * p + j];
  }
  if (positives === 0 || positives === n) throw new ModelInputError(`the outcome must have both values among the ${n} rows (${positives} are 1)`);
  for (let j = 0; j < p; j++) means[j] /= n;
  const sds = new Float64Array(p);
  for (let k = 0; k < n; k++) {
    const i = rowAt(k);
    for (let j = 0; j < p; j++) sds[j] += (X[i * p + j] - means[j]) ** 2;
  }
  for (let j = 0; j < p; j++) sds[j] = Math.sqrt(sds[j] / n);

  const m = p + 1; // parameter 0 is the intercept (of the centred features)
  const beta = new Float64Array(m);
  beta[0] = Math.log(positives / (n - positives));
  const penalty = new Float64Array(m);
  for (let j = 0; j < p; j++) penalty[j + 1] = l2 * (sds[j] > 0 ? sds[j] ** 2 : 1);
  const grad = new Float64Array(m);
  const H = new Float64Array(m * m);
  const xc = new Float64Array(m);
  xc[0] = 1;

  /** −LL + penalty at beta; fills grad and H (the penalised Hessian) when `withDerivatives`. */
  const evaluate = (b: Float64Array, withDerivatives: boolean): { objective: number; ll: number } => {
    let ll = 0;
    if (withDerivatives) {
      grad.fill(0);
      H.fill(0);
    }
    for (let k = 0; k < n; k++) {
      const i = rowAt(k);
      const o = i * p;
      let eta = b[0];
      for (let j = 0; j < p; j++) {
        const v = X[o + j] - means[j];
        xc[j + 1] = v;
        eta += b[j + 1] * v;
      }
      // ln σ(η) and ln(1 − σ(η)) without overflow.
      const log1pExp = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
      ll += y[i] * eta - log1pExp;
      if (!withDerivatives) continue;
      const mu = Math.exp(eta - log1pExp);
      const r = mu - y[i];
      const w = mu * (1 - mu);
      for (let a = 0; a < m; a++) {
        const wa = w * xc[a];
        grad[a] += r * xc[a];
        const row = a * m;
        for (let c = a; c < m; c++) H[row + c] += wa * xc[c];
      }
    }
    let pen = 0;
    for (let a = 1; a < m; a++) pen += 0.5 * penalty[a] * b[a] * b[a];
    if (withDerivatives) {
      for (let a = 0; a < m; a++) {
        grad[a] += penalty[a] * b[a];
        H[a * m + a] += penalty[a];
        for (let c = 0; c < a; c++) H[a * m + c] = H[c * m + a];
      }
    }
    return { objective: -ll + pen, ll };
  };

  let current = evaluate(beta, true);
  let converged = false;
  let reason = `no convergence in ${maxIterations} iterations`;
  let iterations = 0;
  const step = new Float64Array(m);
  const trial = new Float64Array(m);
  const scaled = new Float64Array(m * m);
  const scale = new Float64Array(m);
  for (; iterations < maxIterations; iterations++) {
    // Newton step H⁻¹ g, with H scaled to unit diagonal first (a standardised system).
    for (let a = 0; a < m; a++) scale[a] = 1 / Math.sqrt(H[a * m + a]);
    for (let a = 0; a < m; a++) for (let c = 0; c < m; c++) scaled[a * m + c] = H[a * m + c] * scale[a] * scale[c];
    const inv = invertSpd(scaled, m);
    if (!inv) {
      reason = 'the features are collinear (the Hessian is singular): use a penalty (l2 > 0) or drop a feature';
      break;
    }
    let decrement = 0;
    for (let a = 0; a < m; a++) {
      let s = 0;
      for (let c = 0; c < m; c++) s += inv[a * m + c] * scale[c] * grad[c];
      step[a] = s * scale[a];
      decrement += step[a] * grad[a];
    }
    // Step halving keeps every iteration a descent (Newton can overshoot far from the optimum).
    // The full step, usually taken, is scored with its derivatives: one pass per iteration.
    let t = 1;
    for (let a = 0; a < m; a++) trial[a] = beta[a] - step[a];
    const full = evaluate(trial, true);
    const accept = (v: { objective: number }) => v.objective <= current.objective + 1e-12 * Math.abs(current.objective);
    if (!accept(full)) {
      for (let h = 0; h < 30; h++) {
        t /= 2;
        for (let a = 0; a < m; a++) trial[a] = beta[a] - t * step[a];
        if (accept(evaluate(trial, false))) break;
      }
      beta.set(trial);
      current = evaluate(beta, true);
    } else {
      beta.set(trial);
      current = full;
    }
    // The Newton decrement g·H⁻¹g/2 bounds the distance to the optimum's objective.
    if (decrement / 2 < 1e-10 * Math.max(1, Math.abs(current.objective)) && t === 1) {
      converged = true;
      reason = 'Newton decrement small';
      iterations++;
      break;
    }
    if (!beta.every(Number.isFinite)) {
      reason = 'the coefficients are not finite (perfect separation without a penalty?)';
      break;
    }
  }
  const coef = beta.slice(1);
  let intercept = beta[0];
  for (let j = 0; j < p; j++) intercept -= coef[j] * means[j];
  for (let a = 0; a < m; a++) scale[a] = 1 / Math.sqrt(H[a * m + a]);
  for (let a = 0; a < m; a++) for (let c = 0; c < m; c++) scaled[a * m + c] = H[a * m + c] * scale[a] * scale[c];
  const cov = invertSpd(scaled, m);
  const se = Float64Array.from(coef, (_, j) => (cov ? Math.sqrt(cov[(j + 1) * m + j + 1]) * scale[j + 1] : Number.NaN));
  return { intercept, coef, se, means, sds, logLikelihood: current.ll, iterations, converged, reason, rows: n, positives };
}

/** P(y = 1) for each of `rows` (default all) of a row-major X. */
export function predictLogistic(model: Pick<LogisticModel, 'intercept' | 'coef'>, X: Float64Array, rows?: Int32Array): Float64Array {
  const p = model.coef.length;
  const n = rows ? rows.length : X.length / p;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const o = (rows ? rows[k] : k) * p;
    let eta = model.intercept;
    for (let j = 0; j < p; j++) eta += model.coef[j] * X[o + j];
    out[k] = eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
  }
  return out;
}

/**
 * Each feature's share of one row's log-odds relative to an average row: βj (xj − x̄j). Positive
 * contributions raise the risk; summed with the log-odds at the means they give the row's.
 */
export function contributions(model: Pick<LogisticModel, 'coef' | 'means'>, x: ArrayLike<number>): Float64Array {
  return Float64Array.from(model.coef, (b, j) => b * (x[j] - model.means[j]));
}

/** The k features (or groups of features, e.g. one categorical's levels) that raise this row's risk most. */
export function topDrivers(contribution: Float64Array, names: readonly string[], k = 3): { name: string; contribution: number }[] {
  const sums = new Map<string, number>();
  contribution.forEach((c, j) => sums.set(names[j], (sums.get(names[j]) ?? 0) + c));
  return [...sums]
    .filter(([, c]) => c > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([name, c]) => ({ name, contribution: c }));
}
