// Owns the special functions the value models need, all for real positive arguments:
// log-gamma, digamma and log-space sums (the hypergeometric function is in hyp2f1.ts).
// Hand-written because each is a few lines of textbook numerics and the models call them in
// tight loops; accuracy is tested against reference values in special.test.ts.

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (NaN otherwise): shift up to x ≥ 10, then Stirling's series (error < 1e-15). */
export function lgamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let shift = 0;
  if (x < 10) {
    let product = 1;
    while (x < 10) {
      product *= x;
      x += 1;
    }
    shift = Math.log(product);
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series =
    inv *
    (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 * (1 / 1188 - inv2 * (691 / 360360))))));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series - shift;
}

/** ψ(x) = d/dx ln Γ(x) for x > 0: recurrence up to x ≥ 10, then the asymptotic series. */
export function digamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let acc = 0;
  while (x < 10) {
    acc -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
  return acc + Math.log(x) - 0.5 / x - series;
}

/** ln B(a, b). */
export const lbeta = (a: number, b: number) => lgamma(a) + lgamma(b) - lgamma(a + b);

/** ln(e^a + e^b) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** ln(1 − e^d) for d ≤ 0, accurate near both ends (Mächler 2012). */
export function log1mExp(d: number): number {
  if (d > -Math.LN2) return Math.log(-Math.expm1(d));
  return Math.log1p(-Math.exp(d));
}

/** (e^y − 1) / y, equal to 1 at y = 0. */
export const expm1OverX = (y: number) => (Math.abs(y) < 1e-10 ? 1 + y / 2 : Math.expm1(y) / y);

/** ln(1 + h) / h, equal to 1 at h = 0. */
export const log1pOverX = (h: number) => (Math.abs(h) < 1e-10 ? 1 - h / 2 : Math.log1p(h) / h);
