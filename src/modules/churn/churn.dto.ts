// Owns the wire shapes of churn diagnostics. Drivers and effects travel as codes and numbers;
// the web app words them in the reader's language (no server-side sentences).
import { z } from '@hono/zod-openapi';
import { pyramidTiers, rfmSegments } from '../analytics/index.ts';
import { segmentKinds } from './churn.curves.ts';

export const CreateChurnRunBody = z
  .strictObject({
    minAucLift: z.number().min(0).max(0.5).optional().openapi({
      description:
        'The model is used only when its cross-validated AUC beats the tenure-only baseline by more than this',
    }),
  })
  .openapi('CreateChurnRun');

export const ChurnRunSchema = z
  .object({
    id: z.uuid(),
    trigger: z.enum(['api', 'schedule', 'demo']),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']),
    queuedAt: z.string(),
    finishedAt: z.string().nullable(),
    asOf: z.string().nullable(),
    used: z.boolean(),
    flag: z.enum(['too_few_churners', 'worse_than_baseline', 'not_converged']).nullable(),
    rows: z.number().nullable(),
    positives: z.number().nullable(),
    auc: z.number().nullable(),
    baselineAuc: z.number().nullable(),
    brier: z.number().nullable(),
    customersScored: z.number().nullable(),
    error: z.string().nullable(),
  })
  .openapi('ChurnRun');
export type ChurnRunDto = z.infer<typeof ChurnRunSchema>;

const Effect = {
  code: z.string(),
  level: z.string().optional(),
  reference: z.string().optional(),
  step: z.number(),
};

export const ModelCardSchema = z
  .object({
    run: ChurnRunSchema,
    horizonMonths: z.number(),
    folds: z.number(),
    auc: z.object({ mean: z.number(), sd: z.number(), folds: z.array(z.number()) }).nullable(),
    baselineAuc: z.object({ mean: z.number(), sd: z.number(), folds: z.array(z.number()) }).nullable(),
    brier: z.number().nullable(),
    reliability: z.array(
      z.object({
        from: z.number(),
        to: z.number(),
        count: z.number(),
        meanPredicted: z.number(),
        observedRate: z.number(),
      }),
    ),
    oddsRatios: z.array(
      z.object({ ...Effect, coef: z.number(), oddsRatio: z.number(), lower: z.number(), upper: z.number() }),
    ),
  })
  .openapi('ChurnModelCard');

const CurvePoint = z.object({ period: z.number(), survival: z.number(), retention: z.number().nullable() });

export const RetentionSchema = z
  .object({
    runId: z.uuid(),
    asOf: z.string(),
    cohorts: z.array(
      z.object({
        cohort: z.string(),
        plan: z.string(),
        contracts: z.number(),
        active: z.number(),
        fit: z
          .object({ alpha: z.number(), beta: z.number(), logLikelihood: z.number(), converged: z.boolean() })
          .nullable(),
        observed: z.array(CurvePoint),
        projected: z.array(CurvePoint),
      }),
    ),
  })
  .openapi('ChurnRetention');

export const SurvivalQuery = z.strictObject({ by: z.enum(segmentKinds).default('plan') });

export const SurvivalSchema = z
  .object({
    runId: z.uuid(),
    by: z.enum(segmentKinds),
    segments: z.array(
      z.object({
        segment: z.string(),
        n: z.number(),
        events: z.number(),
        median: z.number().nullable(),
        medianLower: z.number().nullable(),
        medianUpper: z.number().nullable(),
        points: z.array(
          z.object({
            time: z.number(),
            survival: z.number(),
            lower: z.number(),
            upper: z.number(),
            atRisk: z.number(),
          }),
        ),
      }),
    ),
    logRank: z.object({ chisq: z.number(), df: z.number(), p: z.number() }).nullable(),
  })
  .openapi('ChurnSurvival');

export const DriversSchema = z
  .object({
    runId: z.uuid(),
    concordance: z.number().nullable(),
    /** "What moves churn": one row per feature column, strongest evidence first. */
    effects: z.array(
      z.object({
        ...Effect,
        hazardRatio: z.number().nullable(),
        lower: z.number().nullable(),
        upper: z.number().nullable(),
        p: z.number().nullable(),
        oddsRatio: z.number(),
        oddsLower: z.number(),
        oddsUpper: z.number(),
      }),
    ),
    defectionReasons: z
      .array(
        z.object({
          segment: z.string(),
          reasonCode: z.string().nullable(),
          controllable: z.boolean().nullable(),
          count: z.int(),
          share: z.number(),
        }),
      )
      .openapi({
        description:
          "Reasons recorded in the defection register over the last 12 months, with their share per segment: `all`, then each pyramid tier (the customer's current tier). A null reason is a defection whose reason is not known yet.",
      }),
  })
  .openapi('ChurnDrivers');

export const RiskDriverSchema = z
  .object({ code: z.string(), level: z.string().optional(), value: z.number(), contribution: z.number() })
  .openapi('ChurnRiskDriver');

export const CustomerRiskSchema = z
  .object({
    customerId: z.uuid(),
    basis: z.enum(['contract', 'purchase']),
    risk: z.number(),
    drivers: z.array(RiskDriverSchema),
    valueAtStakeMinor: z.number(),
    expectedLossMinor: z.number(),
    computedAt: z.string(),
    horizonMonths: z.number().nullable(),
  })
  .openapi('CustomerChurnRisk');

export const WorklistQuery = z.strictObject({
  tier: z.enum(pyramidTiers).optional(),
  segment: z.enum(rfmSegments).optional(),
  accountManagerId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(300).optional(),
});
export type WorklistQueryInput = z.infer<typeof WorklistQuery>;

export const WorklistItemSchema = z
  .object({
    customerId: z.uuid(),
    customerName: z.string().nullable(),
    basis: z.enum(['contract', 'purchase']),
    risk: z.number(),
    drivers: z.array(RiskDriverSchema),
    valueAtStakeMinor: z.number(),
    expectedLossMinor: z.number(),
    tier: z.string().nullable(),
    segment: z.string().nullable(),
    accountManagerId: z.uuid().nullable(),
    /** The customer's bond index (0–100) at the last scoring run; null before one. */
    bondIndex: z.number().nullable(),
    /** What the customer would lose by leaving (points' value, vouchers, early-termination fees), minor units. */
    switchingCostMinor: z.number().nullable(),
  })
  .openapi('ChurnWorklistItem');
