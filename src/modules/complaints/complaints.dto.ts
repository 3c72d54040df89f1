// Owns the wire shapes of complaints, teams, routing, settings, compensations, KPIs and the
// public complaint form. Text is kept verbatim (HTML included) and only ever returned as JSON.
import { z } from '@hono/zod-openapi';
import { CalendarDate, Timestamp } from '../../http/openapi.ts';
import { Email } from '../customers/index.ts';
import { compensationStatuses, compensationTypes, assignmentStrategies } from './complaints.schema.ts';
import { severities, tiers, weekdays } from './complaints.sla.ts';
import { complaintStatuses, slaStates } from './complaints.status.ts';
import { refineProblem } from '../../lib/problems.ts';

export const complaintChannels = [
  'phone',
  'email',
  'sms',
  'whatsapp',
  'web',
  'store_visit',
  'social',
  'letter',
  'other',
] as const;
export const locales = ['en', 'pt-BR', 'es'] as const;

/** PostgreSQL text cannot hold NUL; refusing it here keeps hostile input a 422, not a 500. */
const noNul = (s: string) => !s.includes('\u0000');
export const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(noNul, 'must not contain NUL characters');
const OptionalText = (max: number) => Text(max).optional();
export const Slug = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be snake_case: a lowercase letter, then letters, digits or _ (at most 40)');
const Minor = z.number().int('must be a whole number of minor units').min(0).max(Number.MAX_SAFE_INTEGER);
const Phone = z.string().trim().min(1, 'must not be empty').max(40).refine(noNul, 'must not contain NUL characters');

const AttachmentFields = {
  name: Text(200),
  // No regex flags: the OpenAPI document publishes the pattern's source, which has none.
  contentType: z
    .string()
    .regex(
      new RegExp('^[A-Za-z0-9!#$&^_.+-]{1,64}/[A-Za-z0-9!#$&^_.+-]{1,64}$'),
      'must be a media type, e.g. image/png',
    ),
  sizeBytes: z
    .number()
    .int()
    .min(0)
    .max(100 * 1024 * 1024),
};
export const PublicAttachment = z.strictObject(AttachmentFields);
export const Attachment = z
  .strictObject({
    ...AttachmentFields,
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(2000)
      .optional(),
  })
  .openapi('AttachmentMeta');

// ---- settings

const Hours = z
  .number()
  .int('whole hours')
  .min(1)
  .max(24 * 365);
const TierHours = z.strictObject(
  Object.fromEntries(tiers.map((t) => [t, Hours.optional()])) as Record<
    (typeof tiers)[number],
    z.ZodOptional<typeof Hours>
  >,
);
const Interval = z.tuple([z.string(), z.string()]).openapi({ example: ['09:00', '18:00'] });

export const ComplaintSettingsSchema = z
  .object({
    publicFormEnabled: z.boolean(),
    categories: z.array(z.string()),
    rootCauses: z.array(z.string()),
    slaMatrix: z.record(z.enum(severities), z.record(z.enum(tiers), z.number())),
    businessHoursOnly: z.boolean(),
    weeklyHours: z.record(z.enum(weekdays), z.array(Interval)),
    holidays: z.array(z.string()),
    timeZone: z.string(),
    approvalThresholdMinor: z.number(),
    compensationCapMinor: z.number(),
    pointValueMinor: z.number(),
    handlingCostMinor: z.number(),
    currency: z.string(),
  })
  .openapi('ComplaintSettings');
export type ComplaintSettingsDto = z.infer<typeof ComplaintSettingsSchema>;

export const UpdateComplaintSettingsBody = z
  .strictObject({
    publicFormEnabled: z.boolean().optional(),
    categories: z.array(Slug).min(1).max(100).optional(),
    rootCauses: z.array(Slug).min(1).max(100).optional(),
    slaMatrix: z
      .strictObject(
        Object.fromEntries(severities.map((s) => [s, TierHours.optional()])) as Record<
          (typeof severities)[number],
          z.ZodOptional<typeof TierHours>
        >,
      )
      .optional(),
    businessHoursOnly: z.boolean().optional(),
    weeklyHours: z
      .strictObject(
        Object.fromEntries(weekdays.map((d) => [d, z.array(Interval).max(6).optional()])) as Record<
          (typeof weekdays)[number],
          z.ZodOptional<z.ZodArray<typeof Interval>>
        >,
      )
      .optional(),
    holidays: z.array(CalendarDate).max(400).optional(),
    approvalThresholdMinor: Minor.optional(),
    compensationCapMinor: Minor.optional(),
    pointValueMinor: z.number().int().min(1).max(1_000_000).optional(),
    handlingCostMinor: Minor.optional(),
  })
  .openapi('UpdateComplaintSettings', {
    example: { publicFormEnabled: true, slaMatrix: { critical: { platinum: 8 } } },
  });
