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
import { ascendingOrder } from '../../lib/sort-order.ts';
import { categoricalFeatures } from './churn.features.ts';
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
 * by (start month, plan, fate, whole months), their sub-cohorts in the order of their shortest
 * non-expired contract by months run (the records come in any order), those with none last;
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
    if (expired[i] !== 1 && (part.first === null || months[i] < part.first)) part.first = months[i];
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

/**
 * Each record's segment of one kind, by record index: its level of a categorical feature (the
 * same defaults as the model's), or its term (a term's label is built once per term).
 */
function labeler(t: SurvivalTable, by: SegmentKind): (i: number) => string {
  const categorical = categoricalFeatures.find((f) => f.code === by);
  if (categorical) return (i) => categorical.read(t, i);
  const terms = new Map<number, string>();
  return (i) => {
    const m = t.num.term_months[i];
    let label = terms.get(m);
    if (label === undefined) terms.set(m, (label = Number.isNaN(m) ? 'unknown' : String(m)));
    return label;
  };
}

/** Most segments shown (the largest); a curve keeps at most this many points. */
const MAX_SEGMENTS = 8;
const MAX_POINTS = 120;

/**
 * Survival by each segment kind; the records are put in time order once for every curve and test
 * (a radix sort: a comparator sort of 1M indices took seconds), not at all when they come so.
 */
export function survivalBySegments(t: SurvivalTable, kinds: readonly SegmentKind[]): SurvivalBySegment[] {
  // Plain loops throughout: a typed array's `from` with a callback is slow at a million records.
  const n = t.n;
  const months = new Float64Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    months[i] = Math.max(t.num.months[i], 0);
    if (i > 0 && months[i - 1] > months[i]) sorted = false;
  }
  const order = sorted ? null : ascendingOrder(months);
  const time = order ? new Float64Array(n) : months;
  const event = order ? new Float64Array(n) : t.num.cancelled;
  if (order)
    for (let k = 0; k < n; k++) {
      time[k] = months[order[k]];
      event[k] = t.num.cancelled[order[k]];
    }
  return kinds.map((by) => segmentCurves(labeler(t, by), n, order, time, event, by));
}

export const survivalBySegment = (t: SurvivalTable, by: SegmentKind): SurvivalBySegment =>
  survivalBySegments(t, [by])[0];

/**
 * The curves of the largest segments and the log-rank test between them. `labelOf` names record
 * i's segment; `order` puts records in ascending time (null: they are), as `time` and `event` are.
 */
function segmentCurves(
  labelOf: (i: number) => string,
  n: number,
  order: Uint32Array | null,
  time: Float64Array,
  event: Float64Array,
  by: SegmentKind,
) {
  // Each record's label as a number, and each label's size.
  const ids = new Map<string, number>();
  const labels: string[] = [];
  const sizes: number[] = [];
  const labelIds = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = labelOf(i);
    let id = ids.get(label);
    if (id === undefined) {
      ids.set(label, (id = labels.length));
      labels.push(label);
      sizes.push(0);
    }
    labelIds[i] = id;
    sizes[id]++;
  }
  const keptIds = labels
    .map((_, id) => id)
    .sort((a, b) => sizes[b] - sizes[a] || (labels[a] < labels[b] ? -1 : 1))
    .slice(0, MAX_SEGMENTS);
  const kept = keptIds.map((id) => labels[id]);
  const groupOfId = new Int32Array(labels.length).fill(-1);
  keptIds.forEach((id, g) => (groupOfId[id] = g));
  // Each record's group in time order, and each group's members (time order) as one slice of `members`.
  const group = new Int32Array(n);
  const starts = new Uint32Array(kept.length + 1);
  for (let k = 0; k < n; k++) {
    const g = groupOfId[labelIds[order ? order[k] : k]];
    group[k] = g;
    if (g >= 0) starts[g + 1]++;
  }
  for (let g = 0; g < kept.length; g++) starts[g + 1] += starts[g];
  const members = new Uint32Array(starts[kept.length]);
  const fill = starts.slice(0, kept.length);
  for (let k = 0; k < n; k++) if (group[k] >= 0) members[fill[group[k]]++] = k;
  const segments: KmSegment[] = kept.map((segment, g) => {
    const km = kaplanMeier(time, event, members.subarray(starts[g], starts[g + 1]), true, MAX_POINTS);
    const points = km.points.map((pt) => ({
      time: pt.time,
      survival: pt.survival,
      lower: pt.lower,
      upper: pt.upper,
      atRisk: pt.atRisk,
    }));
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
