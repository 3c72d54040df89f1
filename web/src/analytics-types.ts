// The response shapes of the value engine's API (the analytics domain's agreed contract; the
// server may add fields) and the retention reports the dashboard reads. Types and constants
// only, so tests can share them without the browser client.
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
