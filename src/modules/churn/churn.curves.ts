// Owns the contractual retention curves over contract durations: the shifted-beta-geometric
// model (Fader & Hardie 2007) fitted per cohort (acquisition quarter × plan) from the monthly
// sub-cohorts' survivor counts, with observed and projected retention, and the discounted
// expected residual lifetime of a running contract (Fader & Hardie 2010); Kaplan–Meier curves
// with Greenwood log-log 95 % bands by segment, medians, and the log-rank test between segments.
// Pure: rows in, plain objects out; the models are analytics/models'.
import {
  fitSbg,
  kaplanMeier,
  logRank,
  sbgDerl,
  sbgRetentionRate,
  sbgSurvival,
  type SbgParams,
} from '../analytics/index.ts';
import type { CohortCountRow, SurvivalTable } from './churn.facts.repository.ts';

export type CurvePoint = { period: number; survival: number; retention: number | null };

export type CohortCurve = {
  cohort: string;
  plan: string;
  contracts: number;
  active: number;
  fit: { alpha: number; beta: number; logLikelihood: number; converged: boolean } | null;
  observed: CurvePoint[];
  projected: CurvePoint[];
};

export const segmentKinds = ['plan', 'payment_method', 'term', 'tier'] as const;
export type SegmentKind = (typeof segmentKinds)[number];

export type KmSegment = {
  segment: string;
  n: number;
  events: number;
  median: number | null;
  medianLower: number | null;
  medianUpper: number | null;
  points: { time: number; survival: number; lower: number; upper: number; atRisk: number }[];
};

export type SurvivalBySegment = {
  by: SegmentKind;
  segments: KmSegment[];
  logRank: { chisq: number; df: number; p: number } | null;
};

