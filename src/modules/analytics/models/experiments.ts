// Owns the statistics of controlled experiments (campaigns with a control group): intervals and
// tests for a difference of two proportions (Wilson score, Newcombe's hybrid score interval, the
// pooled two-proportion z-test) and of two means (Welch's t with Welch–Satterthwaite degrees of
// freedom), the sample-ratio-mismatch check of an assignment, and the sample size / minimum
// detectable effect of a planned comparison. Pure functions over counts and summaries; the
// expected values in experiments.test.ts come from the published worked examples.
import { chiSquareSf, normalQuantile, normalTwoSided, studentTQuantile, studentTTwoSided } from './distributions.ts';

export type Interval = { lower: number; upper: number };
export type Comparison = { difference: number; lower: number; upper: number; p: number };
/** A sample's summary: size, mean and (n − 1) variance. */
export type Moments = { n: number; mean: number; variance: number };

const zFor = (confidence: number) => normalQuantile(1 - (1 - confidence) / 2);

/** Wilson's score interval for x successes in n trials (Newcombe 1998b, method 3). */
export function wilsonInterval(x: number, n: number, confidence = 0.95): Interval {
  if (!(n > 0) || x < 0 || x > n) return { lower: Number.NaN, upper: Number.NaN };
  const z = zFor(confidence);
  const p = x / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p) + z2 / (4 * n)) / n);
  const scale = 1 + z2 / n;
  return { lower: x === 0 ? 0 : (centre - half) / scale, upper: x === n ? 1 : (centre + half) / scale };
}

/**
 * p1 − p2 with Newcombe's hybrid score interval (Newcombe 1998, method 10: each proportion's
 * Wilson interval, combined by "square and add") and the pooled two-proportion z-test's p-value.
 */
export function compareProportions(x1: number, n1: number, x2: number, n2: number, confidence = 0.95): Comparison {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const a = wilsonInterval(x1, n1, confidence);
  const b = wilsonInterval(x2, n2, confidence);
  const difference = p1 - p2;
  return {
    difference,
    lower: difference - Math.sqrt((p1 - a.lower) ** 2 + (b.upper - p2) ** 2),
    upper: difference + Math.sqrt((a.upper - p1) ** 2 + (p2 - b.lower) ** 2),
    p: twoProportionZTest(x1, n1, x2, n2).p,
  };
}

/** The pooled two-proportion z-test of p1 = p2 (two-sided); z is 0 and p is 1 when nothing varies. */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): { z: number; p: number } {
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return { z: 0, p: 1 };
  const z = (x1 / n1 - x2 / n2) / se;
  return { z, p: normalTwoSided(z) };
}

/** Mean, (n − 1) variance and size of a sample (Welford's one-pass update). */
export function moments(values: Iterable<number>): Moments {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const v of values) {
    n += 1;
    const delta = v - mean;
    mean += delta / n;
    m2 += delta * (v - mean);
  }
  return { n, mean: n > 0 ? mean : Number.NaN, variance: n > 1 ? m2 / (n - 1) : Number.NaN };
}

export type WelchResult = Comparison & { t: number; df: number };

/** Welch's t-test and interval for mean1 − mean2, with Welch–Satterthwaite degrees of freedom. */
export function welch(a: Moments, b: Moments, confidence = 0.95): WelchResult {
  const difference = a.mean - b.mean;
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  if (!(se > 0)) {
    return { difference, lower: difference, upper: difference, p: difference === 0 ? 1 : 0, t: Number.NaN, df: 0 };
  }
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const t = difference / se;
  const half = studentTQuantile(1 - (1 - confidence) / 2, df) * se;
  return { difference, lower: difference - half, upper: difference + half, p: studentTTwoSided(t, df), t, df };
}

export type SampleRatioCheck = { chiSquare: number; df: number; p: number; mismatch: boolean };

/** p below which an observed split is called a sample-ratio mismatch (the usual, strict A/B-testing threshold). */
export const SRM_ALPHA = 0.001;

/** Pearson's chi-square goodness of fit of the observed group sizes to the planned shares (any positive weights). */
export function sampleRatioMismatch(observed: readonly number[], planned: readonly number[]): SampleRatioCheck {
  if (observed.length !== planned.length || observed.length < 2) throw new RangeError('one planned share per group');
  const total = observed.reduce((s, v) => s + v, 0);
  const weight = planned.reduce((s, v) => s + v, 0);
  let chiSquare = 0;
  for (let i = 0; i < observed.length; i++) {
    const expected = (total * planned[i]) / weight;
    chiSquare += (observed[i] - expected) ** 2 / expected;
  }
  const df = observed.length - 1;
  const p = total > 0 ? chiSquareSf(chiSquare, df) : 1;
  return { chiSquare, df, p, mismatch: p < SRM_ALPHA };
}

export type Design = { alpha?: number; power?: number };
/** Treatment size over control size (9 for a 90/10 split). */
export type Allocation = { ratio?: number };

const zPair = ({ alpha = 0.05, power = 0.8 }: Design) => ({
  za: normalQuantile(1 - alpha / 2),
  zb: normalQuantile(power),
});

/**
 * Control-group size to detect p2 − p1 = effect from a baseline rate p1 (two-sided normal approximation
 * with the pooled variance under the null, Fleiss, Levin & Paik 2003 §4.2, extended to k = nT/nC).
 */
export function sampleSizeProportions(baseline: number, effect: number, options: Design & Allocation = {}): number {
  const k = options.ratio ?? 1;
  const p1 = baseline;
  const p2 = baseline + effect;
  if (!(p1 > 0 && p1 < 1 && p2 > 0 && p2 < 1) || effect === 0) return Number.NaN;
  const { za, zb } = zPair(options);
  const pBar = (p1 + k * p2) / (1 + k);
  const root = za * Math.sqrt(pBar * (1 - pBar) * (1 + 1 / k)) + zb * Math.sqrt(p1 * (1 - p1) + (p2 * (1 - p2)) / k);
  return (root * root) / (effect * effect);
}

/** The smallest rise over a baseline rate that control and treatment groups of these sizes detect. */
export function mdeProportions(baseline: number, control: number, treatment: number, options: Design = {}): number {
  const ratio = treatment / control;
  const room = 1 - baseline;
  if (!(control > 0 && treatment > 0) || !(room > 0)) return Number.NaN;
  let lo = 0;
  let hi = room * (1 - 1e-12);
  if (sampleSizeProportions(baseline, hi, { ...options, ratio }) > control) return Number.NaN;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (sampleSizeProportions(baseline, mid, { ...options, ratio }) > control) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Control-group size to detect a difference of means `effect` with standard deviation sd (normal approximation). */
export function sampleSizeMeans(sd: number, effect: number, options: Design & Allocation = {}): number {
  const k = options.ratio ?? 1;
  const { za, zb } = zPair(options);
  return ((za + zb) ** 2 * sd * sd * (1 + 1 / k)) / (effect * effect);
}

/** The smallest difference of means that groups of these sizes detect. */
export function mdeMeans(sd: number, control: number, treatment: number, options: Design = {}): number {
  const { za, zb } = zPair(options);
  return (za + zb) * sd * Math.sqrt(1 / control + 1 / treatment);
}
