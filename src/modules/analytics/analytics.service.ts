// Use cases of the value engine that read: the pyramid, the RFM grid, one customer's value with
// explanations, the fitted CLV model, runs and tier changes. Scoring itself is analytics.scoring.ts.
import { isoOrNull } from '../../lib/dates.ts';
import type { Ctx } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { customerExists } from '../customers/index.ts';
import type { ClvModelDto, CustomerValueDto, PyramidDto, RfmDto, ScoringRunDto } from './analytics.dto.ts';
import { explainClv, explainMetrics, explainTierReason, pickLocale } from './analytics.explain.ts';
import { type ScoringRunRow } from './analytics.repository.ts';
import { findScore, listTierChanges, pyramidRows, rfmRows } from './analytics.reads.repository.ts';
import { latestRuns, listRuns } from './analytics.runs.repository.ts';
import { pyramidTiers, rfmSegments, type RfmSegment } from './analytics.schema.ts';
import type { StoredModel } from './analytics.scoring.ts';
import { loadSettings } from './analytics.settings.ts';

const ratio = (part: number, whole: number) => (whole > 0 ? Math.min(1, Math.max(0, part / whole)) : 0);

export async function getPyramid(ctx: Ctx, workspaceId: string): Promise<PyramidDto> {
  const { settings, currency } = await loadSettings(ctx, workspaceId);
  const [{ tiers, unscored }, { latest }] = await Promise.all([
    pyramidRows(ctx.db, workspaceId),
    latestRuns(ctx.db, workspaceId),
  ]);
  const by = new Map(tiers.map((t) => [t.tier, t]));
  const rows = pyramidTiers.map((tier) => by.get(tier) ?? { tier, customers: 0, revenue: 0, profit: 0 });
  const customers = rows.reduce((s, r) => s + r.customers, 0);
  // Shares of what was earned: a tier that lost money (Lead) has no share; its loss is in profitMinor.
  const revenue = rows.reduce((s, r) => s + Math.max(0, r.revenue), 0);
  const profit = rows.reduce((s, r) => s + Math.max(0, r.profit), 0);
  return {
    computedAt: isoOrNull(latest?.asOf),
    runId: latest?.id ?? null,
    currency,
    windowMonths: latest?.windowMonths ?? settings.windowMonths,
    tiers: rows.map((r) => ({
      tier: r.tier as PyramidDto['tiers'][number]['tier'],
      customers: r.customers,
      customerShare: ratio(r.customers, customers),
      revenueMinor: r.revenue,
      revenueShare: ratio(Math.max(0, r.revenue), revenue),
      profitMinor: r.profit,
      profitShare: ratio(Math.max(0, r.profit), profit),
    })),
    unscored,
  };
}

export async function getRfm(ctx: Ctx, workspaceId: string): Promise<RfmDto> {
  const [{ cells, segments }, { latest }] = await Promise.all([
    rfmRows(ctx.db, workspaceId),
    latestRuns(ctx.db, workspaceId),
  ]);
  const cell = new Map(cells.map((c) => [`${c.r}:${c.f}`, c]));
  const grid: RfmDto['cells'] = [];
  for (let r = 1; r <= 5; r++)
    for (let f = 1; f <= 5; f++)
      grid.push({
        recency: r,
        frequency: f,
        customers: cell.get(`${r}:${f}`)?.customers ?? 0,
        monetaryMinor: cell.get(`${r}:${f}`)?.monetary ?? 0,
      });
  const seg = new Map(segments.map((s) => [s.segment, s]));
  const total = segments.reduce((s, x) => s + x.customers, 0);
  return {
    computedAt: isoOrNull(latest?.asOf),
    cells: grid,
    segments: rfmSegments.map((segment) => ({
      segment,
      customers: seg.get(segment)?.customers ?? 0,
      revenueMinor: seg.get(segment)?.revenue ?? 0,
      customerShare: ratio(seg.get(segment)?.customers ?? 0, total),
    })),
  };
}

