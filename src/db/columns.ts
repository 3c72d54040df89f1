// Column helpers shared by every domain table: the tenant key, timestamps and money.
import { bigint, timestamp, uuid } from 'drizzle-orm/pg-core';

export const workspaceId = () => uuid('workspace_id').notNull();
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
export const at = (name: string) => timestamp(name, { withTimezone: true });
/** Money in integer minor units (cents); the currency is on the row or the workspace. */
export const money = (name: string) => bigint(name, { mode: 'number' });
