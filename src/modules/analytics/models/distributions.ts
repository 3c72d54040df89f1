// Owns the tail probabilities the tests of the churn models report: the regularised incomplete
// gamma function (Numerical Recipes §6.2: its series below a + 1, Lentz's continued fraction
// above), and through it the chi-square and two-sided normal p-values; the regularised incomplete
// beta function (§6.4) for Student's t; and the quantiles the intervals and sample sizes need,
// found by bisection on those distribution functions. Hand-written for the same
// reason as special.ts: a few lines of textbook numerics, checked against reference values.
import { lbeta, lgamma } from './special.ts';

const EPS = 1e-16;
const TINY = 1e-300;

/** Q(a, x) = Γ(a, x)/Γ(a), the upper regularised incomplete gamma function, for a > 0, x ≥ 0. */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return Number.NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const logPrefix = a * Math.log(x) - x - lgamma(a);
  if (x < a + 1) {
    // P(a, x) = e^(−x) x^a / Γ(a+1) · Σ x^n / ((a+1)…(a+n)); Q = 1 − P.
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    return 1 - sum * Math.exp(logPrefix);
  }
  // Q(a, x) = e^(−x) x^a / Γ(a) · 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− …))), modified Lentz.
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(logPrefix) * h;
}

/** P(X² > x) for a chi-square with df degrees of freedom. */
export const chiSquareSf = (x: number, df: number) => (x <= 0 ? 1 : gammaQ(df / 2, x / 2));

/** P(|Z| > |z|) for a standard normal Z (a Wald test's p-value): Z² is chi-square with 1 df. */
export const normalTwoSided = (z: number) => gammaQ(0.5, (z * z) / 2);

/** The 97.5 % point of the standard normal: 95 % intervals are estimate ± Z95 · SE. */
export const Z95 = 1.959963984540054;

/** Φ(z), the standard normal distribution function. */
export const normalCdf = (z: number) => (z >= 0 ? 1 - normalTwoSided(z) / 2 : normalTwoSided(z) / 2);

/** Continued fraction of I_x(a, b) (Numerical Recipes §6.4), modified Lentz. */
function betaFraction(a: number, b: number, x: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** I_x(a, b), the regularised incomplete beta function, for a, b > 0 and 0 ≤ x ≤ 1. */
export function betaRegularised(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1)) return Number.NaN;
  if (x === 0 || x === 1) return x;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - lbeta(a, b));
  // The fraction converges fast for x < (a + 1)/(a + b + 2); beyond it use I_x(a, b) = 1 − I_{1−x}(b, a).
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** P(|T| > |t|) for Student's t with df > 0 degrees of freedom (a t-test's two-sided p-value). */
export function studentTTwoSided(t: number, df: number): number {
  if (!(df > 0) || Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return betaRegularised(df / (df + t * t), df / 2, 0.5);
}

/** The x with f(x) = target for an increasing f, by bisection after widening the bracket upwards. */
function solveIncreasing(f: (x: number) => number, target: number, lo: number, hi: number): number {
  while (f(hi) < target && hi < 1e300) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(hi)); i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The p-quantile of the standard normal, 0 < p < 1 (solved on the smaller tail, so small p keep their precision). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return Number.NaN;
  if (p > 0.5) return -normalQuantile(1 - p);
  return -solveIncreasing((z) => -normalTwoSided(z) / 2, -p, 0, 10);
}

/** The p-quantile of Student's t with df > 0 degrees of freedom, 0 < p < 1. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return Number.NaN;
  if (p > 0.5) return -studentTQuantile(1 - p, df);
  return -solveIncreasing((t) => -studentTTwoSided(t, df) / 2, -p, 0, 16);
}
