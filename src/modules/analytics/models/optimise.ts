// Owns unconstrained minimisation (BFGS with a strong-Wolfe line search, Nocedal & Wright
// algorithms 3.5/3.6 and 6.1) and the numeric Hessian used for standard errors. The models
// minimise the mean negative log-likelihood over log-parameters, so every point is valid.

/** Writes ∇f(θ) into grad and returns f(θ); may return NaN/Infinity for a point it cannot score. */
export type Objective = (theta: Float64Array, grad: Float64Array) => number;

export type MinimiseOptions = {
  maxIterations?: number;
  /** Converged when max |∂f/∂θ| ≤ gradientTolerance. */
  gradientTolerance?: number;
  /** Largest move of any coordinate in one iteration (log scale: 5 = a factor of 148). */
  maxStep?: number;
  /**
   * A starting inverse Hessian (row-major n×n, positive definite), e.g. from a fit of a sample of
   * the same data: the first step is then a Newton step at full length instead of a probe.
   */
  inverseHessian?: ArrayLike<number>;
};

export type MinimiseResult = {
  theta: Float64Array;
  value: number;
  gradient: Float64Array;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** Why it stopped: 'gradient small', or what went wrong. */
  reason: string;
};

const C1 = 1e-4;
const C2 = 0.9;

export function minimise(f: Objective, start: ArrayLike<number>, options: MinimiseOptions = {}): MinimiseResult {
  const n = start.length;
  const maxIterations = options.maxIterations ?? 500;
  const gtol = options.gradientTolerance ?? 1e-9;
  const maxStep = options.maxStep ?? 5;
  let evaluations = 0;
  const evaluate = (x: Float64Array, g: Float64Array) => {
    evaluations++;
    const v = f(x, g);
    return Number.isFinite(v) && g.every(Number.isFinite) ? v : Number.NaN;
  };

  const x = Float64Array.from(start);
  const g = new Float64Array(n);
  let fx = evaluate(x, g);
  const result = (iterations: number, converged: boolean, reason: string): MinimiseResult => ({
    theta: x,
    value: fx,
    gradient: g,
    iterations,
    evaluations,
    converged,
    reason,
  });
  if (Number.isNaN(fx)) return result(0, false, 'the objective is not finite at the starting point');

  const H = options.inverseHessian ? Float64Array.from(options.inverseHessian) : identity(n); // inverse Hessian approximation
  const p = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const Hy = new Float64Array(n);
  let firstStep = !options.inverseHessian;

  for (let iter = 0; iter < maxIterations; iter++) {
    if (maxAbs(g) <= gtol) return result(iter, true, 'gradient small');
    // p = −H g; fall back to steepest descent if H lost positive definiteness.
    matVec(H, g, p);
    for (let i = 0; i < n; i++) p[i] = -p[i];
    let slope = dot(p, g);
    if (!(slope < 0)) {
      resetIdentity(H);
      for (let i = 0; i < n; i++) p[i] = -g[i];
      slope = dot(p, g);
    }
    const longest = maxAbs(p);
    let alpha0 = firstStep ? Math.min(1, 1 / longest) : 1;
    if (alpha0 * longest > maxStep) alpha0 = maxStep / longest;

    const ls = lineSearch(evaluate, x, fx, slope, p, alpha0, xNew, gNew, Math.max(gtol, 0.1 * maxAbs(g)));
    if (!ls.ok) {
      // A line search that cannot improve at a tiny gradient is the limit of double precision.
      if (maxAbs(g) <= Math.sqrt(gtol)) return result(iter, true, 'gradient small (precision limit)');
      if (!firstStep) {
        resetIdentity(H);
        firstStep = true;
        continue;
      }
      return result(iter, false, 'line search failed to find a better point');
    }
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
      x[i] = xNew[i];
      g[i] = gNew[i];
    }
    const fPrev = fx;
    fx = ls.value;
    const sy = dot(s, y);
    if (sy > 1e-300) {
      if (firstStep) {
        // Scale the first inverse Hessian to the observed curvature (N&W eq. 6.20).
        const scale = sy / dot(y, y);
        resetIdentity(H, scale);
      }
      bfgsUpdate(H, s, y, sy, Hy);
    }
    firstStep = false;
    if (maxAbs(g) <= gtol) return result(iter + 1, true, 'gradient small');
    if (Math.abs(fPrev - fx) <= 1e-16 * Math.max(1, Math.abs(fx)) && maxAbs(g) <= Math.sqrt(gtol))
      return result(iter + 1, true, 'gradient small (precision limit)');
  }
  return result(
    maxIterations,
    false,
    `no convergence in ${maxIterations} iterations (largest gradient ${maxAbs(g).toExponential(2)})`,
  );
}

