// Owns predictions from a fitted purchase model, whichever it is (BG/NBD or Pareto/NBD), and
// customer lifetime value: expected purchases, P(alive) now and later, expected spend (Gamma-
// Gamma) and discounted CLV over a horizon, for one customer or for a whole summary at once
// (computed once per distinct (x, t_x, T), so a million customers take well under a second).
import {
  bgnbdAliveCurve,
  bgnbdAliveProbabilities,
  bgnbdExpectedByPeriod,
  bgnbdExpectedPurchases,
  bgnbdProbabilityAlive,
  bgnbdProbabilityAliveAt,
  bgnbdUnconditionalExpected,
  type BgNbdFit,
  type BgNbdParams,
} from './bgnbd.ts';
import { expectedSpend, type GammaGammaFit } from './gamma-gamma.ts';
import {
  pnbdAliveCurve,
  pnbdAliveProbabilities,
  pnbdExpectedByPeriod,
  pnbdExpectedPurchases,
  pnbdProbabilityAlive,
  pnbdProbabilityAliveAt,
  pnbdUnconditionalExpected,
  type ParetoNbdFit,
  type ParetoNbdParams,
} from './pnbd.ts';
import { distinctPairs } from './grouping.ts';
import { compress, type CompressedRows, type Customer, type Frequencies } from './rows.ts';

/** A fitted purchase model: the result of fitBgNbd or fitParetoNbd (or just its model and params). */
export type PurchaseModel = Pick<BgNbdFit, 'model' | 'params'> | Pick<ParetoNbdFit, 'model' | 'params'>;

/** Expected repeat purchases in the next t periods. */
export function expectedPurchases(fit: PurchaseModel, customer: Customer, t: number): number {
  return fit.model === 'bgnbd'
    ? bgnbdExpectedPurchases(fit.params as BgNbdParams, customer, t)
    : pnbdExpectedPurchases(fit.params as ParetoNbdParams, customer, t);
}

/** P(alive) now (t = 0) or t periods from now, not knowing what happens in between. */
export function probabilityAlive(fit: PurchaseModel, customer: Customer, t = 0): number {
  if (fit.model === 'bgnbd')
    return t > 0
      ? bgnbdProbabilityAliveAt(fit.params as BgNbdParams, customer, t)
      : bgnbdProbabilityAlive(fit.params as BgNbdParams, customer);
  return t > 0
    ? pnbdProbabilityAliveAt(fit.params as ParetoNbdParams, customer, t)
    : pnbdProbabilityAlive(fit.params as ParetoNbdParams, customer);
}

/** Expected repeat purchases in (0, t] of a customer just acquired. */
export function unconditionalExpected(fit: PurchaseModel, t: number): number {
  return fit.model === 'bgnbd'
    ? bgnbdUnconditionalExpected(fit.params as BgNbdParams, t)
    : pnbdUnconditionalExpected(fit.params as ParetoNbdParams, t);
}

/** Expected purchases in each of the next `periods` periods. */
export function expectedByPeriod(fit: PurchaseModel, customer: Customer, periods: number): Float64Array {
  return fit.model === 'bgnbd'
    ? bgnbdExpectedByPeriod(fit.params as BgNbdParams, customer, periods)
    : pnbdExpectedByPeriod(fit.params as ParetoNbdParams, customer, periods);
}

export type ClvOptions = {
  /** Periods ahead (e.g. 52 weeks). */
  horizon: number;
  /** Discount rate per period (0.01 = 1% a period); purchases in period k are divided by (1+d)^k. */
  discountRate: number;
  /** Share of spend that is profit (1 = revenue). Default 1. */
  margin?: number;
};

/** Σ_k E[purchases in period k] / (1+d)^k: the discounted expected transactions over the horizon. */
export function discountedExpectedPurchases(
  fit: PurchaseModel,
  customer: Customer,
  options: Omit<ClvOptions, 'margin'>,
): number {
  return discountSum(expectedByPeriod(fit, customer, options.horizon), options.discountRate);
}

function discountSum(byPeriod: Float64Array, discountRate: number): number {
  let total = 0;
  let factor = 1;
  for (let k = 0; k < byPeriod.length; k++) {
    factor /= 1 + discountRate;
    total += byPeriod[k] * factor;
  }
  return total;
}

