// SQL of the customers domain: customers, their filters and custom fields (the list and export,
// consents, merge and timeline SQL are in customers.{list,consents,merge,timeline}.repository.ts).
// Every query is scoped by workspace, and reads skip soft-deleted (and merged) customers.
import { and, asc, eq, getTableColumns, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { onConflict } from '../../db/errors.ts';
import { anyOf, insertUnnestCount } from '../../db/bulk.ts';
import type { Db } from '../../db/client.ts';
import type { CustomerFilter as CustomerIdFilter } from '../../db/customer-filter.ts';
import { customers, customFieldDefinitions } from './customers.schema.ts';
import { searchCondition } from './customers.search.repository.ts';

export type CustomerRow = typeof customers.$inferSelect;
export type CustomerInsert = typeof customers.$inferInsert;
export type CustomFieldRow = typeof customFieldDefinitions.$inferSelect;

const live = (workspaceId: string) => and(eq(customers.workspaceId, workspaceId), isNull(customers.deletedAt));

/** Inserts a customer; 'conflict' when another customer holds its external id. */
export async function insertCustomer(db: Db, row: CustomerInsert): Promise<CustomerRow | 'conflict'> {
  return onConflict(async () => {
    const [created] = await db.insert(customers).values(row).returning();
    return created;
  }, 'customers_external_id_key');
}

/**
 * Creates the customer with `row.externalId` or updates the live one holding it: ONE
 * `INSERT … ON CONFLICT … DO UPDATE`, atomic under concurrency. `update` names the columns an
 * existing customer takes from `row`. Nothing is written (undefined) when the holder is
 * soft-deleted, or when the update would leave it defected without a defection date. With
 * `insert: false` it only updates.
 */
export async function upsertCustomerRow(
  db: Db,
  row: CustomerInsert,
  update: readonly (keyof CustomerInsert)[],
  options: { insert: boolean },
): Promise<{ row: CustomerRow; inserted: boolean } | undefined> {
  const excluded = (k: keyof CustomerInsert) => sql.raw(`excluded."${customers[k].name}"`);
  // The state after the update, for the defection rule: a column the input leaves out keeps its value.
  const after = (k: 'status' | 'defectedAt', type: string) =>
    !update.includes(k)
      ? sql`${customers[k]}`
      : options.insert
        ? excluded(k)
        : sql`${sql.param(row[k] ?? null, customers[k])}::${sql.raw(type)}`;
  const allowed = sql`${customers.deletedAt} is null and not (${after('status', 'text')} = 'defected' and ${after('defectedAt', 'timestamptz')} is null)`;
  const set: Record<string, unknown> = {};
  for (const k of [...update, 'updatedAt' as const]) set[k] = options.insert ? excluded(k) : (row[k] ?? null);
  const columns = set as Partial<CustomerInsert>;
  const returned = { ...getTableColumns(customers), inserted: sql<boolean>`(xmax = 0)` };
  const [written] = options.insert
    ? await db
        .insert(customers)
        .values(row)
        .onConflictDoUpdate({
          target: [customers.workspaceId, customers.externalId],
          targetWhere: sql`external_id is not null`,
          set: columns,
          setWhere: allowed,
        })
        .returning(returned)
    : await db
        .update(customers)
        .set(columns)
        .where(
          and(eq(customers.workspaceId, row.workspaceId), eq(customers.externalId, row.externalId as string), allowed),
        )
        .returning(returned);
  if (!written) return undefined;
  const { inserted, ...stored } = written;
  return { row: stored, inserted: options.insert && inserted };
}

export async function findCustomer(db: Db, workspaceId: string, id: string): Promise<CustomerRow | undefined> {
  const [row] = await db
    .select()
    .from(customers)
    .where(and(live(workspaceId), eq(customers.id, id)));
  return row;
}

/** The live customers among `ids` (one query; for batches). */
export async function findCustomers(db: Db, workspaceId: string, ids: string[]): Promise<CustomerRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(customers)
    .where(and(live(workspaceId), inArray(customers.id, ids)));
}

export async function findCustomerByExternalId(
  db: Db,
  workspaceId: string,
  externalId: string,
): Promise<CustomerRow | undefined> {
  const [row] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.externalId, externalId)));
  return row;
}

