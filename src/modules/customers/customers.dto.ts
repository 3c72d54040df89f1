// Owns the wire shapes of customers, custom field definitions and consents.
import { z } from '@hono/zod-openapi';
import { CalendarDate, Timestamp } from '../../http/openapi.ts';
import { type Address, consentChannels, consentPurposes, customFieldTypes } from './customers.schema.ts';
import { refineProblem } from '../../lib/problems.ts';

export const channels = consentChannels;
export const Email = z
  .email({ error: 'must be an email address' })
  .max(254)
  .transform((v) => v.trim().toLowerCase());
const Text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const Tag = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .transform((v) => v.toLowerCase());

export const AddressSchema = z
  .strictObject({
    line1: z.string().max(200).optional(),
    line2: z.string().max(200).optional(),
    city: z.string().max(120).optional(),
    region: z.string().max(120).optional(),
    postalCode: z.string().max(20).optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 country code, e.g. BR')
      .optional(),
  })
  .openapi('Address');

const customerFields = {
  kind: z.enum(['person', 'company']),
  name: Text(200),
  email: Email,
  phone: z
    .string()
    .max(40)
    .openapi({ description: 'Normalised to E.164; without a + the workspace country code is assumed' }),
  otherEmails: z.array(Email).max(10),
  otherPhones: z.array(z.string().max(40)).max(10),
  address: AddressSchema,
  locale: z.enum(['en', 'pt-BR', 'es']),
  birthDate: CalendarDate.refine((d) => d <= new Date().toISOString().slice(0, 10), refineProblem('future')),
  externalId: Text(200),
  acquiredAt: Timestamp,
  acquisitionChannel: Text(60),
  status: z.enum(['active', 'defected']),
  defectedAt: Timestamp,
  defectionReason: Text(500),
  accountManagerId: z.uuid(),
  tags: z.array(Tag).max(50),
  customFields: z.record(z.string(), z.unknown()),
  preferredChannels: z.array(z.enum(consentChannels)).max(consentChannels.length),
  declaredWalletMinor: z.number().int('must be a whole number of minor units').min(0).max(Number.MAX_SAFE_INTEGER),
};

type Fields = typeof customerFields;
const optional = <K extends keyof Fields>(keys: K[]) =>
  Object.fromEntries(keys.map((k) => [k, customerFields[k].optional()])) as { [P in K]: z.ZodOptional<Fields[P]> };
const nullable = <K extends keyof Fields>(keys: K[]) =>
  Object.fromEntries(keys.map((k) => [k, customerFields[k].nullable().optional()])) as {
    [P in K]: z.ZodOptional<z.ZodNullable<Fields[P]>>;
  };

const clearable = [
  'email',
  'phone',
  'address',
  'locale',
  'birthDate',
  'externalId',
  'acquiredAt',
  'acquisitionChannel',
  'defectedAt',
  'defectionReason',
  'accountManagerId',
  'declaredWalletMinor',
] as const;

export const CreateCustomerBody = z
  .strictObject({
    ...optional([
      'kind',
      'email',
      'phone',
      'otherEmails',
      'otherPhones',
      'address',
      'locale',
      'birthDate',
      'externalId',
      'acquiredAt',
      'acquisitionChannel',
      'status',
      'defectedAt',
      'defectionReason',
      'accountManagerId',
      'tags',
      'customFields',
      'preferredChannels',
      'declaredWalletMinor',
    ]),
    name: customerFields.name,
  })
  .openapi('CreateCustomer', { example: { name: 'Ana Souza', email: 'ana@example.com' } });
export type CreateCustomerInput = z.infer<typeof CreateCustomerBody>;

export const UpdateCustomerBody = z
  .strictObject({
    ...optional(['kind', 'name', 'otherEmails', 'otherPhones', 'status', 'tags', 'customFields', 'preferredChannels']),
    ...nullable([...clearable]),
  })
  .openapi('UpdateCustomer', { example: { tags: ['vip'] } });
export type UpdateCustomerInput = z.infer<typeof UpdateCustomerBody>;

