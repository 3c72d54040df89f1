// Owns what the web app knows about the value engine's API (customer pyramid, RFM, CLV model,
// scoring runs, a customer's value) and the retention reports the home dashboard reads: the
// response shapes, their query keys and hooks. The analytics shapes are the agreed contract of
// the analytics domain (the server may add fields); screens show them only when
// /openapi.json has the operation (capabilities.ts).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { permissionTable, type Permission } from '../../src/http/permissions.ts';
import { api, type MeDto, qs } from './api.ts';
import type { Operation } from './capabilities.ts';

export type { KpisDto as ComplaintKpisDto } from '../../src/modules/complaints/complaints.dto.ts';
export type { SlaState } from '../../src/modules/complaints/complaints.status.ts';

export const tiers = ['platinum', 'gold', 'iron', 'lead'] as const;
export type Tier = (typeof tiers)[number];

export const rfmSegments = ['champions', 'loyal', 'potential_loyalist', 'new', 'promising', 'need_attention', 'about_to_sleep', 'at_risk', 'cant_lose', 'hibernating', 'lost'] as const;
export type RfmSegment = (typeof rfmSegments)[number];

export type PyramidTierDto = { tier: Tier; customers: number; customerShare: number; revenueMinor: number; revenueShare: number; profitMinor: number; profitShare: number };
export type PyramidDto = { computedAt: string | null; runId: string | null; currency: string; windowMonths: number; tiers: PyramidTierDto[]; unscored: number };

export type RfmCellDto = { recency: number; frequency: number; customers: number; monetaryMinor: number };
export type RfmSegmentDto = { segment: RfmSegment; customers: number; revenueMinor: number; customerShare: number };
export type RfmDto = { computedAt: string | null; cells: RfmCellDto[]; segments: RfmSegmentDto[] };

export const metricKeys = [
  'recency_days',
  'frequency',
  'monetary_minor',
  'tenure_days',
  'revenue_minor',
  'gross_margin_minor',
  'cost_to_serve_minor',
  'net_profit_minor',
  'historical_clv_minor',
  'potential_value_minor',
  'share_of_wallet',
] as const;
export type MetricUnit = 'money' | 'days' | 'count' | 'ratio' | 'probability';
export type MetricDto = { key: string; value: number | null; unit: MetricUnit; explanation: string };
export type CustomerValueDto = {
  customerId: string;
  computedAt: string | null;
  modelVersion: string | null;
  currency: string;
  tier: { tier: Tier; since: string; reason: string } | null;
  rfm: { recency: number; frequency: number; monetary: number; segment: RfmSegment } | null;
  metrics: MetricDto[];
  clv: { expectedPurchases: number; pAlive: number; expectedSpendMinor: number | null; clvMinor: number | null; horizonWeeks: number; explanation: string } | null;
};

export type BgNbdParamsDto = { r: number; alpha: number; a: number; b: number };
export type TrackingPointDto = { period: string | number; actual: number; predicted: number };
export type ClvModelDto = {
  runId: string | null;
  fittedAt: string;
  model: 'bgnbd';
  customers: number;
  params: BgNbdParamsDto;
  standardErrors: BgNbdParamsDto | null;
  logLikelihood: number;
  converged: boolean;
  reason?: string | null;
  spend: { p: number; q: number; gamma: number; customers: number; excluded: number } | null;
  calibrationEnd: string | null;
  holdoutEnd: string | null;
  tracking: TrackingPointDto[];
};

/** A scoring run as listed by GET /analytics/score-runs; only id and status are relied on. */
export type ScoreRunDto = {
  id: string;
  status: string;
  mode?: string | null;
  createdAt?: string | null;
  queuedAt?: string | null;
  startedAt?: string | null;
  finishedAt?: string | null;
  customers?: number | null;
  modelVersion?: string | null;
  error?: string | null;
};

