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
  /** Where Newton starts (e.g. the full-data fit, for cross-validation folds); the result does not depend on it. */
  start?: Pick<LogisticModel, 'intercept' | 'coef'>;
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
  const { X, p } = data;
  const l2 = options.l2 ?? 1;
  if (X.length !== data.y.length * p)
    throw new ModelInputError(
      `X has ${X.length} values; ${data.y.length} rows × ${p} features need ${data.y.length * p}`,
    );
  if (!(l2 >= 0)) throw new ModelInputError(`the L2 penalty must be ≥ 0, got ${l2}`);
  const rows = data.rows ?? Int32Array.from({ length: data.y.length }, (_, i) => i);
  const y = Float64Array.from(data.y);
  const n = rows.length;
  let positives = 0;
  const means = new Float64Array(p);
  for (let k = 0; k < n; k++) {
    const i = rows[k];
    if (y[i] !== 0 && y[i] !== 1) throw new ModelInputError(`row ${i}: the outcome must be 0 or 1, got ${data.y[i]}`);
    positives += y[i];
    for (let j = 0; j < p; j++) means[j] += X[i * p + j];
  }
  if (positives === 0 || positives === n)
    throw new ModelInputError(`the outcome must have both values among the ${n} rows (${positives} are 1)`);
  for (let j = 0; j < p; j++) means[j] /= n;
  const sds = new Float64Array(p);
  for (let k = 0; k < n; k++) {
    const o = rows[k] * p;
    for (let j = 0; j < p; j++) sds[j] += (X[o + j] - means[j]) ** 2;
  }
  for (let j = 0; j < p; j++) sds[j] = Math.sqrt(sds[j] / n);

  // One-hot designs are mostly zeros: counted on (up to) 2,000 rows, over 40 % zeros takes the sparse pass.
  let zeros = 0;
  const probe = Math.min(n, 2000);
  for (let k = 0; k < probe; k++) for (let j = 0; j < p; j++) if (X[rows[k] * p + j] === 0) zeros++;
  const problem: Problem = { X, p, y, means, penalty: new Float64Array(p + 1), sparse: zeros > 0.4 * probe * p };
  for (let j = 0; j < p; j++) problem.penalty[j + 1] = l2 * (sds[j] > 0 ? sds[j] ** 2 : 1);
  // Parameters of the centred problem: [intercept, β1 … βp].
  let start = new Float64Array(p + 1);
  if (options.start) {
    start.set(options.start.coef, 1);
    start[0] = options.start.intercept + options.start.coef.reduce((s, b, j) => s + b * means[j], 0);
  } else {
    start[0] = Math.log(positives / (n - positives));
    // On a large sample most Newton iterations only find the neighbourhood of the optimum: a
    // systematic 1-in-k sample finds it for a fraction of the passes, and the full data finish.
    if (n > 4 * SAMPLE) {
      const every = Math.floor(n / SAMPLE);
      const sample = Int32Array.from({ length: Math.floor(n / every) }, (_, k) => rows[k * every]);
      const warm = newton(problem, sample, start, 20);
      if (warm.beta.every(Number.isFinite)) start = warm.beta;
    }
  }
  const fit = newton(problem, rows, start, options.maxIterations ?? 50);
  const coef = fit.beta.slice(1);
  let intercept = fit.beta[0];
  for (let j = 0; j < p; j++) intercept -= coef[j] * means[j];
  const se = Float64Array.from(coef, (_, j) =>
    fit.covariance ? Math.sqrt(fit.covariance[(j + 1) * (p + 2)]) : Number.NaN,
  );
  return {
    intercept,
    coef,
    se,
    means,
    sds,
    logLikelihood: fit.ll,
    iterations: fit.iterations,
    converged: fit.converged,
    reason: fit.reason,
    rows: n,
    positives,
  };
}

const SAMPLE = 50_000;

type Problem = {
  X: Float64Array;
  p: number;
  y: Float64Array;
  means: Float64Array;
  penalty: Float64Array;
  sparse: boolean;
};

