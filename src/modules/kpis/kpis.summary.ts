// Owns the summary of retention KPIs for the KPI home: each as its numerator and denominator, this
// period against the previous one of the same length, for the customers the filters choose (tier,
// RFM segment, saved segment, account manager: kpis.filters.ts; every figure, numerators and
// denominators alike). Purchase-based ones (logo retention and churn, repeat-purchase rate) come
// from the purchase-activity roll-up (kpis.activity.repository.ts) when the filters leave it usable
// — none, or the tier alone — and otherwise from commerce's transactions; defections from the
// defection register (by reason and by current tier); complaints per 1,000 active customers, SLA
// compliance, handling times and root causes from the complaints domain; the customer's voice (NPS,
// CSAT with their 95% bands, compliments per 1,000 active customers) from surveys and feedback.
// Formulas: docs/kpis.md.
import type { CustomerFilter } from '../../db/customer-filter.ts';
import type { Ctx } from '../../deps.ts';
import { formatMonth } from '../analytics/index.ts';
import { purchaseActivity, type PurchaseActivityRow } from '../commerce/index.ts';
import { complaintKpiFacts } from '../complaints/index.ts';
import { countActiveCustomers } from '../customers/index.ts';
import { defectionReasonShares } from '../defections/index.ts';
import { complimentCount } from '../feedback/index.ts';
import { satisfactionKpis } from '../surveys/index.ts';
import type { KpiSummaryDto } from './kpis.dto.ts';
import { rollupActivity } from './kpis.activity.repository.ts';
import { customerFilter, type KpiFilters } from './kpis.filters.ts';
import { monthStart, type Period, previousPeriod, resolvePeriod } from './kpis.period.ts';
import { refreshCohortRollup } from './kpis.rollup.ts';

const ratio = (numerator: number, denominator: number, scale = 1) => ({
  numerator,
  denominator,
  value: denominator === 0 ? null : Math.round(((numerator * scale) / denominator) * 1e6) / 1e6,
});

const window = (p: Period) => ({ from: monthStart(p.from), to: monthStart(p.to + 1) });
const round2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

/** Two lists of counts by key, side by side; keys of either period, most (current) first. */
function compare(current: Map<string | null, number>, previous: Map<string | null, number>) {
  const keys = new Set([...current.keys(), ...previous.keys()]);
  return [...keys]
    .map((key) => ({ key, current: current.get(key) ?? 0, previous: previous.get(key) ?? 0 }))
    .sort((a, b) => b.current - a.current || b.previous - a.previous || String(a.key).localeCompare(String(b.key)));
}

const sumBy = <T>(rows: T[], key: (r: T) => string | null, n: (r: T) => number) => {
  const out = new Map<string | null, number>();
  for (const r of rows) out.set(key(r), (out.get(key(r)) ?? 0) + n(r));
  return out;
};

/**
 * The figures of one window [from, to) with the window of the same length before it starting at
 * `before` (logo retention): purchases, defections (by reason and by tier), complaints and
 * compliments, of the filtered customers. The weekly digest reads the same over weeks (purchase
 * activity from the transactions: weeks are not the roll-up's months); `activity`, when given,
 * reads the purchase activity instead.
 */
export async function windowFigures(
  ctx: Ctx,
  workspaceId: string,
  w: { before: Date; from: Date; to: Date },
  customers: CustomerFilter | undefined,
  activity?: () => Promise<PurchaseActivityRow>,
) {
  const span = { from: w.from, to: w.to, customers };
  const [purchases, reasons, tiers, complaints, compliments] = await Promise.all([
    activity ? activity() : purchaseActivity(ctx.db, workspaceId, { ...w, filter: customers }),
    defectionReasonShares(ctx.db, workspaceId, span),
    defectionReasonShares(ctx.db, workspaceId, { ...span, groupBy: 'tier' }),
    complaintKpiFacts(ctx.db, workspaceId, span),
    complimentCount(ctx.db, workspaceId, span),
  ]);
  return { activity: purchases, reasons, tiers, complaints, compliments };
}

/** Where the period's purchase activity comes from: the roll-up (all customers or one tier), else the transactions. */
type ActivitySource = { rollup: true; tier?: string } | { rollup: false };

