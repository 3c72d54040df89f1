// Owns the audit log: who read or changed what, per workspace (privacy law asks for it), as a
// hash chain per workspace so that altering or removing a row shows, and the per-workspace
// retention with the anchor left by the rows it deleted.
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.schema.ts';

export const auditLog = pgTable(
  'audit_log',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull(),
    /** Gapless per workspace: a missing number is a deleted row. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** user | token | system */
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    method: text('method'),
    /** The route pattern (`/customers/{id}`), never the raw path. */
    route: text('route'),
    /** read | create | update | delete, or what the service names (complaint.transition). */
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    /** The customer the row is about, when there is one: erasure redacts these rows' detail. */
    customerId: uuid('customer_id'),
    requestId: text('request_id'),
    /** HTTP status of the outcome; null for a row written inside the service's transaction (it exists only if that committed). */
    status: integer('status'),
    /** Before/after values (personal data): outside the chain, which covers only its hash. */
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    detailHash: text('detail_hash').notNull(),
    redactedAt: timestamp('redacted_at', { withTimezone: true }),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.seq] }),
    uniqueIndex('audit_log_id_idx').on(t.workspaceId, t.id),
    index('audit_log_entity_idx').on(t.workspaceId, t.entityType, t.entityId),
    index('audit_log_customer_idx').on(t.workspaceId, t.customerId),
    index('audit_log_at_idx').on(t.workspaceId, t.at),
  ],
);

/** Per workspace: how long rows are kept, and where the chain starts after retention deleted a prefix. */
export const auditSettings = pgTable('audit_settings', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  retentionDays: integer('retention_days').notNull().default(730),
  /** The last deleted row's seq and hash: verification starts from them. */
  anchorSeq: bigint('anchor_seq', { mode: 'number' }).notNull().default(0),
  anchorHash: text('anchor_hash'),
});