/** Newton's method with step halving on the rows given, from `start` (centred parameters). */
function newton(problem: Problem, rows: Int32Array, start: Float64Array, maxIterations: number) {
  const m = problem.p + 1;
  const beta = Float64Array.from(start);
  const grad = new Float64Array(m);
  const H = new Float64Array(m * m);
  let current = evaluate(problem, rows, beta, grad, H);
  let converged = false;
  let reason = `no convergence in ${maxIterations} iterations`;
  let iterations = 0;
  const step = new Float64Array(m);
  const trial = new Float64Array(m);
  for (; iterations < maxIterations; iterations++) {
    const inv = invertScaled(H, m);
    if (!inv) {
      reason = 'the features are collinear (the Hessian is singular): use a penalty (l2 > 0) or drop a feature';
      break;
    }
    let decrement = 0;
    for (let a = 0; a < m; a++) {
      let s = 0;
      for (let c = 0; c < m; c++) s += inv[a * m + c] * grad[c];
      step[a] = s;
      decrement += s * grad[a];
    }
    // The Newton decrement g·H⁻¹g/2 estimates how far the objective is above its minimum: when it
    // is negligible the step is too, and the point stands (no pass spent confirming it).
    if (decrement / 2 < 1e-10 * Math.max(1, Math.abs(current.objective))) {
      converged = true;
      reason = 'Newton decrement small';
      break;
    }
    // The full step, usually taken, is scored with its derivatives: one pass per iteration.
    // Step halving keeps every iteration a descent (Newton can overshoot far from the optimum).
    for (let a = 0; a < m; a++) trial[a] = beta[a] - step[a];
    const accept = (objective: number) => objective <= current.objective + 1e-12 * Math.abs(current.objective);
    const full = evaluate(problem, rows, trial, grad, H);
    let t = 1;
    if (accept(full.objective)) current = full;
    else {
      for (let h = 0; h < 30; h++) {
        t /= 2;
        for (let a = 0; a < m; a++) trial[a] = beta[a] - t * step[a];
        if (accept(evaluate(problem, rows, trial, null, null).objective)) break;
      }
      current = evaluate(problem, rows, trial, grad, H);
    }
    beta.set(trial);
    if (!beta.every(Number.isFinite)) {
      reason = 'the coefficients are not finite (perfect separation without a penalty?)';
      break;
    }
  }
  return { beta, ll: current.ll, iterations, converged, reason, covariance: invertScaled(H, m) };
}

/** The inverse of a symmetric positive-definite matrix, inverted after scaling it to a unit diagonal (a standardised system). */
function invertScaled(H: Float64Array, m: number): Float64Array | null {
  const scale = Float64Array.from({ length: m }, (_, a) => 1 / Math.sqrt(H[a * m + a]));
  const scaled = H.map((v, k) => v * scale[Math.floor(k / m)] * scale[k % m]);
  const inv = invertSpd(scaled, m);
  return inv && inv.map((v, k) => v * scale[Math.floor(k / m)] * scale[k % m]);
}

/**
 * −LL + penalty at beta over the rows; with grad and H, fills the gradient and the penalised
 * Hessian Σ w x xᵀ + diag(penalty). Rows go four at a time through the Hessian update, which
 * then reads and writes each entry of H once per four rows (half the time of one at a time).
 */
function evaluate(
  problem: Problem,
  rows: Int32Array,
  b: Float64Array,
  grad: Float64Array | null,
  H: Float64Array | null,
): { objective: number; ll: number } {
  if (problem.sparse) return evaluateSparse(problem, rows, b, grad, H);
  const { X, p, y, means } = problem;
  const m = p + 1;
  const n = rows.length;
  const xs = [new Float64Array(m), new Float64Array(m), new Float64Array(m), new Float64Array(m)];
  const ws = new Float64Array(4);
  if (grad && H) {
    grad.fill(0);
    H.fill(0);
  }
  let ll = 0;
  for (let k0 = 0; k0 < n; k0 += 4) {
    for (let r = 0; r < 4; r++) {
      const xc = xs[r];
      if (k0 + r >= n) {
        ws[r] = 0;
        continue;
      }
      const i = rows[k0 + r];
      const o = i * p;
      let eta = b[0];
      xc[0] = 1;
      for (let j = 0; j < p; j++) {
        const v = X[o + j] - means[j];
        xc[j + 1] = v;
        eta += b[j + 1] * v;
      }
      // ln(1 + e^η) without overflow.
      const log1pExp = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
      ll += y[i] * eta - log1pExp;
      if (!grad) continue;
      const mu = Math.exp(eta - log1pExp);
      const residual = mu - y[i];
      for (let a = 0; a < m; a++) grad[a] += residual * xc[a];
      ws[r] = mu * (1 - mu);
    }
    if (!H) continue;
    const [x0, x1, x2, x3] = xs;
    const w0 = ws[0];
    const w1 = ws[1];
    const w2 = ws[2];
    const w3 = ws[3];
    for (let a = 0; a < m; a++) {
      const a0 = w0 * x0[a];
      const a1 = w1 * x1[a];
      const a2 = w2 * x2[a];
      const a3 = w3 * x3[a];
      const row = a * m;
      for (let c = a; c < m; c++) H[row + c] += a0 * x0[c] + a1 * x1[c] + a2 * x2[c] + a3 * x3[c];
    }
  }
  return addPenalty(problem, b, ll, grad, H);
}

