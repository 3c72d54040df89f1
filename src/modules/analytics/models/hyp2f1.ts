// Owns the Gauss hypergeometric function 2F1 on 0 ≤ z < 1, in the two shapes the models use:
// - hyp2f1Minus1(a, b; c; z): the plain series, for predictions (moderate z, modest parameters);
// - logHyp2f1A1(a, b; z): ln 2F1(a, b; a + 1; z) with its partial derivatives, for the
//   Pareto/NBD likelihood, where a = r + s + x can be 10,000 and the plain series overflows.
//   It is evaluated after Euler's transformation as a series of positive terms, or by
//   quadrature of Euler's integral when z is close to 1 — never by subtracting large numbers.

export const MAX_SERIES_TERMS = 200_000;

/**
 * Σ_{n≥1} t_n with t_1 = first and t_{n+1} = t_n · (a+n)(b+n) / ((c+n)(n+1)) · z: the tail of the
 * 2F1(a, b; c; z) series for 0 ≤ z < 1, c > 0. A caller that knows a common factor of every term
 * passes t_1 without it (see bgnbd.ts). Capped so it always returns.
 */
export function hypSeriesFrom(a: number, b: number, c: number, z: number, first: number): number {
  if (z === 0 || first === 0) return 0;
  let term = first;
  let sum = first;
  for (let n = 1; n < MAX_SERIES_TERMS; n++) {
    const ratio = (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    term *= ratio;
    sum += term;
    // Past the peak the ratio tends to z, so the tail is below term·ρ/(1 − ρ), ρ = max(|ratio|, z).
    const rho = Math.max(Math.abs(ratio), z);
    if (rho < 1 && (Math.abs(term) * rho) / (1 - rho) <= 1e-17 * Math.abs(sum)) return sum;
    if (term === 0 || !Number.isFinite(sum)) return sum;
  }
  return sum;
}

/** 2F1(a, b; c; z) − 1: keeps precision when it is tiny (callers take log1p of it). */
export const hyp2f1Minus1 = (a: number, b: number, c: number, z: number) =>
  hypSeriesFrom(a, b, c, z, ((a * b) / c) * z);

export const hyp2f1 = (a: number, b: number, c: number, z: number) => 1 + hyp2f1Minus1(a, b, c, z);

/** Above this z the series needs hundreds of terms and quadrature is cheaper. */
export const QUADRATURE_FROM_Z = 0.9;

/**
 * ln 2F1(a, b; a + 1; z) for a > 0, b > 0, 0 ≤ z < 1, and its partial derivatives, written
 * into out = [value, ∂/∂a, ∂/∂b, ∂/∂z].
 */
export function logHyp2f1A1(a: number, b: number, z: number, out: Float64Array): void {
  if (z > QUADRATURE_FROM_Z) logHyp2f1A1Quadrature(a, b, z, out);
  else logHyp2f1A1Series(a, b, z, out);
}

/**
 * Euler: 2F1(a, b; a+1; z) = (1 − z)^(1 − b) · S,  S = Σ_n (u)_n / (v)_n · z^n,  u = a + 1 − b, v = a + 1.
 * With u > 0 every term is positive and the term ratio is below z: no cancellation, no overflow.
 * When u ≤ 0 (b > a + 1, not used by the models) the quadrature path handles it.
 */
export function logHyp2f1A1Series(a: number, b: number, z: number, out: Float64Array): void {
  const u = a + 1 - b;
  const v = a + 1;
  if (!(u > 0)) {
    logHyp2f1A1Quadrature(a, b, z, out);
    return;
  }
  let term = 1;
  let sum = 1;
  let sumDa = 0; // Σ t_n (Σ_{k<n} 1/(u+k) − 1/(v+k))
  let sumDb = 0; // Σ t_n (−Σ_{k<n} 1/(u+k))
  let sumNz = 0; // Σ n t_n
  let du = 0;
  let dv = 0;
  for (let n = 0; n < MAX_SERIES_TERMS; n++) {
    term *= ((u + n) / (v + n)) * z;
    du += 1 / (u + n);
    dv += 1 / (v + n);
    sum += term;
    sumDa += term * (du - dv);
    sumDb -= term * du;
    sumNz += term * (n + 1);
    // Tail of the value below term·z/(1−z); the derivative sums grow at most like n·term.
    if (term * (n + 2) <= 1e-17 * (1 - z) * sum) break;
  }
  const log1mz = Math.log1p(-z);
  out[0] = (1 - b) * log1mz + Math.log(sum);
  out[1] = sumDa / sum;
  out[2] = -log1mz + sumDb / sum;
  out[3] = (b - 1) / (1 - z) + (z > 0 ? sumNz / z / sum : u / v);
}

// Gauss–Legendre nodes and weights on [0, 1], computed once by Newton's method on P_n.
const GL_POINTS = 16;
const glNodes = new Float64Array(GL_POINTS);
const glWeights = new Float64Array(GL_POINTS);
(function computeGaussLegendre() {
  const n = GL_POINTS;
  for (let i = 0; i < n; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    glNodes[i] = (1 - x) / 2;
    glWeights[i] = 1 / ((1 - x * x) * dp * dp);
  }
})();

const MAX_PANELS = 64;
const nodeLog = new Float64Array(MAX_PANELS * GL_POINTS);
const nodeDa = new Float64Array(MAX_PANELS * GL_POINTS);
const nodeDb = new Float64Array(MAX_PANELS * GL_POINTS);
const nodeDz = new Float64Array(MAX_PANELS * GL_POINTS);

/**
 * Euler's integral: 2F1(a, b; a+1; z) = a·J,  J = ∫_0^1 v^(a−1) (1 − z v)^(−b) dv.
 * - On [0, ½] (1 − z v)^(−b) is a tame power series in v, integrated term by term; this also
 *   takes care of the v^(a−1) end-point singularity. Skipped when b is so large that this
 *   piece (< 2^b / a) cannot matter next to the spike at v = 1 (> 10^(b−1) / b for z > 0.9).
 * - On [½, 1], in η = 1 − v, the integrand has a spike at η = 0 of width about
 *   min((1 − z)/(z·b), 1/a): panels start at that width and double, each with 16-point
 *   Gauss–Legendre, summed in log space so a value like 10^10000 does not overflow.
 */
export function logHyp2f1A1Quadrature(a: number, b: number, z: number, out: Float64Array): void {
  if (z === 0) {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    out[3] = b / (a + 1);
    return;
  }
  // [½, 1] by panels in η.
  const gap = (1 - z) / z; // distance from v = 1 to the singularity at v = 1/z
  let width = Math.min(gap / 4, (2 * gap) / Math.max(b, 1), 4 / Math.max(a, 1), 0.5);
  let lo = 0;
  let count = 0;
  let max = -Infinity;
  for (let panel = 0; panel < MAX_PANELS && lo < 0.5; panel++) {
    const hi = panel === MAX_PANELS - 1 ? 0.5 : Math.min(0.5, lo + width);
    const len = hi - lo;
    for (let i = 0; i < GL_POINTS; i++) {
      const eta = lo + len * glNodes[i];
      const v = 1 - eta;
      const lnV = Math.log1p(-eta);
      const oneMinusZv = 1 - z + z * eta;
      const lnOneMinusZv = Math.log(oneMinusZv);
      const logF = (a - 1) * lnV - b * lnOneMinusZv + Math.log(len * glWeights[i]);
      nodeLog[count] = logF;
      nodeDa[count] = lnV;
      nodeDb[count] = -lnOneMinusZv;
      nodeDz[count] = (b * v) / oneMinusZv;
      if (logF > max) max = logF;
      count++;
    }
    lo = hi;
    width *= 2;
  }
  let sum = 0;
  let sumDa = 0;
  let sumDb = 0;
  let sumDz = 0;
  for (let k = 0; k < count; k++) {
    const w = Math.exp(nodeLog[k] - max);
    sum += w;
    sumDa += w * nodeDa[k];
    sumDb += w * nodeDb[k];
    sumDz += w * nodeDz[k];
  }
  // [0, ½] by the series Σ (b)_n z^n / n! · ½^(a+n) / (a+n), scaled by e^(−max).
  if (b <= 700) {
    const lnHalf = -Math.LN2;
    let coef = Math.exp(a * lnHalf - max); // (b)_n z^n ½^(a+n) / n!, scaled
    let dbAcc = 0; // Σ_{k<n} 1/(b+k)
    for (let n = 0; n < MAX_SERIES_TERMS; n++) {
      const term = coef / (a + n);
      sum += term;
      sumDa += term * (lnHalf - 1 / (a + n));
      sumDb += term * dbAcc;
      sumDz += n > 0 ? (term * n) / z : 0;
      const ratio = ((b + n) / (n + 1)) * z * 0.5;
      if (term <= 1e-18 * sum && ratio < 0.75) break;
      if (coef === 0 && n > b) break;
      coef *= ratio;
      dbAcc += 1 / (b + n);
    }
  }
  out[0] = Math.log(a) + max + Math.log(sum);
  out[1] = 1 / a + sumDa / sum;
  out[2] = sumDb / sum;
  out[3] = sumDz / sum;
}
