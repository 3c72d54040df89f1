// The bonds domain's request and response schemas (zod, published as OpenAPI) and their types.
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../../http/openapi.ts';
import { bondComponents } from './bonds.model.ts';
import { preferenceSources, structuralKinds } from './bonds.schema.ts';
import { refineProblem } from '../../lib/problems.ts';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
const uuid = z.uuid({ error: 'must be a UUID' });

export const BondRecordParams = z.object({
  id: uuid.openapi({ param: { name: 'id', in: 'path' } }),
  recordId: uuid.openapi({ param: { name: 'recordId', in: 'path' } }),
});

export const CreateRelationshipBody = z
  .object({
    userId: uuid.nullable().optional(),
    employeeName: text(200),
    role: text(100),
    since: Timestamp,
    endedAt: Timestamp.nullable().optional(),
  })
  .strict()
  .openapi('CreateBondRelationship', {
    example: { employeeName: 'Ana Souza', role: 'account manager', since: '2025-01-01T00:00:00Z' },
  });
export const UpdateRelationshipBody = CreateRelationshipBody.partial()
  .strict()
  .openapi('UpdateBondRelationship', { example: { role: 'relationship manager' } });

export const CreatePreferenceBody = z
  .object({
    kind: text(100),
    value: text(500),
    source: z.enum(preferenceSources),
    timesActedOn: z.number().int().min(0).max(1_000_000).optional(),
    lastActedOn: Timestamp.nullable().optional(),
  })
  .strict()
  .openapi('CreateBondPreference', {
    example: { kind: 'contact_time', value: 'mornings', source: 'customer_stated' },
  });
export const UpdatePreferenceBody = CreatePreferenceBody.partial()
  .strict()
  .openapi('UpdateBondPreference', { example: { value: 'evenings' } });

export const CreateStructuralBody = z
  .object({
    kind: z.enum(structuralKinds),
    description: text(500),
    since: Timestamp,
    endedAt: Timestamp.nullable().optional(),
    earlyTerminationFeeMinor: z.number().int().min(0).max(1e13).nullable().optional(),
    termEndsAt: Timestamp.nullable().optional(),
  })
  .strict()
  .openapi('CreateBondStructural', {
    example: { kind: 'integration', description: 'Orders through EDI', since: '2025-01-01T00:00:00Z' },
  });
export const UpdateStructuralBody = CreateStructuralBody.partial()
  .strict()
  .openapi('UpdateBondStructural', { example: { description: 'Orders through the API' } });

export type CreateRelationshipInput = z.infer<typeof CreateRelationshipBody>;
export type UpdateRelationshipInput = z.infer<typeof UpdateRelationshipBody>;
export type CreatePreferenceInput = z.infer<typeof CreatePreferenceBody>;
export type UpdatePreferenceInput = z.infer<typeof UpdatePreferenceBody>;
export type CreateStructuralInput = z.infer<typeof CreateStructuralBody>;
export type UpdateStructuralInput = z.infer<typeof UpdateStructuralBody>;

export const RelationshipSchema = z
  .object({
    id: z.string(),
    userId: z.string().nullable(),
    employeeName: z.string(),
    role: z.string(),
    since: z.string(),
    endedAt: z.string().nullable(),
  })
  .openapi('BondRelationship');
export const PreferenceSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    value: z.string(),
    source: z.enum(preferenceSources),
    timesActedOn: z.number().int(),
    lastActedOn: z.string().nullable(),
  })
  .openapi('BondPreference');
export const StructuralSchema = z
  .object({
    id: z.string(),
    kind: z.enum(structuralKinds),
    description: z.string(),
    since: z.string(),
    endedAt: z.string().nullable(),
    earlyTerminationFeeMinor: z.number().int().nullable(),
    termEndsAt: z.string().nullable(),
  })
  .openapi('BondStructural');
export type RelationshipDto = z.infer<typeof RelationshipSchema>;
export type PreferenceDto = z.infer<typeof PreferenceSchema>;
export type StructuralDto = z.infer<typeof StructuralSchema>;

