// Owns the wire shapes of segments, campaigns and the campaign settings.
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../../http/openapi.ts';
import { CampaignActionSchema, EligibilitySchema } from './campaigns.actions.dto.ts';
import { campaignObjectives, campaignStatuses } from './campaigns.schema.ts';

/** Customers' consent channels (customers.schema.ts). */
const consentChannels = ['email', 'sms', 'phone', 'whatsapp', 'post'] as const;
const label = z.string().trim().min(1).max(100);
const labels = z.array(label).min(1).max(50);
const bound = z.number().finite().min(-1e15).max(1e15);
const range = <F extends string>(field: F) =>
  z
    .strictObject({ field: z.literal(field), min: bound.optional(), max: bound.optional() })
    .refine((c) => c.min !== undefined || c.max !== undefined, 'give min, max or both')
    .refine((c) => c.min === undefined || c.max === undefined || c.min <= c.max, 'min must not exceed max');

export const SegmentConditionSchema = z.union([
  z.strictObject({ field: z.enum(['tier', 'rfmSegment', 'status']), in: labels }),
  z.strictObject({ field: z.literal('tags'), any: labels }),
  z.strictObject({ field: z.literal('marketingConsent'), channel: z.enum(consentChannels) }),
  range('predictedClv'),
  range('pAlive'),
  range('churnRisk'),
  range('loyaltyBalance'),
  range('openComplaints'),
  range('daysSinceLastPurchase'),
  z.strictObject({
    field: z.literal('upliftTop'),
    campaignId: z.uuid(),
    topPercent: z.number().gt(0).max(100),
  }),
]);

export const SegmentDefinitionSchema = z
  .strictObject({ all: z.array(SegmentConditionSchema).max(30) })
  .openapi('SegmentDefinition', {
    example: {
      all: [
        { field: 'tier', in: ['gold', 'platinum'] },
        { field: 'pAlive', max: 0.5 },
        { field: 'marketingConsent', channel: 'email' },
      ],
    },
  });

export const SegmentSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    version: z.number().int(),
    definition: SegmentDefinitionSchema,
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Segment');
export type SegmentDto = z.infer<typeof SegmentSchema>;

export const SaveSegmentBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).nullable().optional(),
    definition: SegmentDefinitionSchema,
  })
  .openapi('SaveSegment');
export type SaveSegmentInput = z.infer<typeof SaveSegmentBody>;

export const UpdateSegmentBody = SaveSegmentBody.extend({
  /** The version the edit starts from: a 409 when someone saved another meanwhile. */
  version: z.number().int().min(1),
}).openapi('UpdateSegment', {
  example: { name: 'Lapsing gold', definition: { all: [{ field: 'tier', in: ['gold'] }] }, version: 1 },
});
export type UpdateSegmentInput = z.infer<typeof UpdateSegmentBody>;

export const PreviewBody = z
  .strictObject({ definition: SegmentDefinitionSchema, limit: z.number().int().min(0).max(100).default(20) })
  .openapi('SegmentPreviewRequest');

export const PreviewSchema = z
  .object({
    count: z.number().int(),
    sample: z.array(z.object({ id: z.uuid(), name: z.string(), tier: z.string().nullable() })),
  })
  .openapi('SegmentPreview');

const ArmSchema = z.object({
  key: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/, 'lower-case letters, digits, _ and -, at most 40')
    .openapi({ example: 'offer' }),
  name: z.string().trim().min(1).max(100),
  share: z.number().finite().positive().max(100),
  control: z.boolean().default(false),
});

export const CreateCampaignBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    objective: z.enum(campaignObjectives),
    ownerId: z.uuid().optional(),
    segmentId: z.uuid(),
    arms: z.array(ArmSchema.strict()).min(2).max(10),
    stratifyByTier: z.boolean().default(false),
    /** Default: a random one, kept with the campaign. */
    seed: z.string().trim().min(1).max(100).optional(),
    /** Launch by itself at this time (in the future); omitted: launched by hand. */
    scheduledAt: Timestamp.optional(),
  })
  .openapi('CreateCampaign', {
    example: {
      name: 'Win back lapsed gold',
      objective: 'win_back',
      segmentId: '0190a0a0-0000-7000-8000-000000000001',
      arms: [
        { key: 'control', name: 'Control', share: 10, control: true },
        { key: 'offer', name: '20 % voucher', share: 90, control: false },
      ],
    },
  });
export type CreateCampaignInput = z.infer<typeof CreateCampaignBody>;

export const SampleRatioSchema = z.object({
  counts: z.record(z.string(), z.number().int()),
  chiSquare: z.number(),
  p: z.number(),
  mismatch: z.boolean(),
});

