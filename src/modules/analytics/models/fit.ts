// Owns maximum-likelihood fitting shared by every model: BFGS on log-parameters from one or
// more starting points, standard errors from the numeric Hessian (delta method back to the
// natural scale), and an honest convergence verdict.
import { invertSpd, minimise, numericHessian, type Objective } from './optimise.ts';

/** Total log-likelihood at natural-scale params; writes ∂LL/∂(log param) into grad. */
export type LogLikelihood = (params: Float64Array, grad: Float64Array) => number;

export type FitOptions = {
  /** Starting points on the natural scale (each with every parameter); defaults per model. */
  starts?: number[][];
  maxIterations?: number;
};

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

/**
 * `ridges` are pairs of parameters whose joint growth is a limit of the model rather than a point
 * of it (a gamma or beta mixing distribution that becomes a point mass as both its parameters
 * grow at a fixed ratio). When the likelihood does not fall as both grow tenfold, the maximum
 * lies at infinity: the optimiser stopped on a flat ridge, possibly with a small gradient and a
 * positive-definite Hessian, far out (a ≈ 1e7), where predictions overflow. Such a fit is not
 * converged.
 */
export function maximiseLikelihood<P extends string>(
  names: readonly P[],
  logLik: LogLikelihood,
  weight: number,
  starts: number[][],
  options: FitOptions,
  ridges: readonly (readonly [P, P])[] = [],
): FitReport<P> {
  const n = names.length;
  const params = new Float64Array(n);
  // Minimise the mean negative log-likelihood so the gradient tolerance means the same at any size.
  const objective: Objective = (theta, grad) => {
    for (let i = 0; i < n; i++) params[i] = Math.exp(theta[i]);
    const ll = logLik(params, grad);
    for (let i = 0; i < n; i++) grad[i] = -grad[i] / weight;
    return -ll / weight;
  };
  let best: ReturnType<typeof minimise> | null = null;
  for (const start of options.starts ?? starts) {
    if (start.length !== n || start.some((v) => !(v > 0))) throw new Error(`a start needs ${n} positive values`);
    const r = minimise(objective, start.map(Math.log), { maxIterations: options.maxIterations ?? 500 });
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
  if (converged) {
    const ll = -result.value * weight;
    const scratch = new Float64Array(n);
    for (const [p, q] of ridges) {
      const further = Float64Array.from(natural);
      further[names.indexOf(p)] *= 10;
      further[names.indexOf(q)] *= 10;
      const llFurther = logLik(further, scratch);
      // Far out the likelihood is flat to rounding (~1e-9); NaN (cannot be scored there) proves nothing.
      if (llFurther >= ll - 1e-6 * Math.max(1, Math.abs(ll))) {
        converged = false;
        reason = `${p} and ${q} ran off towards ∞ together (the likelihood does not fall when both grow tenfold): the data do not identify them`;
        break;
      }
    }
  }
  let standardErrors: Record<P, number> | null = null;
  if (Number.isFinite(result.value)) {
    const H = numericHessian(objective, theta);
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
    params: Object.fromEntries(names.map((p, i) => [p, natural[i]])) as Record<P, number>,
    standardErrors,
    logLikelihood: -result.value * weight,
    converged,
    reason,
    iterations: result.iterations,
    evaluations: result.evaluations,
  };
}
