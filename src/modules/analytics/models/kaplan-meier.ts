// Owns the Kaplan–Meier survival curve and the log-rank test.
// KM: at each event time, S(t) = Π (1 − d/n) over event times ≤ t, with Greenwood's variance
// Var S = S² Σ d/(n(n − d)) and 95 % pointwise bands on the log(−log S) scale (R's
// conf.type = "log-log", Stata's sts default): S^exp(±1.96 σ/ln S), σ² = Σ d/(n(n − d)), which
// stay inside [0, 1]. The median is the first time S ≤ ½ (the midpoint to the next event time
// when S is exactly ½ there, as R's survfit does); its interval is read off the band likewise.
// Log-rank (Mantel–Haenszel): observed minus expected events per group over the pooled event
// times, with the hypergeometric covariance; χ² on k − 1 degrees of freedom. Strata add up.
import { chiSquareSf, Z95 } from './distributions.ts';
import { invertSpd } from './optimise.ts';
import { ModelInputError } from './rows.ts';

export type KmPoint = {
  time: number;
  atRisk: number;
  events: number;
  censored: number;
  survival: number;
  se: number;
  lower: number;
  upper: number;
};

export type KmCurve = {
  n: number;
  events: number;
  /** One point per distinct event time (censored rows counted at the next event time's point or after the last). */
  points: KmPoint[];
  median: number | null;
  medianLower: number | null;
  medianUpper: number | null;
};

/** Row indices sorted by time ascending (events before censored rows at the same time). */
function byTime(time: ArrayLike<number>, event: ArrayLike<number>, rows: ArrayLike<number>): Uint32Array {
  return Uint32Array.from(rows).sort((a, b) => time[a] - time[b] || event[b] - event[a]);
}

/** The times and events of the given rows (default all) are usable. */
function validate(time: ArrayLike<number>, event: ArrayLike<number>, rows?: ArrayLike<number>) {
  if (time.length !== event.length)
    throw new ModelInputError(`time and event have different lengths (${time.length}, ${event.length})`);
  const n = rows ? rows.length : time.length;
  for (let r = 0; r < n; r++) {
    const i = rows ? rows[r] : r;
    if (!(time[i] >= 0 && Number.isFinite(time[i])))
      throw new ModelInputError(`row ${i}: the time must be a finite number ≥ 0, got ${time[i]}`);
    if (event[i] !== 0 && event[i] !== 1)
      throw new ModelInputError(`row ${i}: the event must be 0 or 1, got ${event[i]}`);
  }
}

/**
 * The Kaplan–Meier curve of the given rows (default all). `sorted`: the rows are already in
 * ascending time (a caller curving many subsets of one data set sorts once). `maxPoints`: keep
 * every k-th point (and the last) so that at most about that many are returned; the median and
 * its interval are still read off every point.
 */
export function kaplanMeier(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  rows?: ArrayLike<number>,
  sorted = false,
  maxPoints = Number.POSITIVE_INFINITY,
): KmCurve {
  validate(time, event, rows);
  const all = rows ?? Uint32Array.from({ length: time.length }, (_, i) => i);
  const idx = sorted ? all : byTime(time, event, all);
  const n = idx.length;
  // The points there will be (one per distinct event time), to know which to keep before building
  // any; counted only when some may be left out.
  let count = 0;
  if (maxPoints < Number.POSITIVE_INFINITY)
    for (let k = 0; k < n;) {
      const t = time[idx[k]];
      let d = 0;
      for (; k < n && time[idx[k]] === t; k++) d += event[idx[k]] ? 1 : 0;
      if (d > 0) count++;
    }
  const every = Math.max(1, Math.ceil(count / maxPoints));
  const points: KmPoint[] = [];
  const median = new HalfCrossing();
  const medianLower = new HalfCrossing();
  const medianUpper = new HalfCrossing();
  let atRisk = n;
  let survival = 1;
  let greenwood = 0;
  let censoredSinceLast = 0;
  let totalEvents = 0;
  let j = 0;
  let k = 0;
  while (k < n) {
    const t = time[idx[k]];
    let d = 0;
    let c = 0;
    for (; k < n && time[idx[k]] === t; k++) {
      if (event[idx[k]]) d++;
      else c++;
    }
    if (d > 0) {
      survival *= 1 - d / atRisk;
      greenwood += atRisk > d ? d / (atRisk * (atRisk - d)) : Number.POSITIVE_INFINITY;
      totalEvents += d;
      const [lower, upper] = logLogBand(survival, greenwood);
      median.see(t, survival);
      // The band's lower edge reaches ½ first: the earliest time the median may be.
      medianLower.see(t, Number.isNaN(lower) ? 0 : lower);
      medianUpper.see(t, Number.isNaN(upper) ? 0 : upper);
      if (j % every === 0 || j === count - 1)
        points.push({
          time: t,
          atRisk,
          events: d,
          censored: c + censoredSinceLast,
          survival,
          se: survival * Math.sqrt(greenwood),
          lower,
          upper,
        });
      j++;
      censoredSinceLast = 0;
    } else censoredSinceLast += c;
    atRisk -= d + c;
  }
  return {
    n,
    events: totalEvents,
    points,
    median: median.value,
    medianLower: medianLower.value,
    medianUpper: medianUpper.value,
  };
}

