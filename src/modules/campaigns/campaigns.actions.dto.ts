// Owns the wire shapes of campaign actions, eligibility rules, execution progress and conflicts.
import { z } from '@hono/zod-openapi';
import { campaignObjectives } from './campaigns.schema.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const Template = z.strictObject({ subject: text(200), body: text(5000), short: text(320).optional() });
const base = {
  key: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'lower-case letters, digits, _ and -, at most 40'),
  /** The treatment arm that does it (never the control). */
  arm: z.string().min(1).max(40),
  name: text(100),
  /** What one execution costs, in minor units of the workspace's currency (a voucher: the reward's cost when 0). */
  costMinor: z.number().int().min(0).max(1e12).default(0),
};

export const CampaignActionSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      ...base,
      type: z.literal('message'),
      templates: z.strictObject({ en: Template, 'pt-BR': Template.optional(), es: Template.optional() }),
    }),
    z.strictObject({ ...base, type: z.literal('points'), points: z.number().int().min(1).max(1_000_000) }),
    z.strictObject({
      ...base,
      type: z.literal('voucher'),
      /** The loyalty reward given (no points spent): each member gets its voucher code. */
      rewardId: z.uuid(),
    }),
    z.strictObject({
      ...base,
      type: z.literal('task'),
      title: text(200),
      dueInDays: z.number().int().min(0).max(365).optional(),
    }),
  ])
  .openapi('CampaignAction');

export const EligibilitySchema = z
  .strictObject({
    frequencyCap: z
      .strictObject({ max: z.number().int().min(1).max(100), days: z.number().int().min(1).max(365) })
      .nullable(),
    quietHours: z
      .strictObject({ start: z.number().int().min(0).max(23), end: z.number().int().min(0).max(23) })
      .refine((q) => q.start !== q.end, 'start and end must differ')
      .nullable(),
    excludeOpenComplaints: z.boolean(),
  })
  .openapi('CampaignEligibility');

export const SaveActionsBody = z
  .strictObject({
    actions: z.array(CampaignActionSchema).max(30),
    eligibility: EligibilitySchema.optional(),
  })
  .openapi('SaveCampaignActions', {
    example: {
      actions: [
        {
          key: 'mail',
          arm: 'offer',
          name: 'Win-back email',
          type: 'message',
          costMinor: 2,
          templates: { en: { subject: 'We miss you, {{firstName}}', body: 'Here are 500 points for you.' } },
        },
        { key: 'bonus', arm: 'offer', name: '500 points', type: 'points', points: 500, costMinor: 250 },
      ],
      eligibility: {
        frequencyCap: { max: 3, days: 7 },
        quietHours: { start: 21, end: 8 },
        excludeOpenComplaints: true,
      },
    },
  });
export type SaveActionsInput = z.infer<typeof SaveActionsBody>;

export const ExecutionSchema = z
  .object({
    status: z.enum(['idle', 'running', 'done']),
    /** Member × action pairs to do (members of arms with actions). */
    total: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    deferred: z.number().int(),
    /** Not yet looked at. */
    pending: z.number().int(),
    skipped: z.number().int(),
    skippedByReason: z.record(z.string(), z.number().int()),
    failedByReason: z.record(z.string(), z.number().int()),
    /** Costs of what was done, per arm, minor units. */
    costMinorByArm: z.record(z.string(), z.number()),
    /** A few failed members, so one bad record is visible. */
    failures: z.array(z.object({ customerId: z.uuid(), actionKey: z.string(), reason: z.string().nullable() })),
    /** The same per action (its arm's members are its total). */
    byAction: z.array(
      z.object({
        actionKey: z.string(),
        arm: z.string(),
        total: z.number().int(),
        done: z.number().int(),
        skipped: z.number().int(),
        failed: z.number().int(),
        deferred: z.number().int(),
        pending: z.number().int(),
        skippedByReason: z.record(z.string(), z.number().int()),
      }),
    ),
  })
  .openapi('CampaignExecution');

export const RunBatchBody = z
  .strictObject({ limit: z.number().int().min(1).max(5000).default(500) })
  .openapi('RunCampaignBatch');

export const ConflictSchema = z
  .object({
    customerId: z.uuid(),
    campaignId: z.uuid(),
    campaignName: z.string(),
    objective: z.enum(campaignObjectives),
  })
  .openapi('CampaignConflict');
