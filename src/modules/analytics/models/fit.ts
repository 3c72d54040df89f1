// Owns maximum-likelihood fitting shared by every model: BFGS on log-parameters from one or
// more starting points, standard errors from the numeric Hessian (delta method back to the
// natural scale), and an honest convergence verdict.
import {
  forwardHessian,
  forwardPoints,
  invertSpd,
  minimise,
  type MinimiseResult,
  numericHessian,
  type Objective,
} from './optimise.ts';
import { type CompressedRows, sampleRows } from './rows.ts';

/** Total log-likelihood at natural-scale params; writes ∂LL/∂(log param) into grad. */
export type LogLikelihood = (params: Float64Array, grad: Float64Array) => number;

export type FitOptions = {
  /** Starting points on the natural scale (each with every parameter); defaults per model. */
  starts?: number[][];
  maxIterations?: number;
  /** How the fit's last evaluations, independent of each other, are made (default: here, in order). */
  evaluateAll?: EvaluateAll;
  /** Told the parameters as soon as the optimiser stops, before those last evaluations. */
  atOptimum?: (params: Record<string, number>) => void;
};

/** ln L and its gradient at a point. */
export type Evaluation = { ll: number; grad: Float64Array };

/**
 * logLik at each of several natural-scale points, answered in order. A caller may spread them
 * over threads; each answer must be exactly what logLik answers there.
 */
export type EvaluateAll = (points: Float64Array[], logLik: LogLikelihood) => Evaluation[];

export const evaluateHere: EvaluateAll = (points, logLik) =>
  points.map((point) => {
    const grad = new Float64Array(point.length);
    return { ll: logLik(point, grad), grad };
  });

export type FitReport<P extends string> = {
  params: Record<P, number>;
  /** Standard errors on the natural scale; null when the Hessian is not positive definite. */
  standardErrors: Record<P, number> | null;
  logLikelihood: number;
  converged: boolean;
  /** Why the optimiser stopped, or what makes the result doubtful. */
  reason: string;
  iterations: number;
  evaluations: number;
};

/** Beyond e^±30 a parameter is running off to 0 or ∞: the data do not identify it. */
const LOG_PARAM_LIMIT = 30;

/** A likelihood over a sample of the same data (its weight is the customers it covers). */
export type SampleLikelihood = { logLik: LogLikelihood; weight: number };

/** A purchase model's likelihood over a sample of its rows (`sampleRows`); null when too few to sample. */
export function sampleLikelihood(
  rows: CompressedRows,
  likelihood: (rows: CompressedRows) => LogLikelihood,
): SampleLikelihood | null {
  const sample = sampleRows(rows);
  return sample && { logLik: likelihood(sample), weight: sample.customers };
}

export type LikelihoodShape<P extends string> = {
  /**
   * Pairs of parameters whose joint growth is a limit of the model rather than a point of it (a
   * gamma or beta mixing distribution that becomes a point mass as both its parameters grow at a
   * fixed ratio). When the likelihood does not fall as both grow tenfold, the maximum lies at
   * infinity: the optimiser stopped on a flat ridge, possibly with a small gradient and a
   * positive-definite Hessian, far out (a ≈ 1e7), where predictions overflow. Such a fit is not
   * converged.
   */
  ridges?: readonly (readonly [P, P])[];
  /** A cheap sample of the data to find the way from the starts on (see `fromSample`). */
  sample?: SampleLikelihood | null;
};

/** Minimising the mean negative log-likelihood makes the gradient tolerance mean the same at any size. */
function meanNegative(logLik: LogLikelihood, weight: number, n: number): Objective {
  const params = new Float64Array(n);
  return (theta, grad) => {
    for (let i = 0; i < n; i++) params[i] = Math.exp(theta[i]);
    const ll = logLik(params, grad);
    for (let i = 0; i < n; i++) grad[i] = -grad[i] / weight;
    return -ll / weight;
  };
}

/**
 * The fit of the whole data started where a sample's fit ended, with the sample's inverse Hessian
 * as BFGS's first: the sample (about 32,768 weighted rows) takes the twenty-odd iterations from
 * the starting point, and the whole data the last few Newton-like steps (measured at 1M customers:
 * BG/NBD 24 evaluations over every row → 6, Pareto/NBD 28 → 7, the same optimum to ~2e-8). Null
 * when the sample's fit or the finish does not converge: the caller then fits from the starts.
 */
