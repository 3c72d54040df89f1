// Owns customers, their consents (current state and history) and custom field definitions.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, createdAt, money, updatedAt, workspaceId } from '../../db/columns.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';

export type Address = {
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
};

export const customers = pgTable(
  'customers',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    kind: text('kind').$type<'person' | 'company'>().notNull().default('person'),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    otherEmails: text('other_emails')
      .array()
      .notNull()
      .default(sql`'{}'`),
    otherPhones: text('other_phones')
      .array()
      .notNull()
      .default(sql`'{}'`),
    address: jsonb('address').$type<Address>(),
    locale: text('locale'),
    birthDate: date('birth_date'),
    externalId: text('external_id'),
    acquiredAt: at('acquired_at'),
    acquisitionChannel: text('acquisition_channel'),
    status: text('status').$type<'active' | 'defected'>().notNull().default('active'),
    defectedAt: at('defected_at'),
    defectionReason: text('defection_reason'),
    accountManagerId: uuid('account_manager_id'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'`),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    preferredChannels: text('preferred_channels')
      .array()
      .notNull()
      .default(sql`'{}'`),
    declaredWalletMinor: money('declared_wallet_minor'),
    mergedIntoId: uuid('merged_into_id'),
    deletedAt: at('deleted_at'),
    /** Personal data anonymised (privacy erasure): the row stays under its id for amounts and ledgers. */
    erasedAt: at('erased_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    // One lower-cased text without accents over every searchable field, for one trigram index.
    // f_unaccent is created by hand in migration 0021 (unaccent itself is not IMMUTABLE).
    searchText: text('search_text').generatedAlwaysAs(
      sql`public.f_unaccent(lower(coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(external_id, '')))`,
    ),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    uniqueIndex('customers_external_id_key')
      .on(t.workspaceId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    // btree_gin lets one GIN index hold the tenant and the trigrams: search never scans other tenants.
    index('customers_search_trgm_idx').using('gin', t.workspaceId, sql`${t.searchText} gin_trgm_ops`),
    index('customers_email_idx').on(t.workspaceId, sql`lower(${t.email})`),
    index('customers_phone_idx').on(t.workspaceId, t.phone),
    index('customers_tags_idx').using('gin', t.tags),
    index('customers_custom_fields_idx').using('gin', t.customFields),
    index('customers_account_manager_idx').on(t.workspaceId, t.accountManagerId),
    index('customers_created_idx').on(t.workspaceId, t.createdAt, t.id),
    check('customers_kind_known', sql`${t.kind} in ('person', 'company')`),
    check('customers_status_known', sql`${t.status} in ('active', 'defected')`),
  ],
);

export const consentChannels = ['email', 'sms', 'phone', 'whatsapp', 'post'] as const;
export const consentPurposes = ['service', 'marketing'] as const;

/** The current consent per channel and purpose. */
export const customerConsents = pgTable(
  'customer_consents',
  {
    workspaceId: workspaceId(),
    customerId: uuid('customer_id').notNull(),
    channel: text('channel').notNull(),
    purpose: text('purpose').notNull(),
    granted: boolean('granted').notNull(),
    source: text('source'),
    changedAt: at('changed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId, t.channel, t.purpose] }),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }).onDelete('cascade'),
  ],
);

/** Every consent given or withdrawn, append-only: when, where (source) and by whom. */
export const consentChanges = pgTable(
  'consent_changes',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    channel: text('channel').notNull(),
    purpose: text('purpose').notNull(),
    granted: boolean('granted').notNull(),
    source: text('source'),
    changedBy: text('changed_by'),
    changedAt: at('changed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('consent_changes_customer_idx').on(t.workspaceId, t.customerId, t.changedAt),
  ],
);

export const customFieldTypes = ['text', 'number', 'date', 'boolean', 'select', 'multi_select'] as const;

export const customFieldDefinitions = pgTable(
  'custom_field_definitions',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type').$type<(typeof customFieldTypes)[number]>().notNull(),
    options: text('options')
      .array()
      .notNull()
      .default(sql`'{}'`),
    required: boolean('required').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('custom_field_definitions_key').on(t.workspaceId, t.key),
  ],
);

/** Merges kept for the audit trail: which customer was folded into which, and what moved. */
export const customerMerges = pgTable(
  'customer_merges',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    survivorId: uuid('survivor_id').notNull(),
    mergedId: uuid('merged_id').notNull(),
    mergedSnapshot: jsonb('merged_snapshot').$type<Record<string, unknown>>().notNull(),
    moved: jsonb('moved').$type<Record<string, number>>().notNull(),
    mergedBy: text('merged_by'),
    mergedAt: at('merged_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/**
 * The count of live active customers per workspace (not deleted, status `active`), kept as a log of
 * changes that statement-level triggers on `customers` append (hand-written in migration 0041):
 * the count is the sum of the workspace's rows, which `activeCustomerCount` folds into one now and
 * then. Append-only, so concurrent writers never wait on one counter row. No foreign key, as the
 * KPI queue: a workspace's deletion cascades to its customers, whose trigger must not fail.
 */
export const customerActiveCounts = pgTable(
  'customer_active_counts',
  {
    workspaceId: workspaceId(),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    delta: integer('delta').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