type Evaluate = (x: Float64Array, g: Float64Array) => number;

/** Strong-Wolfe line search along p from x; writes the accepted point and gradient into xOut/gOut. */
function lineSearch(
  evaluate: Evaluate,
  x: Float64Array,
  f0: number,
  slope0: number,
  p: Float64Array,
  alpha1: number,
  xOut: Float64Array,
  gOut: Float64Array,
  /** The largest gradient a flat point may have to be taken. */
  gtol: number,
): { ok: boolean; value: number } {
  const n = x.length;
  // Near the optimum f is flat to rounding (a sum of a million terms is good to ~1e-12 relative)
  // and cannot tell two points apart; the gradient still can. A point that does not rise beyond
  // rounding and has cut the largest gradient tenfold (or met the tolerance) is taken as is:
  // measured, the Wolfe tests otherwise zoomed twenty evaluations into rounding noise at a
  // gradient of 1.5e-9 against a 1e-9 tolerance.
  const flat = 1e-11 * Math.max(1, Math.abs(f0));
  const at = (alpha: number) => {
    for (let i = 0; i < n; i++) xOut[i] = x[i] + alpha * p[i];
    const v = evaluate(xOut, gOut);
    const done = !Number.isNaN(v) && v <= f0 + flat && maxAbs(gOut) <= gtol;
    return { v, d: Number.isNaN(v) ? Number.NaN : dot(gOut, p), done };
  };
  let alphaPrev = 0;
  let fPrev = f0;
  let dPrev = slope0;
  let alpha = alpha1;
  for (let i = 0; i < 30; i++) {
    const { v, d, done } = at(alpha);
    if (done) return { ok: true, value: v };
    if (Number.isNaN(v)) {
      // Outside where the objective can be scored: step back towards the last good point.
      alpha = alphaPrev + (alpha - alphaPrev) * 0.25;
      continue;
    }
    if (v > f0 + C1 * alpha * slope0 || (i > 0 && v >= fPrev))
      return zoom(p, at, f0, slope0, alphaPrev, fPrev, dPrev, alpha, v, d);
    if (Math.abs(d) <= -C2 * slope0) return { ok: true, value: v };
    if (d >= 0) return zoom(p, at, f0, slope0, alpha, v, d, alphaPrev, fPrev, dPrev);
    alphaPrev = alpha;
    fPrev = v;
    dPrev = d;
    alpha *= 2;
  }
  return { ok: false, value: f0 };
}

function zoom(
  p: Float64Array,
  at: (alpha: number) => { v: number; d: number; done: boolean },
  f0: number,
  slope0: number,
  aLo: number,
  fLo: number,
  dLo: number,
  aHi: number,
  fHi: number,
  dHi: number,
): { ok: boolean; value: number } {
  for (let i = 0; i < 40; i++) {
    const alpha = cubicMinimiser(aLo, fLo, dLo, aHi, fHi, dHi);
    const { v, d, done } = at(alpha);
    if (done) return { ok: true, value: v };
    if (Number.isNaN(v) || v > f0 + C1 * alpha * slope0 || v >= fLo) {
      aHi = alpha;
      fHi = Number.isNaN(v) ? Infinity : v;
      dHi = d;
    } else {
      if (Math.abs(d) <= -C2 * slope0) return { ok: true, value: v };
      if (d * (aHi - aLo) >= 0) {
        aHi = aLo;
        fHi = fLo;
        dHi = dLo;
      }
      aLo = alpha;
      fLo = v;
      dLo = d;
    }
    if (Math.abs(aHi - aLo) * maxAbs(p) < 1e-12) break;
  }
  // Accept the best point found if it decreased f at all (sufficient for BFGS in practice).
  if (aLo > 0 && fLo < f0) {
    const { v } = at(aLo);
    return { ok: !Number.isNaN(v), value: v };
  }
  return { ok: false, value: f0 };
}

/** Minimiser of the cubic through two points with slopes, kept inside the bracket; bisection as a fallback. */
function cubicMinimiser(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const mid = (a + b) / 2;
  if (!Number.isFinite(fb) || !Number.isFinite(db)) return a + (b - a) * 0.25;
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  if (disc < 0) return mid;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  const t = b - (b - a) * ((db + d2 - d1) / (db - da + 2 * d2));
  const margin = 0.1 * (hi - lo);
  if (!Number.isFinite(t) || t < lo + margin || t > hi - margin) return mid;
  return t;
}