export async function getCustomerValue(
  ctx: Ctx,
  workspaceId: string,
  customerId: string,
  acceptLanguage: string | undefined,
): Promise<CustomerValueDto> {
  if (!(await customerExists(ctx.db, workspaceId, customerId))) throw new AppError('not_found', 'Customer not found');
  const { currency, locale: workspaceLocale, settings } = await loadSettings(ctx, workspaceId);
  const locale = pickLocale(acceptLanguage, workspaceLocale);
  const s = await findScore(ctx.db, workspaceId, customerId);
  if (!s)
    return {
      customerId,
      computedAt: null,
      modelVersion: null,
      currency,
      tier: null,
      rfm: null,
      metrics: [],
      clv: null,
      locale,
    };
  const horizon = settings.horizonWeeks;
  return {
    customerId,
    computedAt: s.computedAt.toISOString(),
    modelVersion: s.modelVersion,
    currency,
    tier: { tier: s.tier, since: s.tierSince.toISOString(), reason: explainTierReason(s.tierReason, currency, locale) },
    rfm:
      s.rScore === null || s.fScore === null || s.mScore === null || !s.rfmSegment
        ? null
        : { recency: s.rScore, frequency: s.fScore, monetary: s.mScore, segment: s.rfmSegment as RfmSegment },
    metrics: explainMetrics(s, currency, locale),
    clv: explainClv(s, currency, locale, horizon),
    locale,
  };
}

export async function getClvModel(ctx: Ctx, workspaceId: string): Promise<ClvModelDto> {
  const { fitted } = await latestRuns(ctx.db, workspaceId);
  if (!fitted?.model)
    throw new AppError(
      'no_model',
      'No scoring run has fitted a CLV model yet: run one (POST /api/v1/analytics/score-runs) once customers have purchases',
    );
  const m = fitted.model as unknown as StoredModel;
  return {
    runId: fitted.id,
    fittedAt: m.fittedAt,
    model: 'bgnbd',
    customers: m.customers,
    params: m.params,
    standardErrors: m.standardErrors,
    logLikelihood: m.logLikelihood,
    converged: m.converged,
    reason: m.reason,
    spend: m.spend,
    calibrationEnd: m.calibrationEnd,
    holdoutEnd: m.holdoutEnd,
    holdout: m.holdout,
    tracking: m.tracking,
  };
}

export const toRunDto = (r: ScoringRunRow): ScoringRunDto => ({
  id: r.id,
  mode: r.mode,
  status: r.status,
  requestedBy: r.requestedBy,
  queuedAt: r.queuedAt.toISOString(),
  startedAt: isoOrNull(r.startedAt),
  finishedAt: isoOrNull(r.finishedAt),
  asOf: isoOrNull(r.asOf),
  customersScored: r.customersScored,
  tierChanges: r.tierChanges,
  timings: r.timings,
  modelVersion: r.modelVersion,
  converged: r.converged,
  error: r.error,
});

export async function getRuns(ctx: Ctx, workspaceId: string, limit: number): Promise<ScoringRunDto[]> {
  return (await listRuns(ctx.db, workspaceId, limit)).map(toRunDto);
}

export async function getTierChanges(
  ctx: Ctx,
  workspaceId: string,
  customerId: string,
  limit: number,
  acceptLanguage?: string,
) {
  if (!(await customerExists(ctx.db, workspaceId, customerId))) throw new AppError('not_found', 'Customer not found');
  const { currency, locale: workspaceLocale } = await loadSettings(ctx, workspaceId);
  const locale = pickLocale(acceptLanguage, workspaceLocale);
  return (await listTierChanges(ctx.db, workspaceId, customerId, limit)).map((c) => ({
    id: c.id,
    customerId: c.customerId,
    fromTier: c.fromTier,
    toTier: c.toTier,
    reason: explainTierReason(c.reason, currency, locale),
    runId: c.runId,
    changedAt: c.changedAt.toISOString(),
  }));
}
