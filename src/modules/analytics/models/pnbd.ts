// Owns the Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): while alive a customer buys
// at Poisson rate λ ~ Gamma(r, α) and their lifetime is exponential with rate μ ~ Gamma(s, β).
//
// Likelihood (Fader & Hardie 2005, "A note on deriving the Pareto/NBD model", eq. 22), in logs:
//   L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s  +  s/(r+s+x) · (F(t_x) − F(T)) ]
//   F(τ) = 2F1(r+s+x, b; r+s+x+1; |α−β|/(m+τ)) / (m+τ)^(r+s+x),  m = max(α, β),
//   b = s+1 when α ≥ β, else r+x.
// F(τ) is the integral over death times after τ, so it decreases in τ and the difference is
// taken as ln F(t_x) + ln(1 − e^(ln F(T) − ln F(t_x))) — no large numbers are ever subtracted.
// ln 2F1 comes from hyp2f1.ts (positive series after Euler's transformation, or quadrature as
// z → 1), with its derivatives, so the gradient is analytic. F is computed once per distinct
// (x, t_x) and (x, T) pair, the rest once per compressed row.
import { maximiseLikelihood, sampleLikelihood, type FitOptions, type FitReport, type LogLikelihood } from './fit.ts';
import { distinctPairs } from './grouping.ts';
import { logHyp2f1A1 } from './hyp2f1.ts';
import {
  compress,
  meanRate,
  requireObservedTime,
  rowChunk,
  type CompressedRows,
  type Customer,
  type Frequencies,
} from './rows.ts';
import { digamma, expm1OverX, lgamma, log1mExp, logAddExp } from './special.ts';

export type ParetoNbdParams = { r: number; alpha: number; s: number; beta: number };
export type ParetoNbdFit = FitReport<keyof ParetoNbdParams> & { model: 'pnbd'; customers: number; rows: number };

const NAMES = ['r', 'alpha', 's', 'beta'] as const;

/** ln F(τ) for one x, and its gradient in (r, α, s, β) on the natural scale. */
function logF(
  r: number,
  alpha: number,
  s: number,
  beta: number,
  x: number,
  tau: number,
  h: Float64Array,
  grad: Float64Array | null,
): number {
  const a = r + s + x;
  if (alpha >= beta) {
    const ma = alpha + tau;
    const lnM = Math.log(ma);
    logHyp2f1A1(a, s + 1, (alpha - beta) / ma, h);
    if (grad) {
      grad[0] = h[1] - lnM;
      grad[1] = (h[3] * (beta + tau)) / (ma * ma) - a / ma;
      grad[2] = h[1] + h[2] - lnM;
      grad[3] = -h[3] / ma;
    }
    return h[0] - a * lnM;
  }
  const mb = beta + tau;
  const lnM = Math.log(mb);
  logHyp2f1A1(a, r + x, (beta - alpha) / mb, h);
  if (grad) {
    grad[0] = h[1] + h[2] - lnM;
    grad[1] = -h[3] / mb;
    grad[2] = h[1] - lnM;
    grad[3] = (h[3] * (alpha + tau)) / (mb * mb) - a / mb;
  }
  return h[0] - a * lnM;
}

/** The two terms of the likelihood bracket, in logs: P (alive at T) and Q (died in (t_x, T]). */
function logTerms(
  { r, alpha, s, beta }: ParetoNbdParams,
  { x, tx, T }: Customer,
): { a1: number; p: number; q: number } {
  const h = new Float64Array(4);
  const a1 = lgamma(r + x) - lgamma(r) + r * Math.log(alpha) + s * Math.log(beta);
  const p = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  if (!(T > tx)) return { a1, p, q: -Infinity };
  const ft = logF(r, alpha, s, beta, x, tx, h, null);
  const fT = logF(r, alpha, s, beta, x, T, h, null);
  const q = fT < ft ? Math.log(s) - Math.log(r + s + x) + ft + log1mExp(fT - ft) : -Infinity;
  return { a1, p, q };
}

/** ln L for one customer. */
export function pnbdLogLikelihoodOne(params: ParetoNbdParams, customer: Customer): number {
  const { a1, p, q } = logTerms(params, customer);
  return a1 + logAddExp(p, q);
}