export const CustomerSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['person', 'company']),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    otherEmails: z.array(z.string()),
    otherPhones: z.array(z.string()),
    address: AddressSchema.nullable(),
    locale: z.string().nullable(),
    birthDate: z.string().nullable(),
    externalId: z.string().nullable(),
    acquiredAt: z.string().nullable(),
    acquisitionChannel: z.string().nullable(),
    status: z.enum(['active', 'defected']),
    defectedAt: z.string().nullable(),
    defectionReason: z.string().nullable(),
    accountManagerId: z.uuid().nullable(),
    tags: z.array(z.string()),
    customFields: z.record(z.string(), z.unknown()),
    preferredChannels: z.array(z.string()),
    declaredWalletMinor: z.number().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Customer');
export type CustomerDto = z.infer<typeof CustomerSchema>;

const sortColumns = [
  'createdAt',
  'name',
  'tier',
  'predictedClv',
  'pAlive',
  'churnRisk',
  'lastPurchaseAt',
  'points',
] as const;
export const customerSorts = sortColumns.flatMap((c) => [c, `-${c}`] as const);

const filterFields = {
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .openapi({ description: 'Search name, email, phone and external id (partial match, ignoring case and accents)' }),
  status: z.enum(['active', 'defected']).optional(),
  tag: z.string().optional().openapi({ description: 'One tag, or several separated by commas (all must match)' }),
  accountManagerId: z.uuid().optional(),
  createdFrom: Timestamp.optional(),
  createdTo: Timestamp.optional(),
  acquiredFrom: Timestamp.optional(),
  acquiredTo: Timestamp.optional(),
  cf: z.string().optional().openapi({ description: 'Custom field equality filters: key:value, comma separated' }),
  tier: z
    .enum(['platinum', 'gold', 'iron', 'lead'])
    .optional()
    .openapi({ description: 'Pyramid tier from the latest scoring run' }),
  rfmSegment: z
    .enum([
      'champions',
      'loyal',
      'potential_loyalist',
      'new',
      'promising',
      'need_attention',
      'about_to_sleep',
      'at_risk',
      'cant_lose',
      'hibernating',
      'lost',
    ])
    .optional()
    .openapi({ description: 'RFM segment from the latest scoring run' }),
};
/** The list's filters: the list, its export and its bulk actions take the same. */
export const CustomerFilterSchema = z.strictObject(filterFields).openapi('CustomerFilter');
export type CustomerFilterInput = z.infer<typeof CustomerFilterSchema>;