/** Discounted CLV of one customer: margin × expected spend per transaction × discounted expected transactions. */
export function discountedClv(
  fit: PurchaseModel,
  spend: Pick<GammaGammaFit, 'params'>,
  customer: Customer & { monetary: number },
  options: ClvOptions,
): number {
  return (
    (options.margin ?? 1) *
    expectedSpend(spend.params, customer.x, customer.monetary) *
    discountedExpectedPurchases(fit, customer, options)
  );
}

export type CustomerPredictions = {
  /** Expected purchases over the horizon. */
  expectedPurchases: Float64Array;
  probabilityAlive: Float64Array;
  /** Gamma-Gamma conditional mean spend per transaction (NaN without a spend model). */
  expectedSpend: Float64Array;
  /** Discounted CLV over the horizon (NaN without a spend model). */
  clv: Float64Array;
};

/** P(alive) of each compressed row. */
function aliveProbabilities(fit: PurchaseModel, rows: CompressedRows): Float64Array {
  return fit.model === 'bgnbd'
    ? bgnbdAliveProbabilities(fit.params as BgNbdParams, rows)
    : pnbdAliveProbabilities(fit.params as ParetoNbdParams, rows);
}

/** E[X(t)] at each t for a customer alive now (it depends on x and T only). */
function aliveCurve(fit: PurchaseModel, x: number, T: number, times: ArrayLike<number>): Float64Array {
  return fit.model === 'bgnbd'
    ? bgnbdAliveCurve(fit.params as BgNbdParams, x, T, times)
    : pnbdAliveCurve(fit.params as ParetoNbdParams, x, T, times);
}

/**
 * Expected purchases in the next t periods for every compressed row: P(alive) per row times
 * the alive expectation per distinct (x, T) — so a million customers need a few thousand
 * hypergeometric series, not millions.
 */
export function expectedPurchasesForRows(fit: PurchaseModel, rows: CompressedRows, t: number): Float64Array {
  const alive = aliveProbabilities(fit, rows);
  const pairs = distinctPairs(rows.xIndex, rows.TIndex);
  const pairValue = Float64Array.from(pairs.firstOf, (i) => aliveCurve(fit, rows.x[i], rows.T[i], [t])[0]);
  // A plain loop over the rows (hundreds of thousands): Float64Array.from with a map function is slow.
  const expected = new Float64Array(alive.length);
  for (let r = 0; r < alive.length; r++) expected[r] = alive[r] * pairValue[pairs.groupOf[r]];
  return expected;
}

/** Predictions for every customer of a summary, computed per compressed row and per (x, T). */
export function predictCustomers(
  fit: PurchaseModel,
  spend: Pick<GammaGammaFit, 'params'> | null,
  data: (Frequencies & { monetary?: ArrayLike<number> }) | (CompressedRows & { monetary?: ArrayLike<number> }),
  options: ClvOptions,
): CustomerPredictions {
  const rows = 'weight' in data ? data : compress(data);
  const n = rows.customers;
  const alive = aliveProbabilities(fit, rows);
  const pairs = distinctPairs(rows.xIndex, rows.TIndex);
  const times = Array.from({ length: options.horizon }, (_, k) => k + 1);
  const pairTotal = new Float64Array(pairs.count);
  const pairDiscounted = new Float64Array(pairs.count);
  for (let k = 0; k < pairs.count; k++) {
    const i = pairs.firstOf[k];
    const curve = aliveCurve(fit, rows.x[i], rows.T[i], times);
    pairTotal[k] = curve.length ? curve[curve.length - 1] : 0;
    let prev = 0;
    let factor = 1;
    let discounted = 0;
    for (let j = 0; j < curve.length; j++) {
      factor /= 1 + options.discountRate;
      discounted += (curve[j] - prev) * factor;
      prev = curve[j];
    }
    pairDiscounted[k] = discounted;
  }
  const out: CustomerPredictions = {
    expectedPurchases: new Float64Array(n),
    probabilityAlive: new Float64Array(n),
    expectedSpend: new Float64Array(n).fill(Number.NaN),
    clv: new Float64Array(n).fill(Number.NaN),
  };
  const margin = options.margin ?? 1;
  const monetary = data.monetary;
  for (let i = 0; i < n; i++) {
    const r = rows.rowOf[i];
    const pair = pairs.groupOf[r];
    out.expectedPurchases[i] = alive[r] * pairTotal[pair];
    out.probabilityAlive[i] = alive[r];
    if (spend) {
      const s = expectedSpend(spend.params, rows.x[r], monetary ? monetary[i] : Number.NaN);
      out.expectedSpend[i] = s;
      out.clv[i] = margin * s * alive[r] * pairDiscounted[pair];
    }
  }
  return out;
}
