// SQL of the customer list and its exports: filtered customers with the value columns other
// domains declare (tier, predicted CLV, P(alive), churn risk, last purchase, points — scalar SQL
// handed in by the app), keyset pages sorted by any column, the total, and bulk tagging.
import { and, asc, desc, getTableColumns, inArray, isNull, eq, type SQL, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { pastCursor, pastNullableCursor } from '../../db/keyset.ts';
import { type CustomerFilter, type CustomerRow, filterConditions } from './customers.repository.ts';
import { customers } from './customers.schema.ts';
import { SEARCH_WALK_UP_TO, searchMatches, walkedSearchPage } from './customers.search.repository.ts';

export const valueColumns = ['tier', 'predictedClv', 'pAlive', 'churnRisk', 'lastPurchaseAt', 'points'] as const;
export type ValueColumn = (typeof valueColumns)[number];
/** A scalar SQL expression over the caller's customer id: the customer's value, null when it has none. */
export type ValueColumnSource = (workspaceId: string, customerId: SQL) => SQL;
/** Where each value column comes from (analytics, churn, commerce, loyalty), handed in by the app. */
export type ValueColumnSources = Record<ValueColumn, ValueColumnSource>;

export type SortColumn = 'createdAt' | 'name' | ValueColumn;
export type CustomerSort = { column: SortColumn; direction: 'asc' | 'desc' };
export type SortValue = string | number | null;
export type Keyset = { value: SortValue; id: string };
export type CustomerValues = {
  tier: string | null;
  predictedClv: number | null;
  pAlive: number | null;
  churnRisk: number | null;
  lastPurchaseAt: Date | null;
  points: number | null;
};
export type ValuedCustomerRow = CustomerRow & { values: CustomerValues };

/** Tiers sort by rank, not by name: lead < iron < gold < platinum. */
export const tierRanks = ['lead', 'iron', 'gold', 'platinum'] as const;
const tierRank = (tier: SQL) => sql`array_position(array['lead', 'iron', 'gold', 'platinum']::text[], ${tier})`;

/** How a sort column's value is compared in a cursor: a time, a text or a number. */
export const sortKind = (c: SortColumn): 'time' | 'text' | 'number' =>
  c === 'createdAt' || c === 'lastPurchaseAt' ? 'time' : c === 'name' ? 'text' : 'number';

/** The value a row's cursor carries for the sort column. */
export function sortValueOf(row: ValuedCustomerRow, column: SortColumn): SortValue {
  if (column === 'createdAt') return row.createdAt.toISOString();
  if (column === 'name') return row.name;
  if (column === 'tier') {
    const rank = tierRanks.indexOf(row.values.tier as (typeof tierRanks)[number]);
    return rank < 0 ? null : rank + 1;
  }
  const v = row.values[column];
  return v instanceof Date ? v.toISOString() : v;
}

const asNumber = (v: unknown) => Number(v);

function valueSelection(workspaceId: string, sources: ValueColumnSources) {
  const id = sql`${customers.id}`;
  return {
    tier: sql<string | null>`${sources.tier(workspaceId, id)}`,
    predictedClv: sql<number | null>`${sources.predictedClv(workspaceId, id)}`.mapWith(asNumber),
    pAlive: sql<number | null>`${sources.pAlive(workspaceId, id)}`.mapWith(asNumber),
    churnRisk: sql<number | null>`${sources.churnRisk(workspaceId, id)}`.mapWith(asNumber),
    lastPurchaseAt: sql<Date | null>`${sources.lastPurchaseAt(workspaceId, id)}`.mapWith(customers.createdAt),
    points: sql<number | null>`${sources.points(workspaceId, id)}`.mapWith(asNumber),
  };
}

function sortKey(workspaceId: string, sources: ValueColumnSources, column: ValueColumn): SQL {
  const value = sources[column](workspaceId, sql`${customers.id}`);
  return column === 'tier' ? tierRank(value) : value;
}

async function selectValued(
  db: Db,
  workspaceId: string,
  sources: ValueColumnSources,
  where: (SQL | undefined)[],
  order: SQL[],
  limit: number,
): Promise<ValuedCustomerRow[]> {
  const rows = await db
    .select({ ...getTableColumns(customers), values: valueSelection(workspaceId, sources) })
    .from(customers)
    .where(and(...where))
    .orderBy(...order)
    .limit(limit);
  return rows as ValuedCustomerRow[];
}

/**
 * A page of the list: keyset on (sort value, id), never OFFSET. Created and name sort on their
 * columns (the indexes serve them); value columns sort on their expression, nulls last either way.
 */
export async function listCustomerRows(
  db: Db,
  workspaceId: string,
  filter: CustomerFilter,
  sources: ValueColumnSources,
  sort: CustomerSort,
  limit: number,
  after?: Keyset,
  walkUpTo = SEARCH_WALK_UP_TO,
): Promise<ValuedCustomerRow[]> {
  const dir = sort.direction === 'asc' ? asc : desc;
  const where = filterConditions(workspaceId, filter);
  if (sort.column === 'createdAt' || sort.column === 'name') {
    const column = sort.column === 'name' ? customers.name : customers.createdAt;
    const value = after && (sort.column === 'name' ? after.value : new Date(String(after.value)));
    const past = pastCursor(sort.direction, column, customers.id, after ? [value, after.id] : undefined);
    const order = [dir(column), dir(customers.id)];
    // A broad search pages by walking the creation index (customers.search.repository.ts).
    if (filter.q && !filter.matchedIds && sort.column === 'createdAt') {
      const others = and(...filterConditions(workspaceId, { ...filter, q: undefined }), past) as SQL;
      const page = walkedSearchPage(filter.q, others, column, sort.direction, limit, walkUpTo);
      const rows = await selectValued(db, workspaceId, sources, [others, page], order, limit);
      if (rows.length === limit) return rows;
    }
    return selectValued(db, workspaceId, sources, [...where, past], order, limit);
  }
  const key = sortKey(workspaceId, sources, sort.column);
  const cast = sortKind(sort.column) === 'time' ? 'timestamptz' : 'numeric';
  const past = pastNullableCursor(sort.direction, key, customers.id, after, cast);
  const order = [sql`${key} ${sql.raw(sort.direction)} nulls last`, dir(customers.id)];
  return selectValued(db, workspaceId, sources, [...where, past], order, limit);
}

/** For export: the filtered customers with their values in id order, a batch at a time. */
export async function valuedCustomersAfter(
  db: Db,
  workspaceId: string,
  filter: CustomerFilter,
  sources: ValueColumnSources,
  afterId: string | undefined,
  limit: number,
): Promise<ValuedCustomerRow[]> {
  const past = afterId ? sql`${customers.id} > ${afterId}` : undefined;
  return selectValued(
    db,
    workspaceId,
    sources,
    [...filterConditions(workspaceId, filter), past],
    [asc(customers.id)],
    limit,
  );
}

/**
 * How many customers match: exact up to `exactUpTo` (a capped count, so a large workspace is not
 * counted in full), beyond that the planner's estimate (never below what was counted), flagged.
 */
export async function countCustomerRows(
  db: Db,
  workspaceId: string,
  filter: CustomerFilter,
  exactUpTo: number,
): Promise<{ total: number; estimated: boolean }> {
  // A broad search is counted (and estimated) inline: the estimate then comes from search_text's statistics.
  const where = and(
    ...(filter.q && !filter.matchedIds
      ? [...filterConditions(workspaceId, { ...filter, q: undefined }), searchMatches(filter.q)]
      : filterConditions(workspaceId, filter)),
  );
  const [counted] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int n from (select 1 from ${customers} where ${where} limit ${exactUpTo + 1}) x`,
  );
  if (Number(counted.n) <= exactUpTo) return { total: Number(counted.n), estimated: false };
  const [plan] = await queryRows<{ 'QUERY PLAN': unknown }>(
    db,
    sql`explain (format json) select 1 from ${customers} where ${where}`,
  );
  const doc = plan['QUERY PLAN'];
  const parsed = (typeof doc === 'string' ? JSON.parse(doc) : doc) as { Plan: { 'Plan Rows': number } }[];
  return { total: Math.max(Math.round(Number(parsed[0]?.Plan['Plan Rows']) || 0), exactUpTo + 1), estimated: true };
}

/** The ids of the customers a filter matches, in id order, at most `limit`. */
export async function matchingCustomerIds(
  db: Db,
  workspaceId: string,
  filter: CustomerFilter,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(...filterConditions(workspaceId, filter)))
    .orderBy(asc(customers.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Adds tags to live customers (kept once each); how many customers gained one. */
export async function addTagsToCustomers(
  db: Db,
  workspaceId: string,
  ids: string[],
  tags: string[],
  now: Date,
): Promise<number> {
  if (ids.length === 0 || tags.length === 0) return 0;
  const added = sql`array[${sql.join(
    tags.map((t) => sql`${t}`),
    sql`, `,
  )}]::text[]`;
  const rows = await db
    .update(customers)
    .set({
      tags: sql`${customers.tags} || array(select distinct t from unnest(${added}) t where not t = any(${customers.tags}))`,
      updatedAt: now,
    })
    .where(
      and(
        eq(customers.workspaceId, workspaceId),
        isNull(customers.deletedAt),
        inArray(customers.id, ids),
        sql`not (${customers.tags} @> ${added})`,
      ),
    )
    .returning({ id: customers.id });
  return rows.length;
}
