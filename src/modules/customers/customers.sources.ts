// What other domains may read of customers (declared cross-domain sources): which ids exist,
// ids by external id, tags, a match by contact, the active count, the live customers as an SQL
// fragment (churn features, scoring) and the workspaces that have any. Each is scoped by workspace
// and skips deleted and merged customers, except where said.
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import type { CustomerFilter } from '../../db/customer-filter.ts';
import { allWorkspaces } from '../workspaces/index.ts';
import type { CustomerDto } from './customers.dto.ts';
import { toCustomerDto } from './customers.mappers.ts';
import { activeCustomerCount } from './customers.counts.repository.ts';
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

/** Names per customer (deleted ones too), for lists of other records that show whose they are (complaints). */
export const customerNames = (db: Db, workspaceId: string, ids: string[]): Promise<Map<string, string>> =>
  repo.customerNames(db, workspaceId, ids);
/** The live customers among `ids`, by id (one query; for work done in batches, e.g. campaign actions). */
export async function findCustomersByIds(
  db: Db,
  workspaceId: string,
  ids: string[],
): Promise<Map<string, CustomerDto>> {
  const rows = await repo.findCustomers(db, workspaceId, ids);
  return new Map(rows.map((r) => [r.id, toCustomerDto(r)]));
}

/** Tags per customer (deleted ones too), for rules that target tagged customers (loyalty promotions). */
export const customerTags = (db: Db, workspaceId: string, ids: string[]): Promise<Map<string, string[]>> =>
  repo.customerTags(db, workspaceId, ids);

/**
 * Live customers with status active: the denominator of "per 1,000 active customers". All of them
 * from the kept count (customers.counts.repository.ts); those a filter picks from the rows.
 */
export const countActiveCustomers = (db: Db, workspaceId: string, filter?: CustomerFilter): Promise<number> =>
  filter ? repo.countActiveCustomers(db, workspaceId, filter) : activeCustomerCount(db, workspaceId);

/** A condition (SQL): the customer `customerId` (the caller's column) is managed by `managerId` now. */
export const managedByMatches = (workspaceId: string, customerId: SQL, managerId: string): SQL =>
  sql`${customerId} in (select am.id from customers am where am.workspace_id = ${workspaceId}
      and am.account_manager_id = ${managerId})`;

/** A live customer with this email (preferred) or E.164 phone, the oldest first; for matching a contact form. */
export async function findCustomerByContact(
  db: Db,
  workspaceId: string,
  contact: { email?: string; phone?: string },
): Promise<CustomerDto | undefined> {
  const row = await repo.findCustomerByContact(db, workspaceId, contact);
  return row ? toCustomerDto(row) : undefined;
}

/**
 * Every live customer (not deleted, not merged away): `id, name, account_manager_id, status,
 * defected_at` and what the value engine scores on, `kind, acquisition_channel, declared_wallet_minor, acquired_at,
 * created_at, updated_at`. A plain filtered select, so the planner inlines it into the query that
 * embeds it (columns that query does not use cost nothing).
 */
export const liveCustomers = (workspaceId: string): SQL =>
  sql`select id, name, account_manager_id, status, defected_at, kind, acquisition_channel, declared_wallet_minor, acquired_at, created_at, updated_at
      from customers where workspace_id = ${workspaceId} and deleted_at is null and merged_into_id is null`;

/** Workspaces with at least one live customer, in id order (the daily scoring and churn runs' work list). */
export async function workspacesWithLiveCustomers(db: Db): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select w.id from (${allWorkspaces()}) w
        where exists (select 1 from customers c where c.workspace_id = w.id and c.deleted_at is null and c.merged_into_id is null)
        order by w.id`,
  );
  return rows.map((r) => r.id);
}

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

/**
 * Every live customer's tenure: `id`, `since` (acquired, else created), `defected` and
 * `defected_at` — the follow-up the bond index's churn validation reads.
 */
export const customerTenureFacts = (workspaceId: string): SQL =>
  sql`select id, coalesce(acquired_at, created_at) since, status = 'defected' defected, defected_at
      from customers where workspace_id = ${workspaceId} and deleted_at is null and merged_into_id is null`;
