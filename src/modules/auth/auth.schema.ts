// Owns credentials: browser sessions, API tokens, invitation links and the login-failure log
// used for rate limits.
// Secrets are never stored: only their SHA-256 digests.
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
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
import type { Role } from '../users/users.schema.ts';
import { users } from '../users/users.schema.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';

export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    /** What the person sees and revokes a session by (the digest stays private). */
    id: uuid('id').notNull().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Where the session was opened from, to recognise it in the list of one's sessions. */
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    index('sessions_user_idx').on(t.userId),
    index('sessions_expires_idx').on(t.expiresAt),
    uniqueIndex('sessions_id_key').on(t.id),
  ],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    role: text('role').$type<Role>().notNull(),
    createdByUserId: uuid('created_by_user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('api_tokens_hash_key').on(t.tokenHash),
    check(
      'api_tokens_role_known',
      sql`${t.role} in ('owner', 'admin', 'manager', 'account_manager', 'agent', 'analyst')`,
    ),
  ],
);

export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('login_failures_key_at_idx').on(t.key, t.at)],
);

/**
 * An invitation to join a workspace with a role: the only way into a workspace through the API,
 * so nobody becomes a member without accepting. Only the digest of the link's secret is kept;
 * an invitation is used once (accepted_at), revoked, or expires.
 */
export const invitations = pgTable(
  'invitations',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull(),
    email: text('email').notNull(),
    role: text('role').$type<Role>().notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The person who invited (null when an API token without a person did). */
    invitedByUserId: uuid('invited_by_user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedByUserId: uuid('accepted_by_user_id'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('invitations_token_hash_key').on(t.tokenHash),
    // One open invitation per person and workspace: inviting again replaces it.
    uniqueIndex('invitations_open_email_key')
      .on(t.workspaceId, sql`lower(${t.email})`)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
    check(
      'invitations_role_known',
      sql`${t.role} in ('owner', 'admin', 'manager', 'account_manager', 'agent', 'analyst')`,
    ),
  ],
);

export const passwordResetStatuses = ['pending', 'sent', 'no_account', 'failed'] as const;
export type PasswordResetStatus = (typeof passwordResetStatuses)[number];

/**
 * A request to reset a password by e-mail, and its outbox: the public route writes a row for any
 * address (the same work whether or not an account has it, so neither the answer nor its timing
 * says which addresses exist); a job then looks the address up and, for an account, makes the
 * single-use link (only its digest kept here) and sends it. Kept a day, then purged.
 */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull(),
    /** The language of the page the request came from: the e-mail is written in it. */
    locale: text('locale').notNull(),
    ip: text('ip'),
    status: text('status').$type<PasswordResetStatus>().notNull().default('pending'),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('password_resets_token_hash_key').on(t.tokenHash),
    index('password_resets_pending_idx')
      .on(t.requestedAt)
      .where(sql`${t.status} = 'pending'`),
    index('password_resets_email_idx').on(sql`lower(${t.email})`, t.requestedAt),
    check('password_resets_status_known', sql`${t.status} in ('pending', 'sent', 'no_account', 'failed')`),
  ],
);

/**
 * A person's second factor (TOTP): pending until they confirm a first code, then asked at every
 * sign-in. `last_step` refuses a code used once already (replay); recovery codes are kept only as
 * digests and each works once.
 */
export const secondFactors = pgTable('second_factors', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  secret: text('secret').notNull(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  lastStep: bigint('last_step', { mode: 'number' }),
  recoveryHashes: jsonb('recovery_hashes').$type<string[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
