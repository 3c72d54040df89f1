// Shapes of the affinity API: runs with their thresholds, rules, the model card and next-best offers.
import { z } from '@hono/zod-openapi';
import { affinityLevels, affinitySources, affinityRunStatuses } from './affinity.schema.ts';

export const CreateAffinityRunBody = z
  .strictObject({
    minSupport: z.number().gt(0).max(1).optional().openapi({ description: 'Share of baskets an itemset must reach' }),
    minConfidence: z.number().min(0).max(1).optional(),
    maxLen: z.number().int().min(2).max(5).optional().openapi({ description: 'Largest itemset mined' }),
  })
  .openapi('CreateAffinityRun');

export const AffinityRunSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(affinityRunStatuses),
    trigger: z.enum(['api', 'schedule', 'demo']),
    queuedAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    thresholds: z.object({ minSupport: z.number(), minConfidence: z.number(), maxLen: z.number() }),
    baskets: z.number().nullable(),
    customers: z.number().nullable(),
    products: z.number().nullable(),
    rules: z.number().nullable(),
    error: z.string().nullable(),
  })
  .openapi('AffinityRun');

export const RulesQuery = z.strictObject({
  level: z.enum(affinityLevels).default('product'),
  source: z.enum(affinitySources).default('basket'),
  minLift: z.coerce.number().min(0).max(1e6).optional(),
  minConfidence: z.coerce.number().min(0).max(1).optional(),
  item: z.string().min(1).max(200).optional().openapi({ description: 'A product id or category on either side' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(300).optional(),
});
export type RulesQuery = z.infer<typeof RulesQuery>;

const RuleItem = z.object({ key: z.string(), label: z.string() });
export const AffinityRuleSchema = z
  .object({
    rank: z.number(),
    antecedent: z.array(RuleItem),
    consequent: z.array(RuleItem),
    count: z.number(),
    support: z.number(),
    confidence: z.number(),
    lift: z.number(),
    conviction: z.number().nullable(),
    marginValue: z.number().nullable().openapi({ description: 'Minor units per basket holding the antecedent' }),
  })
  .openapi('AffinityRule');

const Measures = z.object({ precisionAt5: z.number(), recallAt10: z.number(), hitRate: z.number() });
export const AffinityModelSchema = z
  .object({
    run: AffinityRunSchema,
    evaluation: z.object({
      customers: z.number(),
      model: Measures,
      popularity: Measures,
      beatsBaseline: z.boolean(),
    }),
  })
  .openapi('AffinityModelCard');

export const OffersQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(50).default(5) });
export type OffersQuery = z.infer<typeof OffersQuery>;

export const OfferSchema = z
  .object({
    productId: z.uuid(),
    sku: z.string(),
    name: z.string(),
    category: z.string().nullable(),
    probability: z.number(),
    marginMinor: z.number(),
    currency: z.string(),
    expectedMarginMinor: z.number(),
    explanation: z.object({
      code: z.enum(['holders_buy', 'popular']),
      productId: z.uuid().nullable(),
      productName: z.string().nullable(),
      lift: z.number().nullable(),
      share: z.number().nullable(),
    }),
  })
  .openapi('NextBestOffer');

export const OffersSchema = z.object({
  runId: z.uuid().nullable(),
  blocked: z
    .enum(['no_consent'])
    .nullable()
    .openapi({ description: 'Why no offer is made at all: the customer refused marketing on every channel' }),
  items: z.array(OfferSchema),
});