type PairTable = {
  px: Float64Array;
  ptau: Float64Array;
  lnF: Float64Array;
  grad: Float64Array;
  of: Int32Array;
  count: number;
};

/** ln F for every distinct (x, t_x) and (x, T) of the rows: the only place the 2F1 is evaluated. */
function pairTables(rows: CompressedRows) {
  const { xValues, xIndex, txIndex, TIndex, txValues, TValues } = rows;
  const make = (values: Float64Array, index: Int32Array): PairTable => {
    const g = distinctPairs(xIndex, index);
    const px = new Float64Array(g.count);
    const ptau = new Float64Array(g.count);
    for (let k = 0; k < g.count; k++) {
      px[k] = xValues[xIndex[g.firstOf[k]]];
      ptau[k] = values[index[g.firstOf[k]]];
    }
    return {
      px,
      ptau,
      lnF: new Float64Array(g.count),
      grad: new Float64Array(g.count * 4),
      of: g.groupOf,
      count: g.count,
    };
  };
  const at = make(txValues, txIndex);
  const aT = make(TValues, TIndex);
  const h = new Float64Array(4);
  const g4 = new Float64Array(4);
  const fill = ({ r, alpha, s, beta }: ParetoNbdParams, withGradient: boolean) => {
    for (const t of [at, aT]) {
      for (let k = 0; k < t.count; k++) {
        t.lnF[k] = logF(r, alpha, s, beta, t.px[k], t.ptau[k], h, withGradient ? g4 : null);
        if (withGradient) t.grad.set(g4, k * 4);
      }
    }
  };
  return { at, aT, fill };
}

/** P(alive) of every compressed row (see pnbdProbabilityAlive), sharing the 2F1 work across rows. */
export function pnbdAliveProbabilities(params: ParetoNbdParams, rows: CompressedRows): Float64Array {
  const { r, alpha, s, beta } = params;
  const { at, aT, fill } = pairTables(rows);
  fill(params, false);
  const out = new Float64Array(rows.weight.length);
  for (let i = 0; i < out.length; i++) {
    const x = rows.xValues[rows.xIndex[i]];
    const T = rows.TValues[rows.TIndex[i]];
    const d = aT.lnF[aT.of[i]] - at.lnF[at.of[i]];
    if (!(d < 0)) {
      out[i] = 1;
      continue;
    }
    const p = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
    const q = Math.log(s) - Math.log(r + s + x) + at.lnF[at.of[i]] + log1mExp(d);
    out[i] = p > q ? 1 / (1 + Math.exp(q - p)) : Math.exp(p - q) / (1 + Math.exp(p - q));
  }
  return out;
}

/** Total log-likelihood over compressed rows and its gradient in log-parameters. */
export function pnbdLogLikelihood(rows: CompressedRows): LogLikelihood {
  const { xValues, xWeight, TValues } = rows;
  const { at, aT, fill } = pairTables(rows);
  const lnAT = new Float64Array(TValues.length);
  const lnBT = new Float64Array(TValues.length);
  const invAT = new Float64Array(TValues.length);
  const invBT = new Float64Array(TValues.length);
  const invRSX = new Float64Array(xValues.length); // 1/(r+s+x)
  const cX = new Float64Array(xValues.length); // ln s − ln(r+s+x)

  return (params, grad) => {
    const [r, alpha, s, beta] = params;
    fill({ r, alpha, s, beta }, true);
    for (let k = 0; k < TValues.length; k++) {
      lnAT[k] = Math.log(alpha + TValues[k]);
      lnBT[k] = Math.log(beta + TValues[k]);
      invAT[k] = 1 / (alpha + TValues[k]);
      invBT[k] = 1 / (beta + TValues[k]);
    }
    const lnAlpha = Math.log(alpha);
    const lnBeta = Math.log(beta);
    const lgR = lgamma(r);
    const psiR = digamma(r);
    const lnS = Math.log(s);
    let ll = 0;
    let gr = 0;
    let gAlpha = 0;
    let gs = 0;
    let gBeta = 0;
    for (let k = 0; k < xValues.length; k++) {
      const w = xWeight[k];
      const x = xValues[k];
      invRSX[k] = 1 / (r + s + x);
      cX[k] = lnS - Math.log(r + s + x);
      ll += w * (lgamma(r + x) - lgR + r * lnAlpha + s * lnBeta);
      gr += w * (digamma(r + x) - psiR + lnAlpha);
      gAlpha += (w * r) / alpha;
      gs += w * lnBeta;
      gBeta += (w * s) / beta;
    }
    const sums = Float64Array.of(ll, gr, gAlpha, gs, gBeta);
    const tables = { lnAT, lnBT, invAT, invBT, invRSX, cX };
    for (let from = 0; from < rows.weight.length; from += rowChunk)
      addRowTerms(rows, from, Math.min(from + rowChunk, rows.weight.length), at, aT, tables, r, s, sums);
    [ll, gr, gAlpha, gs, gBeta] = sums;
    grad[0] = gr * r;
    grad[1] = gAlpha * alpha;
    grad[2] = gs * s;
    grad[3] = gBeta * beta;
    return ll;
  };
}