const quarterOf = (month: string) => `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;

/** Whole months from the end of a 'YYYY-MM' month to `asOf`: the periods every contract of that month was observed. */
function horizon(month: string, asOf: Date): number {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return asOf.getUTCFullYear() * 12 + asOf.getUTCMonth() + 1 - (y * 12 + m) - 1;
}

/** Survivors s_0..s_H of each monthly sub-cohort (expired contracts left out: they ended by design, not by churn). */
function subCohorts(rows: CohortCountRow[], asOf: Date): Map<string, number[]> {
  const byMonth = new Map<string, CohortCountRow[]>();
  for (const r of rows) {
    if (r.expired) continue;
    const key = `${quarterOf(r.cohort_month)}\u001f${r.plan}\u001f${r.cohort_month}`;
    const list = byMonth.get(key);
    if (list) list.push(r);
    else byMonth.set(key, [r]);
  }
  const out = new Map<string, number[]>();
  for (const [key, list] of byMonth) {
    const H = Math.min(horizon(key.split('\u001f')[2], asOf), 120);
    if (H < 0) continue;
    const s = new Array<number>(H + 1).fill(0);
    for (const r of list) {
      const lived = r.cancelled ? Math.min(Number(r.whole_months), H) : H;
      for (let k = 0; k <= lived; k++) s[k] += r.n;
    }
    out.set(key, s);
  }
  return out;
}

/**
 * The sub-cohort counts of `cohortCountRows` from the survival records (one read serves both): rows
 * by (start month, plan, fate, whole months), their sub-cohorts in the order the first non-expired
 * contract of each comes by months run (the records come shortest first), those with none last;
 * ties by month and plan (by code point: the database's collation may order plans otherwise, which
 * changes only the order of floating-point sums in a fit).
 */
export function cohortCountsOf(t: SurvivalTable): CohortCountRow[] {
  type Partition = { first: number | null; month: string; plan: string; rows: Map<number, CohortCountRow> };
  // By month, then plan: no key string built per record.
  const partitions = new Map<string, Map<string, Partition>>();
  const all: Partition[] = [];
  const { months, cancelled, expired, active, whole_months } = t.num;
  for (let i = 0; i < t.n; i++) {
    const month = t.cohort_month[i];
    const plan = t.plan[i];
    let byPlan = partitions.get(month);
    if (!byPlan) partitions.set(month, (byPlan = new Map()));
    let part = byPlan.get(plan);
    if (!part) {
      byPlan.set(plan, (part = { first: null, month, plan, rows: new Map() }));
      all.push(part);
    }
    if (part.first === null && expired[i] !== 1) part.first = months[i];
    const whole = cancelled[i] === 1 ? whole_months[i] : null;
    // The fate as one number: cancelled, expired and active flags beside the whole months lived.
    const fate = (whole ?? -1) * 8 + cancelled[i] * 4 + expired[i] * 2 + active[i];
    const row = part.rows.get(fate);
    if (row) row.n++;
    else
      part.rows.set(fate, {
        cohort_month: month,
        plan,
        cancelled: cancelled[i] === 1,
        expired: expired[i] === 1,
        active: active[i] === 1,
        whole_months: whole,
        n: 1,
      });
  }
  const order = all.sort(
    (a, b) =>
      (a.first ?? Infinity) - (b.first ?? Infinity) ||
      (a.month < b.month ? -1 : a.month > b.month ? 1 : a.plan < b.plan ? -1 : a.plan > b.plan ? 1 : 0),
  );
  return order.flatMap((part) => [...part.rows.values()]);
}

function tryFit(survivors: number[][]): SbgParams & { logLikelihood: number; converged: boolean } {
  const usable = survivors.filter((s) => s.length >= 2 && s[0] > 0);
  if (usable.length === 0) throw new Error('no cohort observed for a period');
  const fit = fitSbg(usable);
  return { ...fit.params, logLikelihood: fit.logLikelihood, converged: fit.converged };
}

export type RetentionModel = {
  cohorts: CohortCurve[];
  /** Parameters by cohort key (quarter × plan), by plan (all its cohorts) and overall, for DERL. */
  params: { byCohort: Record<string, SbgParams>; byPlan: Record<string, SbgParams>; overall: SbgParams | null };
};

export function retentionCurves(rows: CohortCountRow[], asOf: Date, periods = 24): RetentionModel {
  const subs = subCohorts(rows, asOf);
  const groups = new Map<string, number[][]>();
  const plans = new Map<string, number[][]>();
  for (const [key, s] of subs) {
    const [q, plan] = key.split('\u001f');
    const g = `${q}\u001f${plan}`;
    groups.set(g, [...(groups.get(g) ?? []), s]);
    plans.set(plan, [...(plans.get(plan) ?? []), s]);
  }
  const counts = new Map<string, { contracts: number; active: number }>();
  for (const r of rows) {
    const g = `${quarterOf(r.cohort_month)}\u001f${r.plan}`;
    const c = counts.get(g) ?? { contracts: 0, active: 0 };
    c.contracts += r.n;
    if (r.active) c.active += r.n;
    counts.set(g, c);
  }
  const byCohort: Record<string, SbgParams> = {};
  const cohorts: CohortCurve[] = [];
  for (const [g, list] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const [cohort, plan] = g.split('\u001f');
    let fit: CohortCurve['fit'] = null;
    try {
      const f = tryFit(list);
      fit = { alpha: f.alpha, beta: f.beta, logLikelihood: f.logLikelihood, converged: f.converged };
      if (f.converged) byCohort[g] = { alpha: f.alpha, beta: f.beta };
    } catch {
      fit = null;
    }
    const maxH = Math.max(...list.map((s) => s.length - 1));
    const observed: CurvePoint[] = [];
    for (let k = 0; k <= maxH; k++) {
      const seen = list.filter((s) => s.length > k);
      const alive = seen.reduce((a, s) => a + s[k], 0);
      const start = seen.reduce((a, s) => a + s[0], 0);
      const before = seen.reduce((a, s) => a + s[k - 1 < 0 ? 0 : k - 1], 0);
      observed.push({ period: k, survival: alive / start, retention: k === 0 || before === 0 ? null : alive / before });
    }
    const projected: CurvePoint[] = fit
      ? Array.from({ length: periods + 1 }, (_, k) => ({
          period: k,
          survival: sbgSurvival(fit, k),
          retention: k === 0 ? null : sbgRetentionRate(fit, k),
        }))
      : [];
    cohorts.push({ cohort, plan, ...(counts.get(g) ?? { contracts: 0, active: 0 }), fit, observed, projected });
  }
  const byPlan: Record<string, SbgParams> = {};
  for (const [plan, list] of plans) {
    try {
      const f = tryFit(list);
      if (f.converged) byPlan[plan] = { alpha: f.alpha, beta: f.beta };
    } catch {
      // A plan with no observed period has no curve; DERL falls back to the overall fit.
    }
  }
  let overall: SbgParams | null = null;
  try {
    const f = tryFit([...subs.values()]);
    if (f.converged) overall = { alpha: f.alpha, beta: f.beta };
  } catch {
    overall = null;
  }
  return { cohorts, params: { byCohort, byPlan, overall } };
}

/** The sBG parameters that describe a running contract: its cohort's, else its plan's, else the overall fit. */
export function paramsFor(model: RetentionModel['params'], cohortMonth: string, plan: string): SbgParams | null {
  return model.byCohort[`${quarterOf(cohortMonth)}\u001f${plan}`] ?? model.byPlan[plan] ?? model.overall;
}

/**
 * A running contract's lifetime outlook after `renewals` whole months: DERL in months (Fader &
 * Hardie 2010, eq. 6) and the expected further renewals Σ S(n+k)/S(n) = (β+n)/(α−1), which is
 * unbounded (null) when α ≤ 1.
 */
export function lifetimeOutlook(params: SbgParams, renewals: number, monthlyDiscount: number) {
  return {
    derlMonths: sbgDerl(params, renewals, monthlyDiscount),
    expectedRemainingMonths: params.alpha > 1 ? (params.beta + renewals) / (params.alpha - 1) : null,
  };
}

/** Each record's segment of one kind. */
function segmentsOf(t: SurvivalTable, by: SegmentKind): string[] {
  if (by === 'plan') return t.plan;
  if (by === 'payment_method') return t.payment_method.map((m) => m ?? 'unknown');
  if (by === 'tier') return t.tier.map((x) => x ?? 'none');
  return Array.from(t.num.term_months, (m) => (Number.isNaN(m) ? 'unknown' : String(m)));
}

/** Most segments shown (the largest); a curve keeps at most this many points. */
const MAX_SEGMENTS = 8;
const MAX_POINTS = 120;

/**
 * Survival by each segment kind; the rows are sorted by time once for every curve and test (not
 * at all when they come sorted, as `survivalRows` gives them: a comparator sort of 1M indices
 * took seconds).
 */
export function survivalBySegments(t: SurvivalTable, kinds: readonly SegmentKind[]): SurvivalBySegment[] {
  const months = Float64Array.from(t.num.months, (m) => Math.max(m, 0));
  let sorted = true;
  for (let i = 1; i < months.length && sorted; i++) sorted = months[i - 1] <= months[i];
  const order = sorted ? null : Uint32Array.from({ length: t.n }, (_, i) => i).sort((a, b) => months[a] - months[b]);
  const time = order ? Float64Array.from(order, (i) => months[i]) : months;
  const event = order ? Float64Array.from(order, (i) => t.num.cancelled[i]) : t.num.cancelled;
  return kinds.map((by) => {
    const labels = segmentsOf(t, by);
    return segmentCurves(order ? Array.from(order, (i) => labels[i]) : labels, time, event, by);
  });
}

export const survivalBySegment = (t: SurvivalTable, by: SegmentKind): SurvivalBySegment =>
  survivalBySegments(t, [by])[0];

/** Each record's segment `labels`, `time` and `event`, in ascending time. */
function segmentCurves(labels: string[], time: Float64Array, event: Float64Array, by: SegmentKind) {
  const sizes = new Map<string, number>();
  for (const s of labels) sizes.set(s, (sizes.get(s) ?? 0) + 1);
  const kept = [...sizes]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_SEGMENTS)
    .map(([s]) => s);
  const index = new Map(kept.map((s, i) => [s, i]));
  const group = Int32Array.from(labels, (s) => index.get(s) ?? -1);
  const members: number[][] = kept.map(() => []);
  group.forEach((g, i) => g >= 0 && members[g].push(i));
  const segments: KmSegment[] = kept.map((segment, g) => {
    const km = kaplanMeier(time, event, members[g], true);
    const every = Math.max(1, Math.ceil(km.points.length / MAX_POINTS));
    const points = km.points
      .filter((_, i) => i % every === 0 || i === km.points.length - 1)
      .map((pt) => ({ time: pt.time, survival: pt.survival, lower: pt.lower, upper: pt.upper, atRisk: pt.atRisk }));
    return {
      segment,
      n: km.n,
      events: km.events,
      median: km.median,
      medianLower: km.medianLower,
      medianUpper: km.medianUpper,
      points,
    };
  });
  let test: SurvivalBySegment['logRank'] = null;
  if (kept.length >= 2 && event.some((e) => e === 1)) {
    const lr = logRank(time, event, group, undefined, true);
    test = { chisq: lr.chisq, df: lr.df, p: lr.p };
  }
  return { by, segments, logRank: test } satisfies SurvivalBySegment;
}