function addPenalty(
  { p, penalty }: Problem,
  b: Float64Array,
  ll: number,
  grad: Float64Array | null,
  H: Float64Array | null,
): { objective: number; ll: number } {
  const m = p + 1;
  let pen = 0;
  for (let a = 1; a < m; a++) pen += 0.5 * penalty[a] * b[a] * b[a];
  if (grad && H) {
    for (let a = 0; a < m; a++) {
      grad[a] += penalty[a] * b[a];
      H[a * m + a] += penalty[a];
      for (let c = 0; c < a; c++) H[a * m + c] = H[c * m + a];
    }
  }
  return { objective: -ll + pen, ll };
}

/**
 * The same for mostly-zero rows: sums over each row's non-zero features only, uncentred —
 * S = Σ w x xᵀ with x₀ = 1, so S's first row is v = Σ w x and S₀₀ = s = Σ w — then centred at
 * the end, Σ w (x−m)(x−m)ᵀ = S − m vᵀ − v mᵀ + s m mᵀ (m₀ = 0), likewise the gradient. With a
 * one-hot design that is about a quarter of the multiplications of the dense pass.
 */
function evaluateSparse(
  problem: Problem,
  rows: Int32Array,
  b: Float64Array,
  grad: Float64Array | null,
  H: Float64Array | null,
): { objective: number; ll: number } {
  const { X, p, y, means } = problem;
  const m = p + 1;
  const n = rows.length;
  const index = new Int32Array(m);
  const value = new Float64Array(m);
  // The centred model's linear predictor is b₀ + Σ bⱼ xⱼ − Σ bⱼ mⱼ.
  let shift = b[0];
  for (let j = 0; j < p; j++) shift -= b[j + 1] * means[j];
  if (grad && H) {
    grad.fill(0);
    H.fill(0);
  }
  let ll = 0;
  for (let k = 0; k < n; k++) {
    const i = rows[k];
    const o = i * p;
    let nnz = 1;
    index[0] = 0;
    value[0] = 1;
    let eta = shift;
    for (let j = 0; j < p; j++) {
      const v = X[o + j];
      if (v === 0) continue;
      index[nnz] = j + 1;
      value[nnz++] = v;
      eta += b[j + 1] * v;
    }
    const log1pExp = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
    ll += y[i] * eta - log1pExp;
    if (!grad || !H) continue;
    const mu = Math.exp(eta - log1pExp);
    const residual = mu - y[i];
    const w = mu * (1 - mu);
    for (let u = 0; u < nnz; u++) {
      const a = index[u];
      grad[a] += residual * value[u];
      const wa = w * value[u];
      const row = a * m;
      for (let t = u; t < nnz; t++) H[row + index[t]] += wa * value[t];
    }
  }
  if (grad && H) {
    // Centre: the gradient's Σ r (x − m) and the Hessian's S − m vᵀ − v mᵀ + s m mᵀ (upper triangle).
    const rSum = grad[0];
    for (let j = 1; j < m; j++) grad[j] -= means[j - 1] * rSum;
    const s = H[0];
    const v = H.slice(0, m);
    const mean = (a: number) => (a === 0 ? 0 : means[a - 1]);
    for (let a = 0; a < m; a++)
      for (let c = a; c < m; c++) H[a * m + c] += -mean(a) * v[c] - v[a] * mean(c) + s * mean(a) * mean(c);
  }
  return addPenalty(problem, b, ll, grad, H);
}

/** P(y = 1) for each of `rows` (default all) of a row-major X. */
export function predictLogistic(
  model: Pick<LogisticModel, 'intercept' | 'coef'>,
  X: Float64Array,
  rows?: Int32Array,
): Float64Array {
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
export function topDrivers(
  contribution: Float64Array,
  names: readonly string[],
  k = 3,
): { name: string; contribution: number }[] {
  const sums = new Map<string, number>();
  contribution.forEach((c, j) => sums.set(names[j], (sums.get(names[j]) ?? 0) + c));
  return [...sums]
    .filter(([, c]) => c > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([name, c]) => ({ name, contribution: c }));
}
