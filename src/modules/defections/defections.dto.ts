// Owns the wire shapes of the defection register: taxonomy, defections, reactivations, lapsed
// customers, settings, the summary and the public exit survey.
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../../http/openapi.ts';
import { defectionChannels, defectionSources } from './defections.schema.ts';
import { refineProblem } from '../../lib/problems.ts';

const Text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const ReasonCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be snake_case: a lowercase letter, then letters, digits or _ (at most 40)')
  .openapi({ example: 'price' });
const Labels = z
  .strictObject({ en: Text(80).optional(), 'pt-BR': Text(80).optional(), es: Text(80).optional() })
  .openapi({ example: { en: 'Too expensive', 'pt-BR': 'Caro demais', es: 'Demasiado caro' } });

export const ReasonSchema = z
  .object({
    code: z.string(),
    labels: z.object({ en: z.string().optional(), 'pt-BR': z.string().optional(), es: z.string().optional() }),
    controllable: z.boolean(),
    active: z.boolean(),
    builtIn: z.boolean(),
    position: z.number(),
    used: z.boolean(),
  })
  .openapi('DefectionReason');
export type ReasonDto = z.infer<typeof ReasonSchema>;

export const CreateReasonBody = z
  .strictObject({
    code: ReasonCode,
    labels: Labels.refine((l) => l.en !== undefined, { ...refineProblem('english_label'), path: ['en'] }),
    controllable: z.boolean(),
  })
  .openapi('CreateDefectionReason', {
    example: { code: 'too_expensive_shipping', labels: { en: 'Shipping too expensive' }, controllable: true },
  });

export const UpdateReasonBody = z
  .strictObject({ labels: Labels.optional(), controllable: z.boolean().optional(), active: z.boolean().optional() })
  .openapi('UpdateDefectionReason', { example: { labels: { en: 'Price too high' }, active: true } });
export type UpdateReasonInput = z.infer<typeof UpdateReasonBody>;

// Any code-like text is looked up (an unknown one is a 404), so a bad path never hides the body's errors.
export const ReasonParams = z.object({
  code: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'code', in: 'path' }, example: 'price' }),
});

export const DefectionSchema = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    contractId: z.uuid().nullable(),
    defectedAt: z.string(),
    reasonCode: z.string().nullable(),
    controllable: z.boolean().nullable(),
    freeText: z.string().nullable(),
    channel: z.enum(defectionChannels).nullable(),
    source: z.enum(defectionSources),
    recordedBy: z.string(),
    surveyAnsweredAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Defection');
export type DefectionDto = z.infer<typeof DefectionSchema>;

export const ExitSurveyLinkSchema = z
  .object({
    token: z.string(),
    path: z.string().openapi({ description: 'The API path of the survey' }),
    pagePath: z.string().openapi({ description: 'The web page the customer opens' }),
    expiresAt: z.string(),
  })
  .openapi('ExitSurveyLink');

export const RecordDefectionBody = z
  .strictObject({
    defectedAt: Timestamp.optional(),
    reasonCode: ReasonCode.optional(),
    freeText: Text(2000).optional(),
    channel: z.enum(defectionChannels).optional(),
    contractId: z.uuid().optional(),
  })
  .openapi('RecordDefection', {
    example: { reasonCode: 'competitor_offer', freeText: 'Moved to a cheaper plan elsewhere', channel: 'phone' },
  });
export type RecordDefectionInput = z.infer<typeof RecordDefectionBody>;

export const RecordedDefectionSchema = z
  .object({ defection: DefectionSchema, exitSurvey: ExitSurveyLinkSchema })
  .openapi('RecordedDefection');

export const ListDefectionsQuery = z.strictObject({
  from: Timestamp.optional(),
  to: Timestamp.optional(),
  reason: ReasonCode.optional(),
  controllable: z.enum(['true', 'false']).optional(),
  source: z.enum(defectionSources).optional(),
  customerId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(300).optional(),
});
export type ListDefectionsInput = z.infer<typeof ListDefectionsQuery>;

export const SummaryQuery = z.strictObject({ from: Timestamp.optional(), to: Timestamp.optional() });

const ShareRow = z.object({
  reasonCode: z.string().nullable(),
  controllable: z.boolean().nullable(),
  count: z.number(),
  share: z.number(),
});
export const SummarySchema = z
  .object({
    total: z.number(),
    byReason: z.array(ShareRow),
    byMonth: z.array(ShareRow.extend({ month: z.string() })),
  })
  .openapi('DefectionSummary');

export const ReactivationSchema = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    defectionId: z.uuid().nullable(),
    reactivatedAt: z.string(),
    note: z.string().nullable(),
    recordedBy: z.string(),
  })
  .openapi('Reactivation');
export type ReactivationDto = z.infer<typeof ReactivationSchema>;

export const RecordReactivationBody = z
  .strictObject({ reactivatedAt: Timestamp.optional(), defectionId: z.uuid().optional(), note: Text(2000).optional() })
  .openapi('RecordReactivation', { example: { note: 'Came back after the loyalty offer' } });
export type RecordReactivationInput = z.infer<typeof RecordReactivationBody>;

export const LapseSchema = z
  .object({ customerId: z.uuid(), pAlive: z.number(), lapsedAt: z.string() })
  .openapi('LapsedCustomer');

export const HistorySchema = z
  .object({
    defections: z.array(DefectionSchema),
    reactivations: z.array(ReactivationSchema),
    lapse: LapseSchema.nullable(),
    defected: z.boolean(),
  })
  .openapi('DefectionHistory');

export const ListLapsedQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(300).optional(),
});

export const SettingsSchema = z
  .object({ lapseThreshold: z.number(), surveyTtlDays: z.number() })
  .openapi('DefectionSettings');
export const UpdateSettingsBody = z
  .strictObject({
    lapseThreshold: z.number().gt(0, 'must be above 0').lt(1, 'must be below 1').optional(),
    surveyTtlDays: z.number().int('a whole number of days').min(1).max(365).optional(),
  })
  .openapi('UpdateDefectionSettings', { example: { lapseThreshold: 0.25 } });

// ---- public exit survey

export const SurveyTokenParams = z.object({
  token: z
    .string()
    .max(200)
    .openapi({ param: { name: 'token', in: 'path' } }),
});

export const PublicSurveySchema = z
  .object({
    workspace: z.object({ name: z.string() }),
    locale: z.string(),
    reasons: z.array(z.object({ code: z.string(), label: z.string() })),
  })
  .openapi('PublicExitSurvey');

export const SurveyAnswerBody = z
  .strictObject({
    reasonCode: ReasonCode,
    freeText: Text(2000).optional(),
    website: z
      .string()
      .max(500)
      .optional()
      .openapi({ description: 'Leave empty: a honeypot for bots (a hidden field people never fill)' }),
  })
  .openapi('AnswerExitSurvey', { example: { reasonCode: 'price', freeText: 'Found it cheaper elsewhere' } });
export type SurveyAnswerInput = z.infer<typeof SurveyAnswerBody>;

export const SurveyAnsweredSchema = z.object({ answered: z.literal(true) }).openapi('ExitSurveyAnswered');
