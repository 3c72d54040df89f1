// Owns the register of data-subject requests (LGPD/GDPR: access, rectification, erasure,
// portability, objection) with their deadline and proof of completion, and the workspace's
// choice of law that sets the deadline.
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, updatedAt, workspaceId } from '../../db/columns.ts';
import { customers } from '../customers/customers.schema.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';

export const privacyLaws = ['lgpd', 'gdpr'] as const;
export type PrivacyLaw = (typeof privacyLaws)[number];

/** One row per workspace that chose its law; without a row the law follows the workspace locale. */
export const privacySettings = pgTable(
  'privacy_settings',
  {
    workspaceId: workspaceId(),
    law: text('law').$type<PrivacyLaw>().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    check('privacy_settings_law_known', sql`${t.law} in ('lgpd', 'gdpr')`),
  ],
);

/** What was done to close a request: the record a regulator may ask for. */
export type PrivacyProof = {
  actions: string;
  completedAt: string;
  completedBy: string;
  exportSha256: string | null;
};

export const privacyRequests = pgTable(
  'privacy_requests',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull().default('received'),
    law: text('law').$type<PrivacyLaw>().notNull(),
    receivedAt: at('received_at').notNull(),
    dueAt: at('due_at').notNull(),
    /** How the request arrived and what it asks, in the staff's words (no personal data: erased with the customer). */
    note: text('note'),
    startedAt: at('started_at'),
    closedAt: at('closed_at'),
    rejectionReason: text('rejection_reason'),
    /** The SHA-256 of the last export made for this request, and when (proof of an access request). */
    exportSha256: text('export_sha256'),
    exportedAt: at('exported_at'),
    proof: jsonb('proof').$type<PrivacyProof>(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }).onDelete('cascade'),
    index('privacy_requests_received_idx').on(t.workspaceId, t.receivedAt, t.id),
    index('privacy_requests_due_idx').on(t.workspaceId, t.status, t.dueAt),
    index('privacy_requests_customer_idx').on(t.workspaceId, t.customerId),
    check(
      'privacy_requests_kind_known',
      sql`${t.kind} in ('access', 'rectification', 'erasure', 'portability', 'objection')`,
    ),
    check('privacy_requests_status_known', sql`${t.status} in ('received', 'in_progress', 'completed', 'rejected')`),
    check('privacy_requests_law_known', sql`${t.law} in ('lgpd', 'gdpr')`),
  ],
);
