// Owns the wire shapes of surveys: settings, sending one, the public answer page, the responses
// list (comments searchable) and the results (NPS and CSAT with their sampling error, by month).
import { z } from '@hono/zod-openapi';
import { CalendarDate } from '../../http/openapi.ts';
import { csatTriggers, surveyKinds, surveyTriggers } from './surveys.schema.ts';

export const SurveySettingsSchema = z
  .object({
    npsEnabled: z.boolean(),
    npsSamplePerDay: z.number().int(),
    npsMinIntervalDays: z.number().int(),
    csatTriggers: z.array(z.enum(csatTriggers)),
    csatMinIntervalDays: z.number().int(),
    linkTtlDays: z.number().int(),
    reminderAfterDays: z.number().int(),
    maxReminders: z.number().int(),
    followUpAssigneeId: z.uuid().nullable(),
  })
  .openapi('SurveySettings');
export type SurveySettingsDto = z.infer<typeof SurveySettingsSchema>;

export const UpdateSurveySettingsBody = z
  .strictObject({
    npsEnabled: z.boolean().optional(),
    npsSamplePerDay: z.number().int().min(1).max(10_000).optional(),
    npsMinIntervalDays: z.number().int().min(1).max(730).optional(),
    csatTriggers: z.array(z.enum(csatTriggers)).max(3).optional(),
    csatMinIntervalDays: z.number().int().min(0).max(365).optional(),
    linkTtlDays: z.number().int().min(1).max(90).optional(),
    reminderAfterDays: z.number().int().min(1).max(30).optional(),
    maxReminders: z.number().int().min(0).max(3).optional(),
    followUpAssigneeId: z.uuid().nullable().optional(),
  })
  .openapi('UpdateSurveySettings', { example: { npsEnabled: true, csatTriggers: ['complaint_resolved'] } });
export type UpdateSurveySettingsInput = z.infer<typeof UpdateSurveySettingsBody>;

export const SendSurveyBody = z
  .strictObject({ customerId: z.uuid(), kind: z.enum(surveyKinds) })
  .openapi('SendSurvey', { example: { customerId: '0190a0a0-0000-7000-8000-000000000001', kind: 'nps' } });
export type SendSurveyInput = z.infer<typeof SendSurveyBody>;

export const SurveySchema = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    customerName: z.string().nullable(),
    kind: z.enum(surveyKinds),
    trigger: z.enum(surveyTriggers),
    subjectId: z.uuid().nullable(),
    locale: z.string(),
    deliveryStatus: z
      .string()
      .openapi({ description: "The outbox's status when queued: skipped_no_consent = not sent" }),
    sentAt: z.string(),
    expiresAt: z.string(),
    remindersSent: z.number().int(),
    answeredAt: z.string().nullable(),
    score: z.number().int().nullable(),
    comment: z.string().nullable(),
    followUpTaskId: z.uuid().nullable(),
    complaintId: z.uuid().nullable(),
  })
  .openapi('Survey');
export type SurveyDto = z.infer<typeof SurveySchema>;

export const SentSurveySchema = SurveySchema.extend({
  pagePath: z.string().nullable().openapi({ description: 'The public page (also in the message); null when not sent' }),
}).openapi('SentSurvey');

export const ListSurveysQuery = z.strictObject({
  kind: z.enum(surveyKinds).optional(),
  customerId: z.uuid().optional(),
  answered: z.enum(['true', 'false']).optional(),
  category: z
    .enum(['promoter', 'passive', 'detractor', 'satisfied', 'dissatisfied'])
    .optional()
    .openapi({ description: 'NPS group (0–6, 7–8, 9–10) or CSAT satisfied (4–5) / not (1–3)' }),
  q: z.string().trim().min(1).max(200).optional().openapi({ description: 'Words in the comment (case-insensitive)' }),
  from: CalendarDate.optional(),
  to: CalendarDate.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
});
export type ListSurveysInput = z.infer<typeof ListSurveysQuery>;

export const SurveyPageSchema = z
  .object({ items: z.array(SurveySchema), nextCursor: z.string().nullable() })
  .openapi('SurveyPage');

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');
export const ResultsQuery = z.strictObject({
  from: Month.optional().openapi({ description: 'First month (UTC), default 11 months before `to`' }),
  to: Month.optional().openapi({ description: 'Last month (UTC), default the current month' }),
});
export type ResultsInput = z.infer<typeof ResultsQuery>;

const Band = {
  n: z.number().int(),
  standardError: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
};
export const NpsSchema = z
  .object({
    promoters: z.number().int(),
    passives: z.number().int(),
    detractors: z.number().int(),
    nps: z.number().nullable(),
    ...Band,
  })
  .openapi('Nps');
export const CsatSchema = z
  .object({ satisfied: z.number().int(), csat: z.number().nullable(), ...Band })
  .openapi('Csat');
export const SurveyResultsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    nps: NpsSchema,
    csat: CsatSchema,
    sent: z.object({ nps: z.number().int(), csat: z.number().int() }),
    responseRate: z.object({ nps: z.number().nullable(), csat: z.number().nullable() }),
    months: z.array(z.object({ month: z.string(), nps: NpsSchema, csat: CsatSchema })),
  })
  .openapi('SurveyResults');

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
    kind: z.enum(surveyKinds),
    trigger: z.enum(surveyTriggers),
  })
  .openapi('PublicSurvey');

export const AnswerSurveyBody = z
  .strictObject({
    score: z.number().int().min(0).max(10),
    comment: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
    openComplaint: z
      .boolean()
      .optional()
      .openapi({ description: 'A detractor may ask for their comment to be registered as a complaint' }),
    website: z
      .string()
      .max(500)
      .optional()
      .openapi({ description: 'Leave empty: a honeypot for bots (a hidden field people never fill)' }),
  })
  .openapi('AnswerSurvey', { example: { score: 9, comment: 'Quick and friendly' } });
export type AnswerSurveyInput = z.infer<typeof AnswerSurveyBody>;

export const SurveyAnsweredSchema = z
  .object({ answered: z.literal(true), complaintReference: z.string().nullable() })
  .openapi('SurveyAnswered');
