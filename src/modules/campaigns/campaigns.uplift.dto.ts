// Owns the wire shapes of a campaign's uploaded external results and its uplift model.
import { z } from '@hono/zod-openapi';

const column = z.string().trim().min(1).max(200);
const delimiters = { ',': ',', ';': ';', '|': '|', tab: '\t' } as const;

// Required, but checked by the use case after the campaign is found: a campaign of another workspace
// is a 404 whatever the query says.
export const ExternalResultsQuery = z.strictObject({
  armCol: column
    .optional()
    .openapi({ description: 'Required: the column with the arm each customer was in', example: 'arm' }),
  control: column
    .optional()
    .openapi({ description: "Required: the control arm's label in that column", example: 'control' }),
  outcomes: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .transform((v) => [...new Set(v.split(',').map((c) => c.trim()))].filter(Boolean))
    .refine((v) => v.length >= 1 && v.length <= 20, 'name 1 to 20 outcome columns, separated by commas')
    .optional()
    .openapi({
      description: 'Required: outcome columns (0/1 or numbers), separated by commas',
      example: 'repurchased,revenue',
    }),
  delimiter: z
    .enum([',', ';', '|', 'tab'])
    .default(',')
    .transform((d) => delimiters[d]),
});

const ComparisonSchema = z.object({
  arm: z.string(),
  outcome: z.string(),
  kind: z.enum(['proportion', 'mean']),
  difference: z.number(),
  relativeLift: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]),
  p: z.number(),
  method: z.enum(['newcombe-hybrid-score + pooled z', 'welch']),
});

export const ExternalResultSchema = z
  .object({
    id: z.uuid(),
    campaignId: z.uuid(),
    armColumn: z.string(),
    control: z.string(),
    rows: z.number().int(),
    uploadedBy: z.string().nullable(),
    createdAt: z.string(),
    /** The same object as `tenure uplift --json`. */
    analysis: z.object({
      rows: z.number().int(),
      control: z.string(),
      outcomes: z.array(z.object({ column: z.string(), kind: z.enum(['proportion', 'mean']) })),
      arms: z.array(
        z.object({
          arm: z.string(),
          n: z.number().int(),
          outcomes: z.record(z.string(), z.object({ mean: z.number().nullable(), n: z.number().int() })),
        }),
      ),
      comparisons: z.array(ComparisonSchema),
    }),
  })
  .openapi('CampaignExternalResult');

export const UpliftBody = z.strictObject({
  /** The outcome window from the launch, in days (as for the campaign's results). */
  days: z.number().int().min(1).max(3650).default(90),
});

export const upliftNotes = [
  'members_without_contract',
  'few_members',
  'not_better_than_random',
  'window_open',
] as const;

export const UpliftSchema = z
  .object({
    campaignId: z.uuid(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    days: z.number().int(),
    requestedAt: z.string(),
    fittedAt: z.string().nullable(),
    error: z.string().nullable(),
    model: z
      .object({
        outcome: z.literal('repurchase'),
        members: z.number().int(),
        treated: z.number().int(),
        control: z.number().int(),
        treatedPositives: z.number().int(),
        controlPositives: z.number().int(),
        treatedArms: z.array(z.string()),
        folds: z.number().int(),
        seed: z.number().int(),
        l2: z.number(),
        features: z.array(z.string()),
        /** Held-out Qini curve: incremental buyers per member when the top `fraction` are treated, and random targeting. */
        curve: z.array(z.object({ fraction: z.number(), gain: z.number(), random: z.number() })),
        area: z.number(),
        randomArea: z.number(),
        /** Area between the Qini curve and random targeting (Radcliffe 2007); > 0 targets better than random. */
        qini: z.number(),
        notes: z.array(z.enum(upliftNotes)),
        window: z.object({ from: z.string(), to: z.string(), days: z.number().int() }),
      })
      .nullable(),
  })
  .openapi('CampaignUplift');
