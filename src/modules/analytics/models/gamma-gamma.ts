// Owns the Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie
// 2013 note): each transaction's value z ~ Gamma(p, ν), the customer's ν ~ Gamma(q, γ). Fitted
// on repeat buyers' mean repeat spend m over x transactions:
//   ln L = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ + x m).
// Customers whose mean spend is zero or negative (refunds, free orders) cannot come from this
// model; they are left out and counted, never a crash.
import { maximiseLikelihood, type FitOptions, type FitReport, type LogLikelihood } from './fit.ts';
import { groupRows, wholeNumberCounts } from './grouping.ts';
import { fitSampleSize, ModelInputError, rowChunk } from './rows.ts';
import { digamma, lgamma } from './special.ts';

export type GammaGammaParams = { p: number; q: number; gamma: number };
export type GammaGammaFit = FitReport<keyof GammaGammaParams> & {
  model: 'gamma-gamma';
  /** Customers used (x > 0 and mean spend > 0). */
  customers: number;
  /** Repeat buyers left out because their mean spend was zero or negative (or not a number). */
  excluded: number;
};

/** Repeat transactions x and their mean value m, one entry per customer (x = 0 entries are skipped). */
export type SpendData = { x: ArrayLike<number>; monetary: ArrayLike<number> };

const NAMES = ['p', 'q', 'gamma'] as const;

export function fitGammaGamma(data: SpendData, options: FitOptions = {}): GammaGammaFit {
  if (data.x.length !== data.monetary.length)
    throw new ModelInputError(`x and monetary must have the same length (${data.x.length}, ${data.monetary.length})`);
  // Typed columns, not growing arrays: a million customers' values are copied once, not regrown.
  const allX = new Float64Array(data.x.length);
  const allM = new Float64Array(data.x.length);
  let n = 0;
  let excluded = 0;
  for (let i = 0; i < data.x.length; i++) {
    const x = data.x[i];
    if (!(x > 0)) continue;
    if (!Number.isInteger(x)) throw new ModelInputError(`customer ${i}: x must be a whole number, got ${x}`);
    const m = data.monetary[i];
    if (m > 0 && Number.isFinite(m)) {
      allX[n] = x;
      allM[n++] = m;
    } else excluded++;
  }
  if (n < 2) throw new ModelInputError(`the spend model needs at least 2 repeat buyers with positive spend, got ${n}`);
  const xs = allX.subarray(0, n);
  const ms = allM.subarray(0, n);
  // A large fit finds its way on every k-th customer first (fit.ts), then finishes on all of them.
  const every = Math.floor(n / fitSampleSize);
  const logLik = spendLikelihood(xs, ms, every < 2);
  const pick = (a: Float64Array) => {
    const out = new Float64Array(Math.ceil(n / every));
    for (let i = 0, k = 0; i < n; i += every) out[k++] = a[i];
    return out;
  };
  const sampleXs = every >= 2 ? pick(xs) : null;
  const sample = sampleXs ? { logLik: spendLikelihood(sampleXs, pick(ms), false), weight: sampleXs.length } : null;
  const mean = ms.reduce((s, v) => s + v, 0) / ms.length;
  // p/ν is a transaction's mean spend and E[ν] = q/γ, so start with p γ/(q−1) near the mean.
  const starts = [
    [1, 2, mean],
    [5, 3, (2 * mean) / 5],
    [0.5, 1.5, mean / 2],
  ];
  const report = maximiseLikelihood(NAMES, logLik, xs.length, starts, options, { ridges: [['q', 'gamma']], sample });
  return { model: 'gamma-gamma', ...report, customers: xs.length, excluded };
}

/**
 * ln L over the customers (xs[i], ms[i]) and its gradient in log-parameters. `group`: customers
 * with the same (x, m) become one weighted row, which pays where the data are evaluated many
 * times (a fit from the starting points) and repeat buyers at a common price are many. A large
 * fit finds its way on a sample (a few dozen evaluations of ~32,768 customers) and finishes on
 * every customer in some ten: fewer than grouping costs (1M customers: grouping the pairs 180 ms,
 * an evaluation over every customer ~8 ms), so neither is grouped.
 */
