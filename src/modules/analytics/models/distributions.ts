// Owns the tail probabilities the tests of the churn models report: the regularised incomplete
// gamma function (Numerical Recipes §6.2: its series below a + 1, Lentz's continued fraction
// above), and through it the chi-square and two-sided normal p-values. Hand-written for the same
// reason as special.ts: a few lines of textbook numerics, checked against reference values.
import { lgamma } from './special.ts';

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
