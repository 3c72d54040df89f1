// The only file of the customers domain with SQL. Every query is scoped by workspace, and
// reads skip soft-deleted (and merged) customers.
import { and, asc, desc, eq, getTableColumns, gt, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.ts';
import { type Db, execCount, queryRows } from '../../db/client.ts';
import {
  consentChanges,
  customerConsents,
  customerMerges,
  customers,
  customFieldDefinitions,
} from './customers.schema.ts';

export type CustomerRow = typeof customers.$inferSelect;
export type CustomerInsert = typeof customers.$inferInsert;
export type CustomFieldRow = typeof customFieldDefinitions.$inferSelect;

const live = (workspaceId: string) => and(eq(customers.workspaceId, workspaceId), isNull(customers.deletedAt));

export async function insertCustomer(db: Db, row: CustomerInsert): Promise<CustomerRow> {
  const [created] = await db.insert(customers).values(row).returning();
  return created;
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
    .where(and(live(workspaceId), inArray(customers.externalId, externalIds)));
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

export async function updateCustomerRow(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<CustomerInsert>,
): Promise<CustomerRow | undefined> {
  const [row] = await db
    .update(customers)
    .set(patch)
    .where(and(live(workspaceId), eq(customers.id, id)))
    .returning();
  return row;
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
};
export type CustomerSort = { column: 'createdAt' | 'name'; direction: 'asc' | 'desc' };
export type Keyset = { value: string; id: string };

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * Search runs as its own sub-select so the planner always answers it from the trigram index;
 * inline, with ORDER BY … LIMIT, it may walk the whole workspace in sort order instead.
 */
export function searchCondition(workspaceId: string, q: string): SQL {
  const pattern = `%${escapeLike(q.toLowerCase())}%`;
  return sql`${customers.id} = any(array(select s.id from customers s where s.workspace_id = ${workspaceId} and s.search_text like ${pattern}))`;
}

const textArray = (values: string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

function filterConditions(workspaceId: string, f: CustomerFilter): (SQL | undefined)[] {
  return [
    live(workspaceId),
    f.q ? searchCondition(workspaceId, f.q) : undefined,
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
    // Scores are the value engine's (customer_scores, one row per customer, indexed by tier and segment).
    f.tier
      ? sql`exists (select 1 from customer_scores s where s.workspace_id = ${workspaceId} and s.customer_id = ${customers.id} and s.tier = ${f.tier})`
      : undefined,
    f.rfmSegment
      ? sql`exists (select 1 from customer_scores s where s.workspace_id = ${workspaceId} and s.customer_id = ${customers.id} and s.rfm_segment = ${f.rfmSegment})`
      : undefined,
  ];
}

/** Keyset pagination: (sort value, id) strictly after the cursor; never OFFSET. */
export async function listCustomerRows(
  db: Db,
  workspaceId: string,
  filter: CustomerFilter,
  sort: CustomerSort,
  limit: number,
  after?: Keyset,
): Promise<CustomerRow[]> {
  const column = sort.column === 'name' ? customers.name : customers.createdAt;
  const order = sort.direction === 'asc' ? [asc(column), asc(customers.id)] : [desc(column), desc(customers.id)];
  let keyset: SQL | undefined;
  if (after) {
    const value = sort.column === 'name' ? after.value : new Date(after.value);
    const beyond = sort.direction === 'asc' ? gt : lt;
    keyset = or(beyond(column, value), and(eq(column, value), beyond(customers.id, after.id)));
  }
  return db
    .select()
    .from(customers)
    .where(and(...filterConditions(workspaceId, filter), keyset))
    .orderBy(...order)
    .limit(limit);
}

/** For export: every live customer in id order, a batch at a time. */
export async function customersAfter(
  db: Db,
  workspaceId: string,
  afterId: string | undefined,
  limit: number,
): Promise<CustomerRow[]> {
  return db
    .select()
    .from(customers)
    .where(and(live(workspaceId), afterId ? gt(customers.id, afterId) : undefined))
    .orderBy(asc(customers.id))
    .limit(limit);
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
  const written = await insertUnnest(db, customers, rows, {
    onConflict: sql`on conflict (workspace_id, external_id) where external_id is not null do update set ${set}, updated_at = excluded.updated_at where (${current}) is distinct from (${incoming})`,
    returning: ['id'],
  });
  return written.length;
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
    .where(and(eq(customers.workspaceId, workspaceId), inArray(customers.externalId, externalIds)))
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
export async function countActiveCustomers(db: Db, workspaceId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(customers)
    .where(and(live(workspaceId), eq(customers.status, 'active')));
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

// ---- consents

export async function listConsentRows(db: Db, workspaceId: string, customerId: string) {
  return db
    .select()
    .from(customerConsents)
    .where(and(eq(customerConsents.workspaceId, workspaceId), eq(customerConsents.customerId, customerId)))
    .orderBy(asc(customerConsents.channel), asc(customerConsents.purpose));
}

export async function upsertConsent(db: Db, row: typeof customerConsents.$inferInsert): Promise<void> {
  await db
    .insert(customerConsents)
    .values(row)
    .onConflictDoUpdate({
      target: [
        customerConsents.workspaceId,
        customerConsents.customerId,
        customerConsents.channel,
        customerConsents.purpose,
      ],
      set: { granted: row.granted, source: row.source, changedAt: row.changedAt },
    });
}

export async function insertConsentChange(db: Db, row: typeof consentChanges.$inferInsert): Promise<void> {
  await db.insert(consentChanges).values(row);
}

export async function listConsentChangeRows(db: Db, workspaceId: string, customerId: string, limit = 500) {
  return db
    .select()
    .from(consentChanges)
    .where(and(eq(consentChanges.workspaceId, workspaceId), eq(consentChanges.customerId, customerId)))
    .orderBy(desc(consentChanges.changedAt), desc(consentChanges.id))
    .limit(limit);
}

export async function consentGranted(
  db: Db,
  workspaceId: string,
  customerId: string,
  channel: string,
  purpose: string,
): Promise<boolean> {
  const [row] = await db
    .select({ granted: customerConsents.granted })
    .from(customerConsents)
    .where(
      and(
        eq(customerConsents.workspaceId, workspaceId),
        eq(customerConsents.customerId, customerId),
        eq(customerConsents.channel, channel),
        eq(customerConsents.purpose, purpose),
      ),
    );
  return row?.granted ?? false;
}

// ---- duplicates and merge

export type DuplicateRow = {
  a_id: string;
  a_name: string;
  a_email: string | null;
  a_phone: string | null;
  b_id: string;
  b_name: string;
  b_email: string | null;
  b_phone: string | null;
  reason: 'email' | 'phone' | 'name';
  score: number;
};

/**
 * Likely duplicate pairs, best first. Every pass is an equi-join (hash join, linear in the
 * workspace) rather than a pairwise comparison: contacts are unnested and joined on the value;
 * names are compared with pg_trgm's similarity() only within small blocks of customers
 * sharing a key (a pair above 0.8 almost always shares one of them).
 */
export async function findDuplicatePairs(db: Db, workspaceId: string, limit: number): Promise<DuplicateRow[]> {
  return db.transaction(async (tx) => {
    // The planner overestimates the pair joins by orders of magnitude and would spend longer
    // JIT-compiling the query than running it.
    await tx.execute(sql`set local jit = off`);
    return queryRows<DuplicateRow>(
      tx,
      sql`
    with live as (
      select id, name, email, phone, other_emails, other_phones,
             regexp_replace(lower(name), '[^[:alnum:]]+', '', 'g') as norm
      from customers where workspace_id = ${workspaceId} and deleted_at is null
    ),
    -- A contact shared by more than 30 customers is a placeholder (a shop's own number), not a person.
    emails as (select distinct id, lower(e) v from live, unnest(array_prepend(email, other_emails)) e where e is not null),
    phones as (select distinct id, p v from live, unnest(array_prepend(phone, other_phones)) p where p is not null),
    shared_emails as (select * from emails where v in (select v from emails group by v having count(*) between 2 and 30)),
    shared_phones as (select * from phones where v in (select v from phones group by v having count(*) between 2 and 30)),
    by_email as (select a.id a_id, b.id b_id, 'email' reason, 1.0::float8 score from shared_emails a join shared_emails b on a.v = b.v and a.id < b.id),
    by_phone as (select a.id, b.id, 'phone', 0.95::float8 from shared_phones a join shared_phones b on a.v = b.v and a.id < b.id),
    -- Blocking keys from the normalised name: its first six letters, its last six, and its
    -- first three with its last three; one typo leaves at least one of them intact. Keys shared
    -- by more than 30 customers (the Maria Silvas) say little and are dropped, which keeps the
    -- number of comparisons linear in the size of the workspace.
    keys as (
      select id, lower(name) lname, norm, k from live,
        lateral (values ('p' || left(norm, 6)), ('s' || right(norm, 6)), ('m' || left(norm, 3) || right(norm, 3))) v(k)
      where length(norm) >= 4
    ),
    blocks as (
      select * from keys where k in (select k from keys group by k having count(*) between 2 and 30)
    ),
    by_name as (
      select a.id, b.id, 'name', max(greatest(similarity(a.lname, b.lname), case when a.norm = b.norm then 0.9 else 0 end))::float8
      from blocks a join blocks b on a.k = b.k and a.id < b.id
      where a.norm = b.norm or similarity(a.lname, b.lname) > 0.8
      group by a.id, b.id
    ),
    pairs as (
      select distinct on (a_id, b_id) a_id, b_id, reason, score from (
        select * from by_email union all select * from by_phone union all select * from by_name
      ) p order by a_id, b_id, score desc
    )
    select p.a_id, a.name a_name, a.email a_email, a.phone a_phone, p.b_id, b.name b_name, b.email b_email, b.phone b_phone,
           p.reason, p.score
    from pairs p join live a on a.id = p.a_id join live b on b.id = p.b_id
    order by p.score desc, p.a_id, p.b_id
    limit ${limit}`,
    );
  });
}

/**
 * Tables whose rows belong to a customer and move to the survivor on a merge. A domain that
 * adds customer-owned rows adds its table here. Not the pyramid's tier history
 * (customer_tier_changes): it is the history of one scored record, each change from the tier
 * before; two records' changes interleaved would not be a history, and the survivor's current
 * tier is explained by its own latest change. Its tier_changed events do move, with the timeline.
 */
export const customerOwnedTables = [
  'transactions',
  'interactions',
  'contracts',
  'consent_changes',
  'complaints',
  'complaint_compensations',
  'domain_events',
  'notifications',
  'defections',
  'reactivations',
  'exit_survey_tokens',
] as const;

/**
 * Tables whose rows cannot simply change hands: a loyalty account's append-only ledger (its lots,
 * pending points and expiry dates) would be left behind or counted twice. A merge of a customer
 * with rows here is refused until they are settled.
 */
export const customerPinnedTables = [{ table: 'loyalty_entries', what: 'loyalty points history' }] as const;

export async function pinnedRowsOf(db: Db, workspaceId: string, customerId: string): Promise<string[]> {
  const found: string[] = [];
  for (const { table, what } of customerPinnedTables) {
    const rows = await queryRows(
      db,
      sql`select 1 from ${sql.identifier(table)} where workspace_id = ${workspaceId} and customer_id = ${customerId} limit 1`,
    );
    if (rows.length) found.push(what);
  }
  return found;
}

export async function moveCustomerRows(
  db: Db,
  workspaceId: string,
  fromId: string,
  toId: string,
): Promise<Record<string, number>> {
  const moved: Record<string, number> = {};
  for (const table of customerOwnedTables) {
    moved[table] = await execCount(
      db,
      sql`update ${sql.identifier(table)} set customer_id = ${toId} where workspace_id = ${workspaceId} and customer_id = ${fromId}`,
    );
  }
  return moved;
}

/** Consents: the survivor keeps its own; the merged customer's fill the gaps. */
export async function mergeConsents(db: Db, workspaceId: string, fromId: string, toId: string): Promise<void> {
  await db.execute(sql`
    insert into customer_consents (workspace_id, customer_id, channel, purpose, granted, source, changed_at)
    select workspace_id, ${toId}, channel, purpose, granted, source, changed_at from customer_consents
    where workspace_id = ${workspaceId} and customer_id = ${fromId}
    on conflict do nothing`);
  await db.execute(sql`delete from customer_consents where workspace_id = ${workspaceId} and customer_id = ${fromId}`);
}

export async function insertMerge(db: Db, row: typeof customerMerges.$inferInsert): Promise<void> {
  await db.insert(customerMerges).values(row);
}

export async function lockCustomers(db: Db, workspaceId: string, ids: string[]): Promise<CustomerRow[]> {
  return db
    .select()
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), inArray(customers.id, ids)))
    .orderBy(asc(customers.id))
    .for('update');
}

export async function listMergeRows(db: Db, workspaceId: string, customerId: string) {
  return db
    .select()
    .from(customerMerges)
    .where(and(eq(customerMerges.workspaceId, workspaceId), eq(customerMerges.survivorId, customerId)))
    .orderBy(desc(customerMerges.mergedAt));
}

// ---- timeline

export type CustomerEventRow = {
  id: string;
  type: string;
  occurred_at: Date | string;
  title: string;
  data: Record<string, unknown>;
};

/** The customer's own events (created, consent changes, merges), newest first, before the cursor. */
export async function customerEventRows(
  db: Db,
  q: { workspaceId: string; customerId: string; before?: { occurredAt: string; id: string }; limit: number },
): Promise<CustomerEventRow[]> {
  const before = q.before
    ? sql`where (occurred_at, id) < (${q.before.occurredAt}::timestamptz, ${q.before.id})`
    : sql``;
  return queryRows<CustomerEventRow>(
    db,
    sql`
    select * from (
      select 'customer-' || id::text as id, 'customer.created' as type, created_at as occurred_at, name as title,
             jsonb_build_object('acquisitionChannel', acquisition_channel) as data
        from customers where workspace_id = ${q.workspaceId} and id = ${q.customerId}
      union all
      select 'consent-' || id::text, 'consent.changed', changed_at, channel || ' / ' || purpose,
             jsonb_build_object('channel', channel, 'purpose', purpose, 'granted', granted, 'source', source)
        from consent_changes where workspace_id = ${q.workspaceId} and customer_id = ${q.customerId}
      union all
      select 'merge-' || id::text, 'customer.merged', merged_at, merged_snapshot->>'name',
             jsonb_build_object('mergedId', merged_id, 'moved', moved)
        from customer_merges where workspace_id = ${q.workspaceId} and survivor_id = ${q.customerId}
    ) e ${before}
    order by occurred_at desc, id desc
    limit ${q.limit}`,
  );
}