export async function findCustomerIdsByExternalIds(
  db: Db,
  workspaceId: string,
  externalIds: string[],
): Promise<Map<string, string>> {
  if (externalIds.length === 0) return new Map();
  const rows = await db
    .select({ id: customers.id, externalId: customers.externalId })
    .from(customers)
    .where(and(live(workspaceId), anyOf(customers.externalId, externalIds)));
  return new Map(rows.map((r) => [r.externalId as string, r.id]));
}

export async function existingCustomerIds(db: Db, workspaceId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(live(workspaceId), inArray(customers.id, ids)));
  return new Set(rows.map((r) => r.id));
}

/** Tags per customer, for rules that target tagged customers (loyalty promotions). */
export async function customerTags(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, string[]>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: customers.id, tags: customers.tags })
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), inArray(customers.id, ids)));
  return new Map(rows.map((r) => [r.id, r.tags]));
}

/** Names per customer (deleted and merged ones too, so a list of old records still names them). */
export async function customerNames(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), inArray(customers.id, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function updateCustomerRow(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<CustomerInsert>,
): Promise<CustomerRow | undefined | 'conflict'> {
  return onConflict(async () => {
    const [row] = await db
      .update(customers)
      .set(patch)
      .where(and(live(workspaceId), eq(customers.id, id)))
      .returning();
    return row;
  }, 'customers_external_id_key');
}

export type CustomerFilter = {
  q?: string;
  status?: 'active' | 'defected';
  tags?: string[];
  accountManagerId?: string;
  createdFrom?: Date;
  createdTo?: Date;
  acquiredFrom?: Date;
  acquiredTo?: Date;
  customFields?: Record<string, unknown>;
  tier?: string;
  rfmSegment?: string;
  /** A selection of customers by id (bulk actions, export of the rows picked). */
  ids?: string[];
  /** Every customer `q` matches, when a narrow search has collected them: they stand for `q`. */
  matchedIds?: string[];
  /** The value engine's condition on a customer's stored score (analytics' scoreMatches, handed in by the app). */
  scoreMatches?: ScoreMatches;
};
/** A condition that the customer `customerId` (an SQL expression) has a stored score in this tier and/or segment. */
export type ScoreMatches = (workspaceId: string, customerId: SQL, f: { tier?: string; rfmSegment?: string }) => SQL;

const textArray = (values: string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

const idIn = (ids: string[]) => inArray(customers.id, ids.length ? ids : ['00000000-0000-0000-0000-000000000000']);

export function filterConditions(workspaceId: string, f: CustomerFilter): (SQL | undefined)[] {
  return [
    live(workspaceId),
    f.q
      ? f.matchedIds
        ? anyOf(customers.id, f.matchedIds) /* thousands of ids, one parameter */
        : searchCondition(workspaceId, f.q)
      : undefined,
    f.ids ? idIn(f.ids) : undefined,
    f.status ? eq(customers.status, f.status) : undefined,
    f.tags?.length ? sql`${customers.tags} @> ${textArray(f.tags)}` : undefined,
    f.accountManagerId ? eq(customers.accountManagerId, f.accountManagerId) : undefined,
    f.createdFrom ? sql`${customers.createdAt} >= ${f.createdFrom}` : undefined,
    f.createdTo ? sql`${customers.createdAt} < ${f.createdTo}` : undefined,
    f.acquiredFrom ? sql`${customers.acquiredAt} >= ${f.acquiredFrom}` : undefined,
    f.acquiredTo ? sql`${customers.acquiredAt} < ${f.acquiredTo}` : undefined,
    f.customFields && Object.keys(f.customFields).length
      ? sql`${customers.customFields} @> ${JSON.stringify(f.customFields)}::jsonb`
      : undefined,
    // Scores are the value engine's: it declares the condition (customer_scores is not ours to read).
    f.tier || f.rfmSegment ? scoreCondition(workspaceId, f) : undefined,
  ];
}

function scoreCondition(workspaceId: string, f: CustomerFilter): SQL {
  if (!f.scoreMatches) throw new Error('a tier or RFM segment filter needs the value engine’s scoreMatches');
  return f.scoreMatches(workspaceId, sql`${customers.id}`, { tier: f.tier, rfmSegment: f.rfmSegment });
}

const upsertColumnsDefault = [
  'kind',
  'name',
  'email',
  'phone',
  'address',
  'locale',
  'birthDate',
  'acquiredAt',
  'acquisitionChannel',
  'status',
  'tags',
  'customFields',
  'declaredWalletMinor',
] as const;
export type UpsertColumn = (typeof upsertColumnsDefault)[number] | 'defectedAt' | 'defectionReason';

/**
 * Multi-row upsert on the external id, for imports and demo data: ONE statement per call.
 * `update` names the columns an existing customer takes from the row; others are kept.
 */
export async function upsertCustomersByExternalId(
  db: Db,
  rows: CustomerInsert[],
  update: readonly UpsertColumn[] = upsertColumnsDefault,
): Promise<number> {
  if (rows.length === 0) return 0;
  const names = update.map((k) => customers[k].name);
  // A row identical to the stored customer is left alone: a re-import rewrites nothing (no new
  // row version, no index churn, updated_at kept) and converges on the same state.
  const set = sql.raw(names.map((n) => `"${n}" = excluded."${n}"`).join(', '));
  const current = sql.raw(names.map((n) => `customers."${n}"`).join(', '));
  const incoming = sql.raw(names.map((n) => `excluded."${n}"`).join(', '));
  // The count of rows written (inserted, or updated past the WHERE), not RETURNING: a row each for
  // the server to send and Node to parse.
  return insertUnnestCount(db, customers, rows, {
    onConflict: sql`on conflict (workspace_id, external_id) where external_id is not null do update set ${set}, updated_at = excluded.updated_at where (${current}) is distinct from (${incoming})`,
  });
}

/** Customers (deleted ones too) holding these external ids, locked until the transaction ends. */
export async function lockCustomersByExternalIds(
  db: Db,
  workspaceId: string,
  externalIds: string[],
): Promise<CustomerRow[]> {
  if (externalIds.length === 0) return [];
  return db
    .select()
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), anyOf(customers.externalId, externalIds)))
    .for('update');
}