export const CampaignSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    objective: z.enum(campaignObjectives),
    ownerId: z.uuid().nullable(),
    segmentId: z.uuid(),
    segmentVersion: z.number().int().nullable(),
    arms: z.array(ArmSchema),
    seed: z.string(),
    stratifyByTier: z.boolean(),
    status: z.enum(campaignStatuses),
    sampleRatio: SampleRatioSchema.nullable(),
    heldOut: z.number().int().nullable(),
    actions: z.array(CampaignActionSchema),
    eligibility: EligibilitySchema,
    executionStatus: z.enum(['idle', 'running', 'done']),
    /** Members also in another running campaign with a conflicting objective, counted at launch. */
    conflicts: z.number().int().nullable(),
    /** When a draft launches by itself; null: by hand. */
    scheduledAt: z.string().nullable(),
    /** Why the scheduled launch failed; the draft was left unscheduled. */
    launchError: z.enum(['empty_segment', 'segment_missing', 'launch_failed']).nullable(),
    launchedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Campaign');
export type CampaignDto = z.infer<typeof CampaignSchema>;

export const ScheduleCampaignBody = z
  .strictObject({ scheduledAt: Timestamp.nullable() })
  .openapi('ScheduleCampaign', { example: { scheduledAt: '2026-06-01T09:00:00Z' } });

export const ListCampaignsQuery = z.strictObject({
  status: z.enum(campaignStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
});
export type ListCampaignsInput = z.infer<typeof ListCampaignsQuery>;

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(300).optional(),
});

export const MemberSchema = z.object({ customerId: z.uuid(), arm: z.string(), tier: z.string().nullable() });

export const CampaignSettingsSchema = z
  .object({ holdoutShare: z.number(), updatedAt: z.string().nullable() })
  .openapi('CampaignSettings');
export const UpdateCampaignSettingsBody = z
  .strictObject({
    holdoutShare: z.number().finite().min(0).max(0.5),
    /** Draw a new holdout (other customers) instead of keeping the current one. */
    redraw: z.boolean().default(false),
  })
  .openapi('UpdateCampaignSettings', { example: { holdoutShare: 0.05, redraw: false } });

export const ResultsQuery = z.strictObject({
  /** The window from the launch, in days. */
  days: z.coerce.number().int().min(1).max(3650).default(90),
});

const EffectSchema = z.object({
  difference: z.number(),
  relativeLift: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]),
  p: z.number(),
});

const ResultArmSchema = z.object({
  arm: z.string(),
  name: z.string(),
  control: z.boolean(),
  n: z.number().int(),
  repurchaseRate: z.number().nullable(),
  revenuePerMemberMinor: z.number().nullable(),
  marginPerMemberMinor: z.number().nullable(),
  /** What the arm's executed actions cost, minor units. */
  costMinor: z.number(),
});
const ResultComparisonSchema = z.object({
  arm: z.string(),
  repurchase: EffectSchema.nullable(),
  revenue: EffectSchema.nullable(),
  repurchaseMde: z.number().nullable(),
  /** (per-member value in the arm − in the control) × the arm's members. */
  incrementalRevenueMinor: z.number().nullable(),
  incrementalMarginMinor: z.number().nullable(),
  costMinor: z.number(),
  /** (incremental margin − cost) / cost; null without costs. */
  roi: z.number().nullable(),
});

export const CampaignResultsSchema = z
  .object({
    campaignId: z.uuid(),
    window: z.object({ from: z.string(), to: z.string(), days: z.number().int() }),
    /** False with the reasons in notes: the window is still open, or an arm has too few members. */
    enoughData: z.boolean(),
    notes: z.array(z.enum(['window_open', 'too_few_members'])),
    sampleRatio: SampleRatioSchema.nullable(),
    arms: z.array(ResultArmSchema),
    comparisons: z.array(ResultComparisonSchema),
    /** The same per tier stored at launch (null: members without a tier). */
    byTier: z.array(
      z.object({
        tier: z.string().nullable(),
        arms: z.array(ResultArmSchema),
        comparisons: z.array(ResultComparisonSchema),
      }),
    ),
  })
  .openapi('CampaignResults');

export const PlanBody = z
  .strictObject({
    /** The control group's expected rate of the outcome (e.g. repurchase), 0–1 exclusive. */
    baseline: z.number().gt(0).lt(1),
    /** The control group's share of the members, percent. */
    controlShare: z.number().gt(0).lt(100).default(10),
    /** An absolute rise in the rate to detect: gives the members needed. */
    effect: z.number().gt(0).lt(1).optional(),
    /** Members available: gives the smallest rise they detect. */
    members: z.number().int().min(4).max(1e9).optional(),
  })
  .openapi('CampaignPlan', { example: { baseline: 0.2, controlShare: 10, effect: 0.02, members: 50_000 } });

export const PlanSchema = z
  .object({
    power: z.number(),
    alpha: z.number(),
    needed: z.object({ control: z.number().int(), treatment: z.number().int(), total: z.number().int() }).nullable(),
    mde: z.number().nullable(),
  })
  .openapi('CampaignPlanResult');
