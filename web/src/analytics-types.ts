// The response shapes of the value engine's API (the analytics domain's DTOs, type-only, so the
// screens fail to compile when the contract changes) and of the retention reports the dashboard
// reads. Types and constants only, so tests can share them without the browser client.
import type { z } from '@hono/zod-openapi';
import type { CustomerValueDto, PyramidDto, RfmDto } from '../../src/modules/analytics/analytics.dto.ts';
import type { MonthlySchema, OverviewSchema } from '../../src/modules/loyalty/loyalty.dto.ts';

export type { ClvModelDto, CustomerValueDto, PyramidDto, RfmDto, ScoringRunDto as ScoreRunDto } from '../../src/modules/analytics/analytics.dto.ts';
export type { KpisDto as ComplaintKpisDto } from '../../src/modules/complaints/complaints.dto.ts';
export type { SlaState } from '../../src/modules/complaints/complaints.status.ts';

export type Tier = PyramidDto['tiers'][number]['tier'];
export type RfmSegment = RfmDto['segments'][number]['segment'];
export type RfmSegmentDto = RfmDto['segments'][number];
export type MetricDto = CustomerValueDto['metrics'][number];

// Runtime lists (the server's live in its schema module, which the browser cannot import).
export const tiers = ['platinum', 'gold', 'iron', 'lead'] as const satisfies readonly Tier[];
export const rfmSegments = [
  'champions',
  'loyal',
  'potential_loyalist',
  'new',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cant_lose',
  'hibernating',
  'lost',
] as const satisfies readonly RfmSegment[];

export type LoyaltyOverviewDto = z.infer<typeof OverviewSchema>;
export type LoyaltyMonthlyDto = z.infer<typeof MonthlySchema>;