/** A live customer with this email (preferred) or E.164 phone, the oldest first; for matching a contact form. */
export async function findCustomerByContact(
  db: Db,
  workspaceId: string,
  contact: { email?: string; phone?: string },
): Promise<CustomerRow | undefined> {
  const email = contact.email?.toLowerCase();
  const byEmail = email ? sql`lower(${customers.email}) = ${email}` : undefined;
  const byPhone = contact.phone ? eq(customers.phone, contact.phone) : undefined;
  if (!byEmail && !byPhone) return undefined;
  const [row] = await db
    .select()
    .from(customers)
    .where(and(live(workspaceId), or(byEmail, byPhone)))
    .orderBy(byEmail ? sql`${byEmail} desc` : sql`1`, asc(customers.createdAt), asc(customers.id))
    .limit(1);
  return row;
}

/** Live customers with status active: the denominator of "per 1,000 active customers". */
export async function countActiveCustomers(db: Db, workspaceId: string, filter?: CustomerIdFilter): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(customers)
    .where(and(live(workspaceId), eq(customers.status, 'active'), filter ? filter(sql`${customers.id}`) : undefined));
  return Number(row.n);
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function customerExists(db: Db, workspaceId: string, id: string): Promise<boolean> {
  if (!uuidPattern.test(id)) return false;
  return (await existingCustomerIds(db, workspaceId, [id])).has(id);
}

// ---- custom field definitions

export async function listCustomFieldRows(db: Db, workspaceId: string): Promise<CustomFieldRow[]> {
  return db
    .select()
    .from(customFieldDefinitions)
    .where(eq(customFieldDefinitions.workspaceId, workspaceId))
    .orderBy(asc(customFieldDefinitions.key));
}

export async function insertCustomField(
  db: Db,
  row: typeof customFieldDefinitions.$inferInsert,
): Promise<CustomFieldRow | undefined> {
  const [created] = await db.insert(customFieldDefinitions).values(row).onConflictDoNothing().returning();
  return created;
}

export async function deleteCustomField(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const deleted = await db
    .delete(customFieldDefinitions)
    .where(and(eq(customFieldDefinitions.workspaceId, workspaceId), eq(customFieldDefinitions.id, id)))
    .returning({ id: customFieldDefinitions.id });
  return deleted.length > 0;
}