export type LoyaltyOverviewDto = { pointsUnit: string; members: number; outstanding: number; liabilityMinor: number; currency: string; earned: number; redeemed: number; expired: number; breakage: number | null };
export type LoyaltyMonthlyDto = { items: { month: string; earned: number; redeemed: number; expired: number; reversed: number; adjusted: number; compensated: number }[] };

/** The operations each screen part reads. */
export const ops = {
  pyramid: 'get /api/v1/analytics/pyramid',
  rfm: 'get /api/v1/analytics/rfm',
  clvModel: 'get /api/v1/analytics/clv/model',
  scoreRuns: 'get /api/v1/analytics/score-runs',
  runScoring: 'post /api/v1/analytics/score-runs',
  customerValue: 'get /api/v1/customers/{id}/value',
  complaintKpis: 'get /api/v1/complaints/kpis',
  complaints: 'get /api/v1/complaints',
  loyaltyOverview: 'get /api/v1/loyalty/reports/overview',
  loyaltyMonthly: 'get /api/v1/loyalty/reports/monthly',
  /** The customers list accepts these filters (query parameters, see capabilities.ts). */
  customersByTier: 'get /api/v1/customers?tier',
  customersBySegment: 'get /api/v1/customers?rfmSegment',
} as const satisfies Record<string, Operation>;

export const analyticsKeys = {
  all: ['analytics'] as const,
  pyramid: ['analytics', 'pyramid'] as const,
  rfm: ['analytics', 'rfm'] as const,
  clvModel: ['analytics', 'clv-model'] as const,
  scoreRuns: ['analytics', 'score-runs'] as const,
};

export const usePyramid = (enabled: boolean) => useQuery({ queryKey: analyticsKeys.pyramid, enabled, queryFn: ({ signal }) => api<PyramidDto>('GET', '/analytics/pyramid', undefined, { signal }) });
export const useRfm = (enabled: boolean) => useQuery({ queryKey: analyticsKeys.rfm, enabled, queryFn: ({ signal }) => api<RfmDto>('GET', '/analytics/rfm', undefined, { signal }) });
export const useClvModel = (enabled: boolean) =>
  useQuery({ queryKey: analyticsKeys.clvModel, enabled, retry: false, queryFn: ({ signal }) => api<ClvModelDto>('GET', '/analytics/clv/model', undefined, { signal }) });

/** Accepts `{ items }` or a bare array, newest first as the server lists them. */
export const useScoreRuns = (enabled: boolean) =>
  useQuery({
    queryKey: analyticsKeys.scoreRuns,
    enabled,
    queryFn: async ({ signal }) => {
      const data = await api<{ items: ScoreRunDto[] } | ScoreRunDto[]>('GET', `/analytics/score-runs${qs({ limit: 20 })}`, undefined, { signal });
      return Array.isArray(data) ? data : data.items;
    },
    // While a run is queued or running, look again every few seconds.
    refetchInterval: (q) => (q.state.data?.some((r) => !isFinished(r.status)) ? 3000 : false),
  });

export const isFinished = (status: string) => ['succeeded', 'completed', 'done', 'failed', 'cancelled'].includes(status);

export function useRunScoring() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<ScoreRunDto>('POST', '/analytics/score-runs', {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: analyticsKeys.all }),
  });
}

export const useCustomerValue = (id: string) =>
  useQuery({ queryKey: ['customer', id, 'value'], queryFn: ({ signal }) => api<CustomerValueDto>('GET', `/customers/${id}/value`, undefined, { signal }) });

/**
 * Whether the caller may queue a scoring run. The permission is the analytics domain's; until
 * its row is in the permission table, the roles that read KPIs (owner, admin, manager, analyst)
 * are assumed, and the server's 403 still has the last word.
 */
export function canRunScoring(me: MeDto): boolean {
  const table = permissionTable as Record<string, readonly string[]>;
  const known = (['analytics:run', 'analytics:score', 'scores:run'] as const).find((p) => p in table);
  const roles = known ? table[known] : table['complaints:kpis' satisfies Permission];
  return roles.includes(me.role);
}