async function periodFigures(
  ctx: Ctx,
  workspaceId: string,
  p: Period,
  customers: CustomerFilter | undefined,
  source: ActivitySource,
) {
  const before = 2 * p.from - p.to - 1;
  const activity = source.rollup
    ? () => rollupActivity(ctx.db, workspaceId, { before, from: p.from, to: p.to + 1, tier: source.tier })
    : undefined;
  const [figures, satisfaction] = await Promise.all([
    windowFigures(ctx, workspaceId, { before: monthStart(before), ...window(p) }, customers, activity),
    satisfactionKpis(ctx, workspaceId, { from: formatMonth(p.from), to: formatMonth(p.to), customers }),
  ]);
  return { ...figures, satisfaction };
}

const band = (r: { n: number; low: number | null; high: number | null }, value: number | null) => ({
  value: round2(value),
  n: r.n,
  low: round2(r.low),
  high: round2(r.high),
});

/**
 * The roll-up keeps purchases per tier, so it answers for everyone or one tier; an RFM segment, a
 * saved segment or an account manager picks customers it does not know: the transactions answer.
 */
async function activitySource(ctx: Ctx, workspaceId: string, q: KpiFilters): Promise<ActivitySource> {
  if (q.rfmSegment !== undefined || q.segment !== undefined || q.accountManager !== undefined) return { rollup: false };
  await refreshCohortRollup(ctx, workspaceId);
  return { rollup: true, tier: q.tier };
}

/** `read: 'raw'` takes the purchase activity from the transactions whatever the filters (the reference of tests and the benchmark). */
export async function kpiSummary(
  ctx: Ctx,
  workspaceId: string,
  q: { from?: string; to?: string } & KpiFilters,
  read: 'rollup' | 'raw' = 'rollup',
): Promise<KpiSummaryDto> {
  const p = resolvePeriod(ctx.now(), q);
  const prev = previousPeriod(p);
  const customers = await customerFilter(ctx, workspaceId, q);
  const source: ActivitySource = read === 'raw' ? { rollup: false } : await activitySource(ctx, workspaceId, q);
  const [cur, old, active] = await Promise.all([
    periodFigures(ctx, workspaceId, p, customers, source),
    periodFigures(ctx, workspaceId, prev, customers, source),
    countActiveCustomers(ctx.db, workspaceId, customers),
  ]);
  const both = <T>(f: (x: typeof cur) => T) => ({ current: f(cur), previous: f(old) });
  const defections = (x: typeof cur) => x.reasons.reduce((n, r) => n + r.count, 0);
  return {
    from: formatMonth(p.from),
    to: formatMonth(p.to),
    previousFrom: formatMonth(prev.from),
    previousTo: formatMonth(prev.to),
    logoRetention: both((x) => ratio(x.activity.retained, x.activity.activeBefore)),
    logoChurn: both((x) => ratio(x.activity.activeBefore - x.activity.retained, x.activity.activeBefore)),
    repeatPurchaseRate: both((x) => ratio(x.activity.repeaters, x.activity.active)),
    defectionRate: both((x) => ratio(defections(x), active + defections(x))),
    defectionsByReason: compare(
      sumBy(
        cur.reasons,
        (r) => r.reasonCode,
        (r) => r.count,
      ),
      sumBy(
        old.reasons,
        (r) => r.reasonCode,
        (r) => r.count,
      ),
    ),
    defectionsByTier: compare(
      sumBy(
        cur.tiers,
        (r) => r.group ?? null,
        (r) => r.count,
      ),
      sumBy(
        old.tiers,
        (r) => r.group ?? null,
        (r) => r.count,
      ),
    ),
    complaintsPer1000: both((x) => ratio(x.complaints.registered, active, 1000)),
    slaCompliance: both((x) => ratio(x.complaints.resolvedWithinSla, x.complaints.resolvedWithDeadline)),
    handlingHours: both((x) => ({
      mean: round2(x.complaints.meanHoursToResolve),
      p90: round2(x.complaints.p90HoursToResolve),
    })),
    complaintsByRootCause: compare(
      sumBy(
        cur.complaints.rootCauses,
        (r) => r.rootCause,
        (r) => r.count,
      ),
      sumBy(
        old.complaints.rootCauses,
        (r) => r.rootCause,
        (r) => r.count,
      ),
    ),
    nps: both((x) => band(x.satisfaction.nps, x.satisfaction.nps.nps)),
    csat: both((x) => band(x.satisfaction.csat, x.satisfaction.csat.csat)),
    complimentsPer1000: both((x) => ratio(x.compliments, active, 1000)),
  };
}