/**
 * The terms of rows [from, to) (the alive and the dropped-out terms' log-sum) added to sums =
 * [ln L, ∂/∂r, ∂/∂α, ∂/∂s, ∂/∂β], a few thousand rows a call (see rowChunk). A function of its own, not inside the likelihood's closure: V8 compiles a
 * closure's loop for that closure, and a fit runs two (see bgnbd.ts addRowTerms).
 */
function addRowTerms(
  { xValues, xIndex, TIndex, weight }: CompressedRows,
  from: number,
  to: number,
  at: PairTable,
  aT: PairTable,
  t: {
    lnAT: Float64Array;
    lnBT: Float64Array;
    invAT: Float64Array;
    invBT: Float64Array;
    invRSX: Float64Array;
    cX: Float64Array;
  },
  r: number,
  s: number,
  sums: Float64Array,
): void {
  const { lnAT, lnBT, invAT, invBT, invRSX, cX } = t;
  const { lnF: lnFt, grad: gFt, of: ofTx } = at;
  const { lnF: lnFT, grad: gFT, of: ofT } = aT;
  // Indexed reads, not destructuring (see bgnbd.ts addRowTerms).
  let ll = sums[0];
  let gr = sums[1];
  let gAlpha = sums[2];
  let gs = sums[3];
  let gBeta = sums[4];
  for (let i = from; i < to; i++) {
    const w = weight[i];
    const x = xValues[xIndex[i]];
    const ti = TIndex[i];
    const rx = r + x;
    const p = -rx * lnAT[ti] - s * lnBT[ti];
    const kt = ofTx[i];
    const kT = ofT[i];
    const d = lnFT[kT] - lnFt[kt];
    if (!(d < 0)) {
      // t_x = T (or a difference lost to rounding): only the alive term remains.
      ll += w * p;
      gr -= w * lnAT[ti];
      gAlpha -= w * rx * invAT[ti];
      gs -= w * lnBT[ti];
      gBeta -= w * s * invBT[ti];
      continue;
    }
    // Q = c + ln F(t_x) + ln(1 − R), R = e^d; LSE = ln(e^P + e^Q); weights wp + wq = w.
    const xi = xIndex[i];
    const invA = invRSX[xi];
    const c = cX[xi];
    const R = Math.exp(d);
    const oneMinusR = d > -Math.LN2 ? -Math.expm1(d) : 1 - R;
    const q = c + lnFt[kt] + Math.log(oneMinusR);
    const e = Math.exp(-Math.abs(p - q));
    const share = 1 / (1 + e); // of the larger term
    ll += w * ((p > q ? p : q) + Math.log1p(e));
    const wp = w * (p > q ? share : e * share);
    const wq = w - wp;
    // Q's gradient: wq·∂c + k·(∇lnF(t_x) − R·∇lnF(T)), k = e^(c + lnF(t_x) − LSE) = wq / (1 − R).
    const k = wq / oneMinusR;
    const ot = kt * 4;
    const oT = kT * 4;
    gr += -wp * lnAT[ti] - wq * invA + k * (gFt[ot] - R * gFT[oT]);
    gAlpha += -wp * rx * invAT[ti] + k * (gFt[ot + 1] - R * gFT[oT + 1]);
    gs += -wp * lnBT[ti] + wq * (1 / s - invA) + k * (gFt[ot + 2] - R * gFT[oT + 2]);
    gBeta += -wp * s * invBT[ti] + k * (gFt[ot + 3] - R * gFT[oT + 3]);
  }
  sums[0] = ll;
  sums[1] = gr;
  sums[2] = gAlpha;
  sums[3] = gs;
  sums[4] = gBeta;
}