/**
 * Hessian of f at θ by central differences of the analytic gradient (2n gradients, step 1e-4 on
 * the log scale), symmetrised; row-major n×n. At an optimum, whose gradient is known, a fit uses
 * forward differences from it instead (forwardPoints, forwardHessian).
 */
export function numericHessian(f: Objective, theta: ArrayLike<number>, o: { h?: number } = {}): Float64Array {
  const n = theta.length;
  const gradientAt = (at: Float64Array) => {
    const g = new Float64Array(n);
    f(at, g);
    return g;
  };
  const H = new Float64Array(n * n);
  const x = Float64Array.from(theta);
  const h = o.h ?? 1e-4;
  for (let j = 0; j < n; j++) {
    const orig = x[j];
    x[j] = orig + h;
    const gPlus = gradientAt(x);
    x[j] = orig - h;
    const gMinus = gradientAt(x);
    x[j] = orig;
    for (let i = 0; i < n; i++) H[i * n + j] = (gPlus[i] - gMinus[i]) / (2 * h);
  }
  return symmetrise(H, n);
}

/**
 * The points θ + h·e_j, one for each j, whose gradients make a forward-difference Hessian (n
 * gradients instead of central differences' 2n). At an optimum the gradient is known, and a
 * likelihood over a million customers costs ~20 ms a gradient; forward differences are good to
 * ~1e-5 relative there (truncation h/2·f‴; rounding 1e-13/h), far inside what a standard error means.
 */
export function forwardPoints(theta: ArrayLike<number>, h = 1e-5): Float64Array[] {
  return Array.from({ length: theta.length }, (_, j) => {
    const x = Float64Array.from(theta);
    x[j] += h;
    return x;
  });
}

/** The Hessian from the gradients at forwardPoints(θ, h), in order, and the gradient at θ. */
export function forwardHessian(gradients: ArrayLike<number>[], gradient: ArrayLike<number>, h = 1e-5): Float64Array {
  const n = gradient.length;
  const H = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) H[i * n + j] = (gradients[j][i] - gradient[i]) / h;
  return symmetrise(H, n);
}

function symmetrise(H: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const m = (H[i * n + j] + H[j * n + i]) / 2;
      H[i * n + j] = m;
      H[j * n + i] = m;
    }
  return H;
}

/** Inverse of a symmetric positive-definite matrix by Cholesky; null if it is not positive definite. */
export function invertSpd(A: Float64Array, n: number): Float64Array | null {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i * n + j];
      for (let k = 0; k < j; k++) sum -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(sum > 0)) return null;
        L[i * n + i] = Math.sqrt(sum);
      } else L[i * n + j] = sum / L[j * n + j];
    }
  }
  // Invert L, then A⁻¹ = L⁻ᵀ L⁻¹.
  const Li = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    Li[i * n + i] = 1 / L[i * n + i];
    for (let j = 0; j < i; j++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= L[i * n + k] * Li[k * n + j];
      Li[i * n + j] = sum / L[i * n + i];
    }
  }
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = Math.max(i, j); k < n; k++) sum += Li[k * n + i] * Li[k * n + j];
      inv[i * n + j] = sum;
    }
  return inv;
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  resetIdentity(m);
  return m;
}

function resetIdentity(m: Float64Array, scale = 1) {
  const n = Math.round(Math.sqrt(m.length));
  m.fill(0);
  for (let i = 0; i < n; i++) m[i * n + i] = scale;
}

function matVec(m: Float64Array, v: Float64Array, out: Float64Array) {
  const n = v.length;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += m[i * n + j] * v[j];
    out[i] = sum;
  }
}

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1/(yᵀs). */
function bfgsUpdate(H: Float64Array, s: Float64Array, y: Float64Array, sy: number, Hy: Float64Array) {
  const n = s.length;
  const rho = 1 / sy;
  matVec(H, y, Hy);
  const yHy = dot(y, Hy);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) H[i * n + j] += rho * ((1 + rho * yHy) * s[i] * s[j] - Hy[i] * s[j] - s[i] * Hy[j]);
}

const dot = (a: Float64Array, b: Float64Array) => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
};

const maxAbs = (v: Float64Array) => {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
};
