// Owns the wire shapes of the KPIs: the revenue-retention figures, the cohort matrix, the summary
// of ratios (each with its numerator and denominator, against the previous period) and the
// drill-down lists of the customers behind a number.
import { z } from '@hono/zod-openapi';
import { movementKinds, pyramidTiers, rfmSegments } from '../analytics/index.ts';

const Month = z
  .string()
  .regex(/^(19\d\d|2[01]\d\d)-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM from 1900-01 to 2199-12');

export const PeriodQuery = z.strictObject({
  from: Month.optional().openapi({ description: 'First month (UTC), YYYY-MM; default 11 months before `to`' }),
  to: Month.optional().openapi({ description: 'Last month (UTC), YYYY-MM; default the current month' }),
});

/** The customer filters of the KPI home (kpis.filters.ts); several combine with "and". */
export const KpiFilterFields = {
  tier: z
    .enum(pyramidTiers)
    .optional()
    .openapi({ description: 'Customers of this pyramid tier (their current score)' }),
  rfmSegment: z.enum(rfmSegments).optional().openapi({ description: 'Customers of this RFM segment (current score)' }),
  segment: z.uuid().optional().openapi({ description: 'Members now of this saved segment (campaigns)' }),
  accountManager: z.uuid().optional().openapi({ description: 'Customers this member manages now' }),
};
export const KpiFiltersSchema = z.object(KpiFilterFields);
export type KpiFilters = z.infer<typeof KpiFiltersSchema>;

/** A period and the customer filters: the revenue KPIs, the summary and their exports. */
export const FilteredPeriodQuery = PeriodQuery.extend(KpiFilterFields);

const Figures = {
  startMrrMinor: z.number(),
  newMinor: z.number(),
  expansionMinor: z.number(),
  contractionMinor: z.number(),
  churnedMinor: z.number(),
  reactivationMinor: z.number(),
  grr: z.number().nullable(),
  nrr: z.number().nullable(),
  logoChurn: z.number().nullable(),
  quickRatio: z.number().nullable(),
};
const Parts = { endMrrMinor: z.number(), customersAtStart: z.number(), customersLost: z.number() };

export const RevenueRetentionSchema = z
  .object({
    ...Figures,
    breakdown: z.object({
      from: z.string(),
      to: z.string(),
      currency: z.string(),
      ...Parts,
      months: z.array(z.object({ month: z.string(), ...Figures, ...Parts })),
    }),
  })
  .openapi('RevenueRetention');
export type RevenueRetentionDto = z.infer<typeof RevenueRetentionSchema>;

const Page = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(300).optional(),
};

export const RevenueMoversQuery = FilteredPeriodQuery.extend({ movement: z.enum(movementKinds), ...Page });

export const RevenueMoversSchema = z
  .object({
    items: z.array(
      z.object({
        customerId: z.string(),
        movement: z.enum(movementKinds),
        startMrrMinor: z.number(),
        endMrrMinor: z.number(),
        amountMinor: z.number(),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .openapi('RevenueMovers');

export const cohortMetrics = ['customers', 'revenue'] as const;

export const CohortQuery = PeriodQuery.extend({
  metric: z.enum(cohortMetrics).default('customers'),
  tier: z.enum(pyramidTiers).optional(),
});

export const CohortMatrixSchema = z
  .object({
    metric: z.enum(cohortMetrics),
    currency: z.string(),
    from: z.string(),
    to: z.string(),
    cohorts: z.array(
      z.object({
        cohort: z.string(),
        /** Customers acquired that month (the 0th cell of the customers metric). */
        size: z.number(),
        /** Per month since acquisition, 0 … months until `to`: customers purchasing, or net revenue in minor units. */
        values: z.array(z.number()),
        /** The same divided by the cohort's size (customers) or its month-0 revenue (revenue); null without a base. */
        shares: z.array(z.number().nullable()),
      }),
    ),
  })
  .openapi('CohortMatrix');
export type CohortMatrixDto = z.infer<typeof CohortMatrixSchema>;

export const CohortCustomersQuery = z.strictObject({
  cohort: Month,
  monthsSince: z.coerce.number().int().min(0).max(600),
  tier: z.enum(pyramidTiers).optional(),
  ...Page,
});

export const CohortCustomersSchema = z
  .object({
    items: z.array(z.object({ customerId: z.string(), purchases: z.number(), revenueMinor: z.number() })),
    nextCursor: z.string().nullable(),
  })
  .openapi('CohortCustomers');

export const KpiSummaryQuery = FilteredPeriodQuery;

const Ratio = z.object({
  numerator: z.number(),
  denominator: z.number(),
  /** numerator / denominator (× 1,000 for complaints per 1,000); null when the denominator is 0. */
  value: z.number().nullable(),
});
const Compared = z.object({ current: Ratio, previous: Ratio });
const Hours = z.object({ mean: z.number().nullable(), p90: z.number().nullable() });
const Counted = z.object({ key: z.string().nullable(), current: z.number(), previous: z.number() });
/** A score (NPS −100…100, CSAT 0…100) of `n` answers with its 95% band; all null without answers. */
const Score = z.object({
  value: z.number().nullable(),
  n: z.number(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});

export const KpiSummarySchema = z
  .object({
    from: z.string(),
    to: z.string(),
    previousFrom: z.string(),
    previousTo: z.string(),
    /** Customers purchasing in the period before who purchase again in this one (non-contractual). */
    logoRetention: Compared,
    logoChurn: Compared,
    /** Of the customers purchasing in the period, those purchasing twice or more. */
    repeatPurchaseRate: Compared,
    /** Defections recorded in the period / (active customers now + those defections). */
    defectionRate: Compared,
    defectionsByReason: z.array(Counted),
    defectionsByTier: z.array(Counted),
    complaintsPer1000: Compared,
    slaCompliance: Compared,
    handlingHours: z.object({ current: Hours, previous: Hours }),
    complaintsByRootCause: z.array(Counted),
    /** Net Promoter Score of the relationship surveys answered in the period. */
    nps: z.object({ current: Score, previous: Score }),
    /** Share of satisfied answers (4–5 of 5) to the transactional surveys answered in the period. */
    csat: z.object({ current: Score, previous: Score }),
    /** Compliments recorded in the period per 1,000 active customers. */
    complimentsPer1000: Compared,
  })
  .openapi('KpiSummary');
export type KpiSummaryDto = z.infer<typeof KpiSummarySchema>;

export const LogoChurnCustomersQuery = FilteredPeriodQuery.extend(Page);

export const LogoChurnCustomersSchema = z
  .object({
    items: z.array(z.object({ customerId: z.string(), lastPurchaseAt: z.string() })),
    nextCursor: z.string().nullable(),
  })
  .openapi('LogoChurnCustomers');

export const ComplaintsTrendSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    /** The denominator of every "per 1,000": live customers with status active now (of the filter). */
    activeCustomers: z.number(),
    months: z.array(
      z.object({
        month: z.string(),
        /** Complaints registered in the month (UTC). */
        complaints: z.number(),
        per1000: z.number().nullable(),
        /** The same per root cause; null while a complaint has none (root causes are set on resolution). */
        byRootCause: z.array(
          z.object({ rootCause: z.string().nullable(), count: z.number(), per1000: z.number().nullable() }),
        ),
      }),
    ),
  })
  .openapi('ComplaintsTrend');
export type ComplaintsTrendDto = z.infer<typeof ComplaintsTrendSchema>;