export function fitParetoNbd(data: Frequencies | CompressedRows, options: FitOptions = {}): ParetoNbdFit {
  const rows = 'weight' in data ? data : compress(data);
  requireObservedTime(rows);
  const rate = meanRate(rows);
  const span = rows.TValues.reduce((m, v) => Math.max(m, v), 0) || 1;
  const starts = [
    [1, 1 / rate, 1, span],
    [0.5, 0.5 / rate, 0.5, span / 4],
    [2, 2 / rate, 2, span * 4],
  ];
  const report = maximiseLikelihood(NAMES, pnbdLogLikelihood(rows), rows.customers, starts, options, {
    ridges: [
      ['r', 'alpha'],
      ['s', 'beta'],
    ],
    sample: sampleLikelihood(rows, pnbdLogLikelihood),
  });
  return { model: 'pnbd', ...report, customers: rows.customers, rows: rows.weight.length };
}

/** P(alive at T | x, t_x, T): the share of the "still alive" term in the likelihood. */
export function pnbdProbabilityAlive(params: ParetoNbdParams, customer: Customer): number {
  const { p, q } = logTerms(params, customer);
  if (q === -Infinity) return 1;
  return p > q ? 1 / (1 + Math.exp(q - p)) : Math.exp(p - q) / (1 + Math.exp(p - q));
}

/**
 * E[X(t)] for a customer alive now with λ ~ Gamma(r', α'), μ ~ Gamma(s, β'):
 *   r'β'/(α'(s−1)) · [1 − (β'/(β'+t))^(s−1)] = (r'/α') · β' · L · (e^((1−s)L) − 1)/((1−s)L),  L = ln((β'+t)/β'),
 * which is also right at s = 1.
 */
function aliveExpectation(r: number, alpha: number, s: number, beta: number, t: number): number {
  if (t <= 0) return 0;
  const L = Math.log1p(t / beta);
  return (r / alpha) * beta * L * expm1OverX((1 - s) * L);
}

/** Population mean number of repeat purchases in (0, t] for a new customer. */
export const pnbdUnconditionalExpected = ({ r, alpha, s, beta }: ParetoNbdParams, t: number) =>
  aliveExpectation(r, alpha, s, beta, t);

/** Expected purchases in the next t periods. */
export function pnbdExpectedPurchases(params: ParetoNbdParams, customer: Customer, t: number): number {
  const { r, alpha, s, beta } = params;
  return (
    pnbdProbabilityAlive(params, customer) *
    aliveExpectation(r + customer.x, alpha + customer.T, s, beta + customer.T, t)
  );
}

/** E[X(t)] at each t for a customer with x repeat purchases and age T who is alive now. */
export function pnbdAliveCurve(
  { r, alpha, s, beta }: ParetoNbdParams,
  x: number,
  T: number,
  times: ArrayLike<number>,
): Float64Array {
  return Float64Array.from(times as ArrayLike<number>, (t) => aliveExpectation(r + x, alpha + T, s, beta + T, t));
}

/** Expected purchases in each of the next `periods` periods. */
export function pnbdExpectedByPeriod(params: ParetoNbdParams, customer: Customer, periods: number): Float64Array {
  const { r, alpha, s, beta } = params;
  const alive = pnbdProbabilityAlive(params, customer);
  const out = new Float64Array(periods);
  let prev = 0;
  for (let k = 1; k <= periods; k++) {
    const cum = aliveExpectation(r + customer.x, alpha + customer.T, s, beta + customer.T, k);
    out[k - 1] = alive * (cum - prev);
    prev = cum;
  }
  return out;
}

/** P(alive at T + t | x, t_x, T): alive now and the exponential lifetime lasts t more. */
export function pnbdProbabilityAliveAt(params: ParetoNbdParams, customer: Customer, t: number): number {
  const alive = pnbdProbabilityAlive(params, customer);
  if (t <= 0) return alive;
  return alive * Math.exp(-params.s * Math.log1p(t / (params.beta + customer.T)));
}
