// Test data for the survival models (not part of the library surface).
//
// Freireich et al. (1963), "The effect of 6-mercaptopurine on the duration of steroid-induced
// remissions in acute leukemia", Blood 21: 699–716 — the remission times in weeks of 42
// patients, 21 on 6-MP and 21 on placebo, as analysed by Gehan (1965) and by Cox (1972) in the
// paper that introduced the proportional hazards model; reproduced in Kleinbaum & Klein,
// "Survival Analysis: A Self-Learning Text" (3rd ed., 2012), ch. 1–2, and as `gehan` in R's MASS.
// A minus sign marks a censored time (still in remission when last seen).
import { exponential, normal, seededRng } from '../../../lib/random.ts';

const sixMp = [6, 6, 6, -6, 7, -9, 10, -10, -11, 13, 16, -17, -19, -20, 22, 23, -25, -32, -32, -34, -35];
const placebo = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23];

/** 42 rows: time, event (1 = relapse), treated (1 = 6-MP, 0 = placebo). */
export const gehan = (() => {
  const rows = [
    ...sixMp.map((t) => ({ time: Math.abs(t), event: t > 0 ? 1 : 0, treated: 1 })),
    ...placebo.map((t) => ({ time: t, event: 1, treated: 0 })),
  ];
  return { time: rows.map((r) => r.time), event: rows.map((r) => r.event), treated: rows.map((r) => r.treated) };
})();

/**
 * n rows with p covariates (the first binary 0/1 with probability ½, the others standard normal),
 * exponential event times with hazard λ0·e^(β·x), and independent exponential censoring at
 * rate `censorRate`; times rounded to `resolution` to create ties, as monthly data have.
 */
export function simulateCox(options: {
  n: number;
  beta: number[];
  seed: number;
  censorRate?: number;
  resolution?: number;
  strata?: number;
}) {
  const { n, beta, seed } = options;
  const rng = seededRng(seed);
  const p = beta.length;
  const X = new Float64Array(n * p);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  const strata = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) {
      const x = j === 0 ? (rng() < 0.5 ? 1 : 0) : normal(rng);
      X[i * p + j] = x;
      eta += beta[j] * x;
    }
    // Each stratum its own baseline hazard: 0.1, 0.2, 0.3, …
    const s = options.strata ? i % options.strata : 0;
    strata[i] = s;
    const t = exponential(rng, 0.1 * (s + 1) * Math.exp(eta));
    const c = exponential(rng, options.censorRate ?? 0.05);
    const r = options.resolution ?? 0;
    const observed = Math.min(t, c);
    time[i] = r > 0 ? Math.max(r, Math.ceil(observed / r) * r) : observed;
    event[i] = t <= c ? 1 : 0;
  }
  return { X, p, time, event, strata };
}
