// Owns seeded simulation from each model's generative story, for recovery tests and the value
// benchmark. Same seed, same data.
import { beta, exponential, gamma, type Rng } from '../../../lib/random.ts';
import type { BgNbdParams } from './bgnbd.ts';
import type { GammaGammaParams } from './gamma-gamma.ts';
import type { ParetoNbdParams } from './pnbd.ts';
import type { SbgParams } from './sbg.ts';

export type SimulatedFrequencies = { x: Float64Array; tx: Float64Array; T: Float64Array };

/** Ages T: a fixed number, or a function of the customer index. */
type Ages = number | ((i: number) => number);
const ageOf = (ages: Ages, i: number) => (typeof ages === 'number' ? ages : ages(i));

/** BG/NBD: Poisson purchases at rate λ; after each repeat purchase, gone with probability p. */
export function simulateBgNbd(
  { r, alpha, a, b }: BgNbdParams,
  customers: number,
  ages: Ages,
  rng: Rng,
): SimulatedFrequencies {
  const out = { x: new Float64Array(customers), tx: new Float64Array(customers), T: new Float64Array(customers) };
  for (let i = 0; i < customers; i++) {
    const T = ageOf(ages, i);
    const lambda = gamma(rng, r, 1 / alpha);
    const p = beta(rng, a, b);
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += exponential(rng, lambda);
      if (t > T) break;
      x++;
      tx = t;
      if (rng() < p) break;
    }
    out.x[i] = x;
    out.tx[i] = tx;
    out.T[i] = T;
  }
  return out;
}

/** Purchase times in (0, T] of one Pareto/NBD customer (the first purchase at 0 is not listed). */
export function paretoNbdPurchaseTimes(
  { r, alpha, s, beta: b }: ParetoNbdParams,
  T: number,
  rng: Rng,
  into: number[],
): number[] {
  into.length = 0;
  const lambda = gamma(rng, r, 1 / alpha);
  const mu = gamma(rng, s, 1 / b);
  const end = Math.min(T, exponential(rng, mu));
  for (let t = exponential(rng, lambda); t <= end; t += exponential(rng, lambda)) into.push(t);
  return into;
}

/** Pareto/NBD: Poisson purchases at rate λ during an exponential lifetime with rate μ. */
export function simulateParetoNbd(
  params: ParetoNbdParams,
  customers: number,
  ages: Ages,
  rng: Rng,
): SimulatedFrequencies {
  const out = { x: new Float64Array(customers), tx: new Float64Array(customers), T: new Float64Array(customers) };
  const times: number[] = [];
  for (let i = 0; i < customers; i++) {
    const T = ageOf(ages, i);
    paretoNbdPurchaseTimes(params, T, rng, times);
    out.x[i] = times.length;
    out.tx[i] = times.length ? times[times.length - 1] : 0;
    out.T[i] = T;
  }
  return out;
}

/** Gamma-Gamma: a customer's ν ~ Gamma(q, γ); each of x transactions ~ Gamma(p, ν). Returns mean spend (NaN for x = 0). */
export function simulateGammaGamma({ p, q, gamma: g }: GammaGammaParams, x: ArrayLike<number>, rng: Rng): Float64Array {
  const m = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    if (!(x[i] > 0)) {
      m[i] = Number.NaN;
      continue;
    }
    const nu = gamma(rng, q, 1 / g);
    let sum = 0;
    for (let k = 0; k < x[i]; k++) sum += gamma(rng, p, 1 / nu);
    m[i] = sum / x[i];
  }
  return m;
}

/** sBG: each customer churns at the end of each period with probability θ ~ Beta(α, β). Returns survivors after 0..periods. */
export function simulateSbg({ alpha, beta: b }: SbgParams, customers: number, periods: number, rng: Rng): number[] {
  const survivors = new Array<number>(periods + 1).fill(0);
  for (let i = 0; i < customers; i++) {
    const theta = beta(rng, alpha, b);
    let t = 0;
    survivors[0]++;
    while (t < periods && rng() >= theta) {
      t++;
      survivors[t]++;
    }
  }
  return survivors;
}
