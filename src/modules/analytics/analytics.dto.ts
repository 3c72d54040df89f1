// Shapes of the value engine at the edge: settings, the pyramid, the RFM grid, a customer's
// value, the fitted CLV model and scoring runs. Screens are built against these; add fields,
// never rename or remove.
import { z } from '@hono/zod-openapi';
import { pyramidTiers, rfmSegments } from './analytics.schema.ts';
import { refineProblem } from '../../lib/problems.ts';

export const AnalyticsSettingsSchema = z
  .object({
    windowMonths: z.number().int().min(1).max(120).default(12).openapi({
      description: 'Trailing window of the metrics (revenue, margin, cost to serve, frequency), in months',
    }),
    platinumShare: z
      .number()
      .gt(0)
      .max(0.5)
      .default(0.05)
      .openapi({ description: 'Share of the profitable customers that are Platinum (the top by the ranking value)' }),
    goldShare: z
      .number()
      .min(0)
      .max(0.9)
      .default(0.15)
      .openapi({ description: 'Share of the profitable customers that are Gold (the next ones after Platinum)' }),
    rankBy: z.enum(['clv', 'net_profit']).default('clv').openapi({
      description: 'Rank by predicted CLV (when a model could be fitted; else net profit) or always by net profit',
    }),
    annualDiscountRate: z
      .number()
      .min(0)
      .max(1)
      .default(0.1)
      .openapi({ description: 'Yearly discount rate of predicted CLV (0.1 = 10 %)' }),
    horizonWeeks: z.number().int().min(1).max(520).default(52),
    clvMargin: z.number().min(0).max(1).nullable().default(null).openapi({
      description: 'Share of spend that is profit for CLV; null = the observed gross margin ratio of the window',
    }),
    holdoutWeeks: z
      .number()
      .int()
      .min(4)
      .max(104)
      .default(26)
      .openapi({ description: 'Weeks held out at the end of the history to check the model (the tracking series)' }),
  })
  .strict()
  .refine((s) => s.platinumShare + s.goldShare <= 1, {
    ...refineProblem('shares_sum'),
    path: ['goldShare'],
  })
  .openapi('AnalyticsSettings');
export type AnalyticsSettings = z.output<typeof AnalyticsSettingsSchema>;

export const defaultAnalyticsSettings = (): AnalyticsSettings => AnalyticsSettingsSchema.parse({});

const Tier = z.enum(pyramidTiers);
const Segment = z.enum(rfmSegments);
const Share = z.number().min(0).max(1);

export const PyramidSchema = z
  .object({
    computedAt: z.string().nullable(),
    runId: z.string().nullable(),
    currency: z.string(),
    windowMonths: z.number().int(),
    tiers: z.array(
      z.object({
        tier: Tier,
        customers: z.number().int(),
        customerShare: Share,
        revenueMinor: z.number().int(),
        revenueShare: Share,
        profitMinor: z.number().int(),
        profitShare: Share.openapi({
          description: 'Share of the profit earned: a tier with a loss (Lead) has 0 and its loss shows in profitMinor',
        }),
      }),
    ),
    unscored: z.number().int().openapi({ description: 'Live customers not scored yet (added since the last run)' }),
  })
  .openapi('Pyramid');
export type PyramidDto = z.infer<typeof PyramidSchema>;

export const RfmSchema = z
  .object({
    computedAt: z.string().nullable(),
    cells: z.array(
      z.object({
        recency: z.number().int().min(1).max(5),
        frequency: z.number().int().min(1).max(5),
        customers: z.number().int(),
        monetaryMinor: z
          .number()
          .int()
          .openapi({ description: 'Average monetary value (average order value in the window) of the cell' }),
      }),
    ),
    segments: z.array(
      z.object({ segment: Segment, customers: z.number().int(), revenueMinor: z.number().int(), customerShare: Share }),
    ),
  })
  .openapi('RfmGrid');
export type RfmDto = z.infer<typeof RfmSchema>;

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
export type MetricKey = (typeof metricKeys)[number];
export const metricUnits = ['money', 'days', 'count', 'ratio', 'probability'] as const;

export const CustomerValueSchema = z
  .object({
    customerId: z.string(),
    computedAt: z.string().nullable(),
    modelVersion: z.string().nullable(),
    currency: z.string(),
    tier: z.object({ tier: Tier, since: z.string(), reason: z.string() }).nullable(),
    rfm: z
      .object({ recency: z.number().int(), frequency: z.number().int(), monetary: z.number().int(), segment: Segment })
      .nullable(),
    metrics: z.array(
      z.object({
        key: z.enum(metricKeys),
        value: z.number().nullable(),
        unit: z.enum(metricUnits),
        explanation: z.string(),
      }),
    ),
    clv: z
      .object({
        expectedPurchases: z.number(),
        pAlive: z.number(),
        expectedSpendMinor: z.number().int(),
        clvMinor: z.number().int(),
        horizonWeeks: z.number().int(),
        explanation: z.string(),
      })
      .nullable(),
    locale: z.string(),
  })
  .openapi('CustomerValue');
export type CustomerValueDto = z.infer<typeof CustomerValueSchema>;

const Params4 = z.object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number() });

export const ClvModelSchema = z
  .object({
    runId: z.string(),
    fittedAt: z.string(),
    model: z.literal('bgnbd'),
    customers: z.number().int(),
    params: Params4,
    standardErrors: Params4.nullable(),
    logLikelihood: z.number(),
    converged: z.boolean(),
    reason: z.string(),
    spend: z
      .object({
        p: z.number(),
        q: z.number(),
        gamma: z.number(),
        customers: z.number().int(),
        excluded: z.number().int(),
        converged: z.boolean(),
        logLikelihood: z.number(),
      })
      .nullable(),
    calibrationEnd: z.string(),
    holdoutEnd: z.string(),
    holdout: z
      .object({
        customers: z.number().int(),
        model: z.object({ mae: z.number(), rmse: z.number() }),
        baseline: z.object({ mae: z.number(), rmse: z.number() }),
      })
      .nullable()
      .openapi({
        description:
          'Per-customer error on the holdout of a model fitted on the calibration period, next to a naive baseline (calibration rate × holdout length)',
      }),
    tracking: z.array(
      z.object({
        period: z.string().openapi({ description: 'Last day of the week (ISO date)' }),
        actual: z.number(),
        predicted: z.number(),
        actualCumulative: z.number(),
        predictedCumulative: z.number(),
        holdout: z.boolean(),
      }),
    ),
  })
  .openapi('ClvModel');
export type ClvModelDto = z.infer<typeof ClvModelSchema>;

export const ScoringRunSchema = z
  .object({
    id: z.string(),
    mode: z.enum(['full', 'incremental']),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']),
    requestedBy: z.string().nullable(),
    queuedAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    asOf: z.string().nullable(),
    customersScored: z.number().int().nullable(),
    tierChanges: z.number().int().nullable(),
    timings: z.record(z.string(), z.number()).nullable(),
    modelVersion: z.string().nullable(),
    converged: z.boolean().nullable(),
    error: z.string().nullable(),
  })
  .openapi('ScoringRun');
export type ScoringRunDto = z.infer<typeof ScoringRunSchema>;

export const CreateRunBody = z.object({ mode: z.enum(['full', 'incremental']).default('full') }).strict();

export const TierChangeSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    fromTier: Tier.nullable(),
    toTier: Tier,
    reason: z.string(),
    runId: z.string(),
    changedAt: z.string(),
  })
  .openapi('TierChange');

export const TierChangesQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const RunsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) });