/** The 95 % log(−log) band; at S = 1 it is [1, 1], at S = 0 (or an infinite variance) undefined (NaN). */
function logLogBand(s: number, sumVar: number): [number, number] {
  if (s >= 1) return [1, 1];
  if (!(s > 0) || !Number.isFinite(sumVar)) return [Number.NaN, Number.NaN];
  const w = (Z95 * Math.sqrt(sumVar)) / Math.abs(Math.log(s));
  return [s ** Math.exp(w), s ** Math.exp(-w)];
}

/**
 * The first time a curve, read point by point, falls to ½ or below; R's midpoint rule for a curve
 * exactly at ½ (halfway to the next point's time, or that time at the last point).
 */
class HalfCrossing {
  value: number | null = null;
  private atHalf = false;

  see(time: number, v: number) {
    if (this.atHalf) {
      this.value = ((this.value as number) + time) / 2;
      this.atHalf = false;
    } else if (this.value === null) {
      if (Math.abs(v - 0.5) < 1e-12) {
        this.value = time;
        this.atHalf = true;
      } else if (v < 0.5) this.value = time;
    }
  }
}

export type LogRank = { chisq: number; df: number; p: number; observed: number[]; expected: number[] };

/**
 * The log-rank test that k groups (0..k−1 per row; −1 leaves a row out) share one survival curve,
 * within strata when given. `sorted`: the rows are already in ascending time (no strata).
 */
export function logRank(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  group: ArrayLike<number>,
  strata?: ArrayLike<number>,
  sorted = false,
): LogRank {
  validate(time, event);
  let k = 0;
  for (let i = 0; i < group.length; i++) k = Math.max(k, group[i] + 1);
  if (k < 2) throw new ModelInputError('the log-rank test needs at least two groups');
  let used = 0;
  for (let i = 0; i < group.length; i++) if (group[i] >= 0) used++;
  const idx = new Uint32Array(used);
  for (let i = 0, r = 0; i < group.length; i++) if (group[i] >= 0) idx[r++] = i;
  // Ascending time within strata.
  if (!sorted || strata) idx.sort((a, b) => (strata ? strata[a] - strata[b] : 0) || time[a] - time[b]);
  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  const V = new Float64Array(k * k);
  const atRisk = new Float64Array(k);
  const dg = new Float64Array(k);
  const leaving = new Float64Array(k);
  let pos = 0;
  while (pos < idx.length) {
    // One stratum: everyone in it is at risk at its first time.
    const s = strata ? strata[idx[pos]] : 0;
    let end = pos;
    atRisk.fill(0);
    while (end < idx.length && (!strata || strata[idx[end]] === s)) atRisk[group[idx[end++]]]++;
    let total = end - pos;
    while (pos < end) {
      const t = time[idx[pos]];
      const first = pos;
      let d = 0;
      for (; pos < end && time[idx[pos]] === t; pos++) {
        const g = group[idx[pos]];
        leaving[g]++;
        if (event[idx[pos]]) {
          dg[g]++;
          d++;
        }
      }
      if (d > 0) {
        const factor = total > 1 ? (d * (total - d)) / (total - 1) : 0;
        for (let a = 0; a < k; a++) {
          observed[a] += dg[a];
          expected[a] += (d * atRisk[a]) / total;
          for (let b = 0; b < k; b++)
            V[a * k + b] += (factor * atRisk[a] * ((a === b ? 1 : 0) - atRisk[b] / total)) / total;
        }
      }
      // Only the groups seen at this time have counts to clear.
      for (let r = first; r < pos; r++) {
        const g = group[idx[r]];
        atRisk[g] -= leaving[g];
        leaving[g] = 0;
        dg[g] = 0;
      }
      total -= pos - first;
    }
  }
  // χ² = (O − E)ᵀ V⁻¹ (O − E) over the first k − 1 groups (V has rank k − 1).
  const m = k - 1;
  const Vm = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) Vm[a * m + b] = V[a * k + b];
  const inv = invertSpd(Vm, m);
  let chisq = Number.NaN;
  if (inv) {
    chisq = 0;
    for (let a = 0; a < m; a++)
      for (let b = 0; b < m; b++) chisq += (observed[a] - expected[a]) * inv[a * m + b] * (observed[b] - expected[b]);
  }
  return {
    chisq,
    df: m,
    p: Number.isNaN(chisq) ? Number.NaN : chiSquareSf(chisq, m),
    observed: [...observed],
    expected: [...expected],
  };
}
