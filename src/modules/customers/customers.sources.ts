// What other domains may read of customers (declared cross-domain sources): which ids exist,
// ids by external id, tags, a match by contact, and the active count. Each is scoped by workspace
// and skips deleted and merged customers, except where said.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { CustomerDto } from './customers.dto.ts';
import { toCustomerDto } from './customers.mappers.ts';
import * as repo from './customers.repository.ts';

/** The ids among `ids` that are live customers of the workspace. */
export const existingCustomerIds = (db: Db, workspaceId: string, ids: string[]): Promise<Set<string>> =>
  repo.existingCustomerIds(db, workspaceId, ids);

/** Whether `id` is a live customer of the workspace (false for anything that is not a uuid). */
export const customerExists = (db: Db, workspaceId: string, id: string): Promise<boolean> =>
  repo.customerExists(db, workspaceId, id);

/** Live customers' ids by external id; external ids no live customer holds are absent. */
export const findCustomerIdsByExternalIds = (
  db: Db,
  workspaceId: string,
  externalIds: string[],
): Promise<Map<string, string>> => repo.findCustomerIdsByExternalIds(db, workspaceId, externalIds);

/** Tags per customer (deleted ones too), for rules that target tagged customers (loyalty promotions). */
export const customerTags = (db: Db, workspaceId: string, ids: string[]): Promise<Map<string, string[]>> =>
  repo.customerTags(db, workspaceId, ids);

/** Live customers with status active: the denominator of "per 1,000 active customers". */
export const countActiveCustomers = (db: Db, workspaceId: string): Promise<number> =>
  repo.countActiveCustomers(db, workspaceId);

/** A live customer with this email (preferred) or E.164 phone, the oldest first; for matching a contact form. */
export async function findCustomerByContact(
  db: Db,
  workspaceId: string,
  contact: { email?: string; phone?: string },
): Promise<CustomerDto | undefined> {
  const row = await repo.findCustomerByContact(db, workspaceId, contact);
  return row ? toCustomerDto(row) : undefined;
}

/** Every live customer (not deleted, not merged away) with its name and account manager: `id, name, account_manager_id`. */
export const liveCustomers = (workspaceId: string): SQL =>
  sql`select id, name, account_manager_id from customers
      where workspace_id = ${workspaceId} and deleted_at is null and merged_into_id is null`;

/**
 * Every live customer with the profile facts a campaign segment filters on: `id, name, status,
 * tags, marketing_channels` (the channels with marketing consent granted now).
 */
export const customerSegmentFacts = (workspaceId: string): SQL =>
  sql`select c.id, c.name, c.status, c.tags,
        array(select cc.channel from customer_consents cc
              where cc.workspace_id = c.workspace_id and cc.customer_id = c.id
                and cc.purpose = 'marketing' and cc.granted) as marketing_channels
      from customers c
      where c.workspace_id = ${workspaceId} and c.deleted_at is null and c.merged_into_id is null`;