function fromSample(
  objective: Objective,
  sample: Objective,
  starts: number[][],
  maxIterations: number,
): MinimiseResult | null {
  for (const start of starts) {
    const s = minimise(sample, start.map(Math.log), { maxIterations, gradientTolerance: 1e-7 });
    if (!s.converged) continue;
    const inverseHessian = invertSpd(numericHessian(sample, s.theta), s.theta.length);
    if (!inverseHessian) return null;
    const r = minimise(objective, s.theta, { maxIterations, inverseHessian });
    return r.converged ? r : null;
  }
  return null;
}

export function maximiseLikelihood<P extends string>(
  names: readonly P[],
  logLik: LogLikelihood,
  weight: number,
  starts: number[][],
  options: FitOptions,
  shape: LikelihoodShape<P> = {},
): FitReport<P> {
  const n = names.length;
  const ridges = shape.ridges ?? [];
  const objective = meanNegative(logLik, weight, n);
  const maxIterations = options.maxIterations ?? 500;
  for (const start of options.starts ?? starts)
    if (start.length !== n || start.some((v) => !(v > 0))) throw new Error(`a start needs ${n} positive values`);
  // Starts the caller chose are each tried on the whole data.
  let best: MinimiseResult | null =
    shape.sample && !options.starts
      ? fromSample(objective, meanNegative(shape.sample.logLik, shape.sample.weight, n), starts, maxIterations)
      : null;
  if (!best)
    for (const start of options.starts ?? starts) {
      const r = minimise(objective, start.map(Math.log), { maxIterations });
      const better =
        !best || (r.converged && !best.converged) || (r.converged === best.converged && r.value < best.value);
      if (better) best = { ...r, theta: Float64Array.from(r.theta) };
      if (best!.converged && !options.starts) break;
    }
  const result = best!;
  const theta = result.theta;
  const natural = Array.from(theta, Math.exp);
  let converged = result.converged && Number.isFinite(result.value);
  let reason = result.reason;
  const runaway = names.filter((_, i) => Math.abs(theta[i]) > LOG_PARAM_LIMIT);
  if (runaway.length) {
    converged = false;
    reason = `${runaway.join(', ')} ran off towards ${runaway.map((p) => (theta[names.indexOf(p)] > 0 ? '∞' : '0')).join(', ')}: the data do not identify ${runaway.length > 1 ? 'them' : 'it'}`;
  }
  // The ridge checks and the Hessian's gradients: independent evaluations, made together (the
  // caller's evaluateAll may spread them over threads).
  const ridgePoints = converged
    ? ridges.map(([p, q]) => {
        const further = Float64Array.from(natural);
        further[names.indexOf(p)] *= 10;
        further[names.indexOf(q)] *= 10;
        return further;
      })
    : [];
  const hessianPoints = Number.isFinite(result.value) ? forwardPoints(theta) : [];
  const params = Object.fromEntries(names.map((p, i) => [p, natural[i]])) as Record<P, number>;
  options.atOptimum?.(params);
  const answers = (options.evaluateAll ?? evaluateHere)(
    [...ridgePoints, ...hessianPoints.map((at) => at.map(Math.exp))],
    logLik,
  );
  if (converged) {
    const ll = -result.value * weight;
    for (let k = 0; k < ridges.length; k++) {
      const [p, q] = ridges[k];
      // Far out the likelihood is flat to rounding (~1e-9); NaN (cannot be scored there) proves nothing.
      if (answers[k].ll >= ll - 1e-6 * Math.max(1, Math.abs(ll))) {
        converged = false;
        reason = `${p} and ${q} ran off towards ∞ together (the likelihood does not fall when both grow tenfold): the data do not identify them`;
        break;
      }
    }
  }
  let standardErrors: Record<P, number> | null = null;
  if (hessianPoints.length) {
    // The mean negative log-likelihood's gradients (the objective's), as the optimiser saw them.
    const gradients = answers.slice(ridgePoints.length).map(({ grad }) => grad.map((g) => -g / weight));
    const H = forwardHessian(gradients, result.gradient);
    for (let i = 0; i < H.length; i++) H[i] *= weight;
    const cov = invertSpd(H, n);
    if (cov)
      standardErrors = Object.fromEntries(names.map((p, i) => [p, natural[i] * Math.sqrt(cov[i * n + i])])) as Record<
        P,
        number
      >;
    else if (converged) {
      converged = false;
      reason = 'the Hessian at the optimum is not positive definite (flat or saddle likelihood)';
    }
  }
  return {
    params,
    standardErrors,
    logLikelihood: -result.value * weight,
    converged,
    reason,
    iterations: result.iterations,
    evaluations: result.evaluations,
  };
}
