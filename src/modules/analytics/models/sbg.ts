// Owns the shifted-beta-geometric model of contract retention (Fader & Hardie 2007, "How to
// project customer retention"): each customer churns at the end of a period with probability
// θ ~ Beta(α, β), so the cohort's survival is
//   S(t) = B(α, β+t) / B(α, β),   P(T = t) = B(α+1, β+t−1) / B(α, β),
// and the retention rate (β+t−1)/(α+β+t−1) rises with t as the churners leave (heterogeneity,
// not loyalty growth). Fitted on cohort survivor counts: counts[0] customers at the start,
// counts[t] still active after t periods.
import { maximiseLikelihood, type FitOptions, type FitReport } from './fit.ts';
import { hyp2f1Minus1 } from './hyp2f1.ts';
import { ModelInputError } from './rows.ts';
import { digamma, lbeta } from './special.ts';

export type SbgParams = { alpha: number; beta: number };
export type SbgFit = FitReport<keyof SbgParams> & { model: 'sbg'; cohorts: number; customers: number };

const NAMES = ['alpha', 'beta'] as const;

function validateCohort(counts: readonly number[], c: number) {
  if (counts.length < 2) throw new ModelInputError(`cohort ${c}: need the starting count and at least one later count`);
  for (let t = 0; t < counts.length; t++) {
    const n = counts[t];
    if (!(Number.isInteger(n) && n >= 0))
      throw new ModelInputError(`cohort ${c}, period ${t}: counts must be whole numbers ≥ 0, got ${n}`);
    if (t > 0 && n > counts[t - 1])
      throw new ModelInputError(`cohort ${c}, period ${t}: survivors cannot increase (${counts[t - 1]} → ${n})`);
  }
  if (counts[0] === 0) throw new ModelInputError(`cohort ${c}: the starting count is 0`);
}

/** Fits one or more cohorts (each its own survivor counts, possibly of different lengths). */
export function fitSbg(
  survivors: readonly number[] | readonly (readonly number[])[],
  options: FitOptions = {},
): SbgFit {
  const cohorts = (Array.isArray(survivors[0]) ? survivors : [survivors]) as readonly (readonly number[])[];
  cohorts.forEach(validateCohort);
  const customers = cohorts.reduce((s, c) => s + c[0], 0);
  const logLik = (params: Float64Array, grad: Float64Array) => {
    const [alpha, beta] = params;
    const lbAB = lbeta(alpha, beta);
    const psiA = digamma(alpha);
    const psiB = digamma(beta);
    const psiAB = digamma(alpha + beta);
    let ll = 0;
    let ga = 0;
    let gb = 0;
    for (const counts of cohorts) {
      for (let t = 1; t < counts.length; t++) {
        const churned = counts[t - 1] - counts[t];
        if (churned === 0) continue;
        // ln P(T = t) = ln B(α+1, β+t−1) − ln B(α, β)
        ll += churned * (lbeta(alpha + 1, beta + t - 1) - lbAB);
        const psiABt = digamma(alpha + beta + t);
        ga += churned * (digamma(alpha + 1) - psiABt - psiA + psiAB);
        gb += churned * (digamma(beta + t - 1) - psiABt - psiB + psiAB);
      }
      const last = counts.length - 1;
      const alive = counts[last];
      if (alive > 0) {
        // ln S(t) = ln B(α, β+t) − ln B(α, β)
        ll += alive * (lbeta(alpha, beta + last) - lbAB);
        const psiABt = digamma(alpha + beta + last);
        ga += alive * (psiAB - psiABt);
        gb += alive * (digamma(beta + last) - psiABt - psiB + psiAB);
      }
    }
    grad[0] = ga * alpha;
    grad[1] = gb * beta;
    return ll;
  };
  const starts = [
    [1, 1],
    [0.5, 5],
    [3, 0.5],
  ];
  const report = maximiseLikelihood(NAMES, logLik, customers, starts, options, { ridges: [['alpha', 'beta']] });
  return { model: 'sbg', ...report, cohorts: cohorts.length, customers };
}

/** S(t): share of a new cohort still active after t periods. */
export const sbgSurvival = ({ alpha, beta }: SbgParams, t: number) =>
  t <= 0 ? 1 : Math.exp(lbeta(alpha, beta + t) - lbeta(alpha, beta));

/** P(T = t): share of a new cohort that churns at the end of period t (t ≥ 1). */
export const sbgChurnProbability = ({ alpha, beta }: SbgParams, t: number) =>
  t < 1 ? 0 : Math.exp(lbeta(alpha + 1, beta + t - 1) - lbeta(alpha, beta));

/** Retention rate from period t−1 to t: S(t)/S(t−1) = (β+t−1)/(α+β+t−1). */
export const sbgRetentionRate = ({ alpha, beta }: SbgParams, t: number) => (beta + t - 1) / (alpha + beta + t - 1);

/** Expected survivors of a cohort of `size` after each of periods 0..periods. */
export function sbgSurvivalCurve(params: SbgParams, size: number, periods: number): number[] {
  return Array.from({ length: periods + 1 }, (_, t) => size * sbgSurvival(params, t));
}

/**
 * Expected discounted number of future renewals of a customer active after `periodsCompleted`
 * periods: Σ_{k≥1} S(n+k)/S(n) / (1+d)^k = 2F1(1, β+n; α+β+n; 1/(1+d)) − 1 (Fader & Hardie 2010,
 * "perils of ignoring heterogeneity"). Times the margin per period, that is the customer's
 * residual value. Needs a discount rate > 0.
 */
export function sbgDiscountedRenewals(
  { alpha, beta }: SbgParams,
  periodsCompleted: number,
  discountRate: number,
): number {
  if (!(discountRate > 0)) return Number.NaN;
  return hyp2f1Minus1(1, beta + periodsCompleted, alpha + beta + periodsCompleted, 1 / (1 + discountRate));
}

/**
 * Discounted expected residual lifetime of a contract that has renewed `renewals` times and is
 * about to decide on the next renewal (Fader & Hardie 2010, "Customer-base valuation in a
 * contractual setting: the perils of ignoring heterogeneity", Marketing Science 29(1), eq. 6):
 *   DERL = Σ_{t≥n} S(t)/S(n−1) / (1+d)^(t−n) = (β+n−1)/(α+β+n−1) · 2F1(1, β+n; α+β+n; 1/(1+d)),
 * n − 1 = renewals. The first term is the coming renewal, undiscounted; times the margin of a
 * period, it is the contract's expected residual value. Needs a discount rate > 0.
 */
export function sbgDerl({ alpha, beta }: SbgParams, renewals: number, discountRate: number): number {
  if (!(discountRate > 0) || !(renewals >= 0)) return Number.NaN;
  const retention = (beta + renewals) / (alpha + beta + renewals);
  return retention * (1 + hyp2f1Minus1(1, beta + renewals + 1, alpha + beta + renewals + 1, 1 / (1 + discountRate)));
}