const Components = z.object({
  social: z.number().int(),
  customisation: z.number().int(),
  structural: z.number().int(),
  financial: z.number().int(),
});
const Weights = z.object({
  social: z.number().min(0).max(100),
  customisation: z.number().min(0).max(100),
  structural: z.number().min(0).max(100),
  financial: z.number().min(0).max(100),
});

export const ExplanationSchema = z
  .object({
    code: z.string().openapi({ description: 'Worded by the client: strongest, weakest, relationships, continuity, …' }),
    component: z.enum(bondComponents).optional(),
    values: z.record(z.string(), z.number()).optional(),
  })
  .openapi('BondExplanation');

export const SwitchingCostsSchema = z
  .object({
    currency: z.string(),
    pointsBalance: z.number().int(),
    pointsValueMinor: z.number().int(),
    levelName: z.string().nullable(),
    levelPosition: z.number().int(),
    levelCount: z.number().int(),
    levelBenefits: z
      .object({ prioritySupport: z.boolean(), freeItems: z.array(z.string()), perks: z.array(z.string()) })
      .nullable(),
    pendingVouchers: z.number().int(),
    vouchersValueMinor: z.number().int(),
    earlyTerminationFeeMinor: z.number().int(),
    totalMinor: z.number().int(),
  })
  .openapi('SwitchingCosts');
export type SwitchingCostsDto = z.infer<typeof SwitchingCostsSchema>;

export const CustomerBondsSchema = z
  .object({
    customerId: z.string(),
    index: z.number().int(),
    components: Components,
    continuity: z.number().nullable(),
    explanation: z.array(ExplanationSchema),
    switchingCosts: SwitchingCostsSchema,
    weights: Weights,
    /** What the last scoring run stored (the index lists and the validation read it). */
    scored: z.object({ index: z.number().int(), computedAt: z.string() }).nullable(),
    relationships: z.array(RelationshipSchema),
    preferences: z.array(PreferenceSchema),
    structural: z.array(StructuralSchema),
  })
  .openapi('CustomerBonds');
export type CustomerBondsDto = z.infer<typeof CustomerBondsSchema>;

export const ValidationSchema = z
  .object({
    status: z.enum(['ok', 'insufficient']),
    reason: z.string().optional(),
    hazardRatio: z.number().optional(),
    lower: z.number().optional(),
    upper: z.number().optional(),
    pValue: z.number().optional(),
    n: z.number().int(),
    events: z.number().int(),
    bottom: z.object({ n: z.number().int(), events: z.number().int(), maxIndex: z.number() }).optional(),
    top: z.object({ n: z.number().int(), events: z.number().int(), minIndex: z.number() }).optional(),
  })
  .openapi('BondValidation');

export const BondSummarySchema = z
  .object({
    scored: z.number().int(),
    computedAt: z.string().nullable(),
    mean: z.number().nullable(),
    median: z.number().nullable(),
    /** Ten bands: 0–9, 10–19, …, 90–100. */
    distribution: z.array(z.object({ from: z.number().int(), to: z.number().int(), customers: z.number().int() })),
    components: Components.nullable(),
    switchingCostMinor: z.object({ total: z.number().int(), mean: z.number() }),
    currency: z.string(),
    validation: ValidationSchema,
    weights: Weights,
  })
  .openapi('BondSummary');
export type BondSummaryDto = z.infer<typeof BondSummarySchema>;

export const BondSettingsSchema = z
  .object({
    weights: Weights.refine(
      (w) => w.social + w.customisation + w.structural + w.financial > 0,
      refineProblem('weights_zero'),
    ),
    pointsValueScaleMinor: z.number().int().min(1).max(1e12),
  })
  .strict()
  .openapi('BondSettings', {
    example: {
      weights: { social: 0.3, customisation: 0.2, structural: 0.3, financial: 0.2 },
      pointsValueScaleMinor: 5000,
    },
  });
export type BondSettingsDto = z.infer<typeof BondSettingsSchema>;