export const ListCustomersQuery = z.strictObject({
  ...filterFields,
  sort: z
    .enum(customerSorts as [string, ...string[]])
    .default('-createdAt')
    .openapi({
      description: 'A column, descending with a leading "-"; value columns put customers without a value last',
    }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListCustomersQueryInput = z.infer<typeof ListCustomersQuery>;

export const ExportCustomersQuery = z.strictObject({
  ...filterFields,
  ids: z
    .string()
    .max(20_000)
    .optional()
    .openapi({ description: 'Only these customers (ids separated by commas), within the filters' }),
});
export type ExportCustomersQueryInput = z.infer<typeof ExportCustomersQuery>;

/** What the value engine, churn, commerce and loyalty know of a customer; null where they know nothing. */
export const CustomerValuesSchema = z
  .object({
    tier: z.enum(['platinum', 'gold', 'iron', 'lead']).nullable(),
    predictedClv: z.number().nullable().openapi({ description: 'Predicted CLV in minor units' }),
    pAlive: z.number().nullable(),
    churnRisk: z.number().nullable(),
    lastPurchaseAt: z.string().nullable(),
    points: z.number().nullable().openapi({ description: 'Loyalty points balance' }),
  })
  .openapi('CustomerValues');
export type CustomerValuesDto = z.infer<typeof CustomerValuesSchema>;

export const CustomerListItemSchema = CustomerSchema.extend({ values: CustomerValuesSchema }).openapi(
  'CustomerListItem',
);
export type CustomerListItemDto = z.infer<typeof CustomerListItemSchema>;

export const CustomerPageSchema = z
  .object({
    items: z.array(CustomerListItemSchema),
    nextCursor: z.string().nullable(),
    total: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Customers matching the filters (on the first page; null on later pages)' }),
    estimated: z
      .boolean()
      .openapi({ description: 'The total is the planner’s estimate (above the exact-count limit)' }),
  })
  .openapi('CustomerPage');

/** Which customers a bulk action applies to: some ids, or every customer the filters match. */
export const CustomerSelectionSchema = z
  .union([
    z.strictObject({ ids: z.array(z.uuid()).min(1).max(1000) }),
    z.strictObject({ filter: CustomerFilterSchema }),
  ])
  .openapi('CustomerSelection');
export type CustomerSelection = z.infer<typeof CustomerSelectionSchema>;

export const BulkTagBody = z
  .strictObject({ selection: CustomerSelectionSchema, tags: z.array(Tag).min(1).max(20) })
  .openapi('BulkTag', { example: { selection: { ids: ['0190a0a0-0000-7000-8000-000000000009'] }, tags: ['vip'] } });
export const BulkAssignBody = z
  .strictObject({
    selection: CustomerSelectionSchema,
    /** null: the customers get no account manager. */
    userId: z.uuid().nullable(),
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .openapi('BulkAssign');
export const BulkSegmentBody = z
  .strictObject({ selection: CustomerSelectionSchema, name: Text(200) })
  .openapi('BulkSegment', {
    description: 'A new saved segment of exactly these customers (they get a tag the segment targets)',
  });
export const BulkResultSchema = z
  .object({
    matched: z.number().int(),
    changed: z.number().int(),
    segmentId: z.uuid().optional(),
    tag: z.string().optional(),
  })
  .openapi('BulkResult');
export type BulkResult = z.infer<typeof BulkResultSchema>;

export const CustomFieldSchema = z
  .object({
    id: z.uuid(),
    key: z.string(),
    label: z.string(),
    type: z.enum(customFieldTypes),
    options: z.array(z.string()),
    required: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('CustomField');
export type CustomFieldDto = z.infer<typeof CustomFieldSchema>;

export const CreateCustomFieldBody = z
  .strictObject({
    key: z
      .string()
      .regex(
        /^[a-z][a-z0-9_]{0,39}$/,
        'must be snake_case: a lowercase letter, then letters, digits or _ (at most 40)',
      ),
    label: Text(120),
    type: z.enum(customFieldTypes),
    options: z.array(Text(100)).max(200).optional(),
    required: z.boolean().optional(),
  })
  .refine((d) => !['select', 'multi_select'].includes(d.type) || (d.options?.length ?? 0) > 0, {
    ...refineProblem('options_required'),
    path: ['options'],
  })
  .openapi('CreateCustomField');

export const ConsentSchema = z
  .object({
    channel: z.enum(consentChannels),
    purpose: z.enum(consentPurposes),
    granted: z.boolean(),
    source: z.string().nullable(),
    changedAt: z.string(),
  })
  .openapi('Consent');
export type ConsentDto = z.infer<typeof ConsentSchema>;

export const SetConsentsBody = z
  .strictObject({
    consents: z
      .array(
        z.strictObject({
          channel: z.enum(consentChannels),
          purpose: z.enum(consentPurposes),
          granted: z.boolean(),
          source: z
            .string()
            .trim()
            .max(200)
            .optional()
            .openapi({ description: 'Where it was given or withdrawn: web form, store, call…' }),
        }),
      )
      .min(1)
      .max(20),
  })
  .openapi('SetConsents', {
    example: { consents: [{ channel: 'email', purpose: 'marketing', granted: true, source: 'web form' }] },
  });

export const ConsentChangeSchema = ConsentSchema.extend({ id: z.uuid(), changedBy: z.string().nullable() }).openapi(
  'ConsentChange',
);

export const MergeBody = z
  .strictObject({ mergeId: z.uuid() })
  .openapi('MergeCustomers', { example: { mergeId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11' } });

export const DuplicateSchema = z
  .object({
    a: z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable(), phone: z.string().nullable() }),
    b: z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable(), phone: z.string().nullable() }),
    reason: z.enum(['email', 'phone', 'name']),
    score: z.number(),
  })
  .openapi('DuplicatePair');

export type { Address };