export type UpdateComplaintSettingsInput = z.infer<typeof UpdateComplaintSettingsBody>;

// ---- teams and routing

const MemberInput = z.strictObject({ userId: z.uuid(), manager: z.boolean().optional() });

export const TeamSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    strategy: z.enum(assignmentStrategies),
    members: z.array(
      z.object({
        userId: z.uuid(),
        name: z.string(),
        email: z.string(),
        manager: z.boolean(),
        openComplaints: z.number(),
      }),
    ),
    createdAt: z.string(),
  })
  .openapi('ComplaintTeam');
export type TeamDto = z.infer<typeof TeamSchema>;

export const CreateTeamBody = z
  .strictObject({
    name: Text(120),
    strategy: z.enum(assignmentStrategies).optional(),
    members: z.array(MemberInput).max(200).optional(),
  })
  .openapi('CreateComplaintTeam', { example: { name: 'Billing care', strategy: 'least_loaded' } });
export const UpdateTeamBody = z
  .strictObject({ name: Text(120).optional(), strategy: z.enum(assignmentStrategies).optional() })
  .openapi('UpdateComplaintTeam');
export const SetTeamMembersBody = z
  .strictObject({ members: z.array(MemberInput).max(200) })
  .openapi('SetComplaintTeamMembers', {
    example: { members: [{ userId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11', manager: true }] },
  });

const Rule = z.object({ category: z.string(), teamId: z.uuid() });
export const RoutingSchema = z.object({ rules: z.array(Rule) }).openapi('ComplaintRouting');
export const SetRoutingBody = z
  .strictObject({
    rules: z.array(z.strictObject({ category: z.union([Slug, z.literal('*')]), teamId: z.uuid() })).max(200),
  })
  .openapi('SetComplaintRouting', {
    example: { rules: [{ category: '*', teamId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11' }] },
  });

// ---- complaints

export const ComplaintSchema = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    customerId: z.uuid(),
    category: z.string(),
    channel: z.string(),
    source: z.enum(['agent', 'public_form']),
    subject: z.string(),
    description: z.string(),
    attachments: z.array(Attachment),
    locale: z.string(),
    status: z.enum(complaintStatuses),
    severity: z.enum(severities).nullable(),
    customerTier: z.enum(tiers).nullable(),
    teamId: z.uuid().nullable(),
    assigneeId: z.uuid().nullable(),
    validityReason: z.string().nullable(),
    decidedAt: z.string().nullable(),
    slaHours: z.number().nullable(),
    slaBusinessHours: z.boolean().nullable(),
    deadlineAt: z.string().nullable(),
    atRiskAt: z.string().nullable(),
    slaState: z.enum(slaStates).nullable(),
    breachedAt: z.string().nullable(),
    escalatedAt: z.string().nullable(),
    solution: z.string().nullable(),
    rootCause: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolvedBy: z.uuid().nullable(),
    satisfactionScore: z.number().nullable(),
    satisfactionComment: z.string().nullable(),
    satisfactionAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    handlingCostMinor: z.number(),
    registeredAt: z.string(),
    registeredBy: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Complaint');
export type ComplaintDto = z.infer<typeof ComplaintSchema>;

export const RegisteredComplaintSchema = ComplaintSchema.extend({
  statusToken: z
    .string()
    .openapi({ description: 'Shown once: the customer’s link to the status page and satisfaction rating' }),
  statusPath: z.string(),
}).openapi('RegisteredComplaint');

const NewCustomer = z.strictObject({
  name: Text(200),
  email: Email.optional(),
  phone: Phone.optional(),
  locale: z.enum(locales).optional(),
});

export const RegisterComplaintBody = z
  .strictObject({
    customerId: z
      .uuid()
      .optional()
      .openapi({ description: 'An existing customer; or give `customer` to match by email/phone or create one' }),
    customer: NewCustomer.optional(),
    category: Slug,
    channel: z.enum(complaintChannels),
    subject: Text(200),
    description: Text(5000),
    attachments: z.array(Attachment).max(10).optional(),
    locale: z.enum(locales).optional(),
  })
  .refine((b) => (b.customerId === undefined) !== (b.customer === undefined), {
    ...refineProblem('exactly_one_of', { fields: 'customerId, customer' }),
    path: ['customerId'],
  })
  .openapi('RegisterComplaint', {
    example: {
      customer: { name: 'Ana Souza', email: 'ana@example.com' },
      category: 'billing',
      channel: 'phone',
      subject: 'Charged twice',
      description: 'My card was charged twice for order 1042.',
    },
  });
export type RegisterComplaintInput = z.infer<typeof RegisterComplaintBody>;

export const ListComplaintsQuery = z.strictObject({
  status: z.enum(complaintStatuses).optional(),
  slaState: z.enum(slaStates).optional(),
  assigneeId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  category: Slug.optional(),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .openapi({ description: 'Full-text search over subject, description and solution' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListComplaintsQueryInput = z.infer<typeof ListComplaintsQuery>;

export const ComplaintPageSchema = z
  .object({
    items: z.array(
      ComplaintSchema.extend({
        customerName: z.string().nullable().openapi({ description: 'The customer’s name, for the list' }),
      }).openapi('ComplaintListItem'),
    ),
    nextCursor: z.string().nullable(),
  })
  .openapi('ComplaintPage');

export const transitionTargets = complaintStatuses.filter((s) => s !== 'registered') as Exclude<
  (typeof complaintStatuses)[number],
  'registered'
>[];

export const TransitionBody = z
  .strictObject({
    to: z.enum(transitionTargets as [string, ...string[]]),
    note: OptionalText(2000),
    reason: OptionalText(2000).openapi({
      description: 'Required for valid and invalid: why, as the customer will read it',
    }),
    severity: z.enum(severities).optional().openapi({ description: 'Required for valid' }),
    solution: OptionalText(5000).openapi({ description: 'Required for resolved' }),
    rootCause: Slug.optional().openapi({ description: 'Required for resolved: one of the workspace root causes' }),
    satisfactionScore: z
      .number()
      .int()
      .min(1)
      .max(5)
      .optional()
      .openapi({ description: 'For satisfaction_checked recorded by an agent (the customer answered by phone)' }),
  })
  .openapi('ComplaintTransition', {
    example: { to: 'valid', severity: 'high', reason: 'The double charge is confirmed.' },
  });
export type TransitionInput = z.infer<typeof TransitionBody>;

export const TransitionSchema = z
  .object({
    id: z.uuid(),
    from: z.string().nullable(),
    to: z.string(),
    actor: z.string(),
    note: z.string().nullable(),
    occurredAt: z.string(),
  })
  .openapi('ComplaintTransitionRecord');

export const AssignBody = z
  .strictObject({ assigneeId: z.uuid(), note: OptionalText(2000) })
  .openapi('AssignComplaint', { example: { assigneeId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11' } });

export const SuggestionsQuery = z.strictObject({
  q: z.string().trim().min(2, 'type at least 2 characters').max(200),
  category: Slug.optional(),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});
export const SuggestionSchema = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    category: z.string(),
    subject: z.string(),
    solution: z.string(),
    rootCause: z.string().nullable(),
    closedAt: z.string().nullable(),
    rank: z.number(),
  })
  .openapi('ComplaintSuggestion');

// ---- compensations

export const ProposalSchema = z
  .object({
    valueMinor: z.number(),
    points: z.number(),
    currency: z.string(),
    requiresApproval: z.boolean(),
    basis: z.object({
      revenue12mMinor: z.number(),
      severity: z.enum(severities),
      tier: z.enum(tiers),
      share: z.number(),
      tierWeight: z.number(),
      floorMinor: z.number(),
      capMinor: z.number(),
      pointValueMinor: z.number(),
    }),
  })
  .openapi('CompensationProposal');

export const CreateCompensationBody = z
  .strictObject({
    type: z.enum(compensationTypes),
    amount: Minor.openapi({
      description: 'Points for `points`; minor units for voucher and refund_note; anything for other',
    }),
    costMinor: Minor.optional().openapi({
      description: 'What it costs the business; default: points × point value, or the amount',
    }),
    note: OptionalText(2000),
  })
  .openapi('CreateCompensation', { example: { type: 'points', amount: 2500 } });
export type CreateCompensationInput = z.infer<typeof CreateCompensationBody>;

export const CompensationSchema = z
  .object({
    id: z.uuid(),
    complaintId: z.uuid(),
    customerId: z.uuid(),
    type: z.enum(compensationTypes),
    amount: z.number(),
    costMinor: z.number(),
    currency: z.string(),
    status: z.enum(compensationStatuses),
    requiresApproval: z.boolean(),
    note: z.string().nullable(),
    proposedBy: z.string(),
    proposedAt: z.string(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
    postedAt: z.string().nullable(),
  })
  .openapi('Compensation');
export type CompensationDto = z.infer<typeof CompensationSchema>;

export const ListCompensationsQuery = z.strictObject({
  status: z.enum(compensationStatuses).optional(),
  complaintId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const DecideCompensationBody = z
  .strictObject({ note: OptionalText(2000) })
  .openapi('DecideCompensation', { example: { note: 'Long-standing customer' } });

// ---- KPIs and root causes

export const WindowQuery = z.strictObject({
  from: Timestamp.optional().openapi({ description: 'Default: 90 days before `to`' }),
  to: Timestamp.optional().openapi({ description: 'Default: now' }),
});
export const RootCausesQuery = WindowQuery.extend({ interval: z.enum(['week', 'month', 'quarter']).default('month') });

const KpiBlock = z.object({
  registered: z.number(),
  resolved: z.number(),
  resolvedWithinSla: z.number(),
  shareResolvedWithinSla: z.number().nullable(),
  meanHoursToResolve: z.number().nullable(),
  p90HoursToResolve: z.number().nullable(),
  satisfactionResponses: z.number(),
  meanSatisfaction: z.number().nullable(),
});
export const KpisSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    activeCustomers: z.number(),
    complaintsPer1000ActiveCustomers: z.number().nullable(),
    repeatComplaints90d: z.number(),
    shareRepeat90d: z.number().nullable(),
    overall: KpiBlock,
    topRootCauses: z.array(z.object({ rootCause: z.string(), count: z.number() })),
    byAgent: z.array(KpiBlock.extend({ userId: z.uuid(), name: z.string().nullable() })),
    byTeam: z.array(KpiBlock.extend({ teamId: z.uuid(), name: z.string().nullable() })),
  })
  .openapi('ComplaintKpis');
export type KpisDto = z.infer<typeof KpisSchema>;
export type KpiBlockDto = z.infer<typeof KpiBlock>;

export const RootCauseSeriesSchema = z
  .object({
    interval: z.string(),
    items: z.array(z.object({ period: z.string(), rootCause: z.string(), count: z.number() })),
  })
  .openapi('ComplaintRootCauses');

// ---- public form and status page

export const PublicSlugParams = z.object({
  slug: z
    .string()
    .max(60)
    .openapi({ param: { name: 'slug', in: 'path' }, example: 'acme-retail' }),
});
export const PublicTokenParams = z.object({
  token: z
    .string()
    .max(200)
    .openapi({ param: { name: 'token', in: 'path' } }),
});

export const PublicFormSchema = z
  .object({ workspace: z.object({ name: z.string(), locale: z.string() }), categories: z.array(z.string()) })
  .openapi('PublicComplaintForm');

export const PublicRegisterBody = z
  .strictObject({
    name: Text(200),
    email: Email.optional(),
    phone: Phone.optional(),
    locale: z.enum(locales).optional(),
    category: Slug,
    subject: Text(200),
    description: Text(5000),
    attachments: z.array(PublicAttachment).max(5).optional(),
    website: z
      .string()
      .max(500)
      .optional()
      .openapi({ description: 'Leave empty: a honeypot for bots (a hidden field people never fill)' }),
  })
  .refine((b) => b.email !== undefined || b.phone !== undefined, {
    ...refineProblem('contact_required'),
    path: ['email'],
  })
  .openapi('PublicRegisterComplaint', {
    example: {
      name: 'Ana Souza',
      email: 'ana@example.com',
      category: 'billing',
      subject: 'Charged twice',
      description: 'My card was charged twice.',
    },
  });
export type PublicRegisterInput = z.infer<typeof PublicRegisterBody>;

export const PublicRegisteredSchema = z
  .object({ reference: z.string(), statusToken: z.string(), statusPath: z.string() })
  .openapi('PublicComplaintRegistered');

export const PublicStatusSchema = z
  .object({
    reference: z.string(),
    status: z.enum(complaintStatuses),
    category: z.string(),
    subject: z.string(),
    description: z.string(),
    locale: z.string(),
    registeredAt: z.string(),
    decision: z
      .object({ valid: z.boolean(), reason: z.string().nullable(), decidedAt: z.string().nullable() })
      .nullable(),
    deadlineAt: z.string().nullable(),
    resolution: z.object({ solution: z.string().nullable(), resolvedAt: z.string() }).nullable(),
    satisfaction: z
      .object({ score: z.number(), comment: z.string().nullable(), ratedAt: z.string().nullable() })
      .nullable(),
    canRate: z.boolean(),
    history: z.array(z.object({ status: z.string(), at: z.string() })),
  })
  .openapi('PublicComplaintStatus');
export type PublicStatusDto = z.infer<typeof PublicStatusSchema>;

export const SatisfactionBody = z
  .strictObject({ score: z.number().int('a whole number from 1 to 5').min(1).max(5), comment: OptionalText(2000) })
  .openapi('RateComplaintSatisfaction', { example: { score: 5, comment: 'Solved quickly, thank you' } });