function spendLikelihood(xs: Float64Array, ms: Float64Array, group: boolean): LogLikelihood {
  // The per-customer part of ln L,
  //   (px−1) ln m + px ln x − (px+q) ln(γ + x m),
  // splits into p·Σ x(ln m + ln x) − Σ ln m, constants computed once, and the ln(γ + x m) terms,
  // the only ones an evaluation must recompute (one logarithm and one division per row).
  const pairs = group ? groupRows([xs, ms], xs.length) : null;
  const rows = pairs ? pairs.count : xs.length;
  const x = pairs ? new Float64Array(rows) : xs;
  const xm = new Float64Array(rows);
  const w = new Float64Array(rows);
  if (pairs) {
    for (let r = 0; r < rows; r++) {
      const i = pairs.firstOf[r];
      x[r] = xs[i];
      xm[r] = xs[i] * ms[i];
    }
    for (let i = 0; i < xs.length; i++) w[pairs.groupOf[i]]++;
  } else {
    for (let i = 0; i < rows; i++) xm[i] = xs[i] * ms[i];
    w.fill(1);
  }
  // x is a whole number > 0: its distinct values and their counts from a table by value.
  const { values: xValues, counts: xWeight } = wholeNumberCounts(xs);
  let sumXLnXM = 0; // Σ x (ln m + ln x), over customers
  let sumLnM = 0;
  for (let i = 0; i < xs.length; i++) {
    const lnM = Math.log(ms[i]);
    sumXLnXM += xs[i] * lnM;
    sumLnM += lnM;
  }
  for (let k = 0; k < xValues.length; k++) sumXLnXM += xWeight[k] * xValues[k] * Math.log(xValues[k]);

  const sums = new Float64Array(4);
  return (params: Float64Array, grad: Float64Array) => {
    const [p, q, g] = params;
    const lgQ = lgamma(q);
    const psiQ = digamma(q);
    const lnG = Math.log(g);
    let ll = 0;
    let gp = 0;
    let gq = 0;
    let gg = 0;
    for (let k = 0; k < xValues.length; k++) {
      const xv = xValues[k];
      const wk = xWeight[k];
      const psiPXQ = digamma(p * xv + q);
      ll += wk * (lgamma(p * xv + q) - lgamma(p * xv) - lgQ + q * lnG);
      gp += wk * xv * (psiPXQ - digamma(p * xv));
      gq += wk * (psiPXQ - psiQ + lnG);
      gg += (wk * q) / g;
    }
    sums.fill(0);
    for (let from = 0; from < w.length; from += rowChunk)
      rowSums(x, xm, w, from, Math.min(from + rowChunk, w.length), g, sums);
    const [sumL, sumXL, sumInv, sumXInv] = sums;
    ll += p * sumXLnXM - sumLnM - p * sumXL - q * sumL;
    gp += sumXLnXM - sumXL;
    gq -= sumL;
    gg -= p * sumXInv + q * sumInv;
    grad[0] = gp * p;
    grad[1] = gq * q;
    grad[2] = gg * g;
    return ll;
  };
}

/**
 * Σ ln(γ + x m), Σ x ln(γ + x m), Σ 1/(γ + x m) and Σ x/(γ + x m) over the rows, weighted, into
 * sums. A function of its own, not in the likelihood's closure: V8 compiles a closure's loop for
 * that closure, and a fit runs two (a sample's, then every customer's; see bgnbd.ts addRowTerms).
 */
function rowSums(
  x: Float64Array,
  xm: Float64Array,
  w: Float64Array,
  from: number,
  to: number,
  g: number,
  sums: Float64Array,
): void {
  // Indexed reads, not destructuring (see bgnbd.ts addRowTerms).
  let sumL = sums[0];
  let sumXL = sums[1];
  let sumInv = sums[2];
  let sumXInv = sums[3];
  for (let r = from; r < to; r++) {
    const wr = w[r];
    const L = wr * Math.log(g + xm[r]);
    const inv = wr / (g + xm[r]);
    sumL += L;
    sumXL += x[r] * L;
    sumInv += inv;
    sumXInv += x[r] * inv;
  }
  sums[0] = sumL;
  sums[1] = sumXL;
  sums[2] = sumInv;
  sums[3] = sumXInv;
}

/**
 * E[mean transaction value | x, m]: a weighted average of the population mean p γ/(q−1) and the
 * customer's own mean m. Needs q > 1 (otherwise the population mean is infinite: NaN).
 */
export function expectedSpend({ p, q, gamma }: GammaGammaParams, x: number, monetary: number): number {
  if (!(q > 1)) return Number.NaN;
  const m = x > 0 && monetary > 0 ? monetary : 0;
  const n = x > 0 && monetary > 0 ? x : 0;
  return (p * (gamma + n * m)) / (p * n + q - 1);
}
