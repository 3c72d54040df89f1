// Duplicates and merge: SQL of the customers domain. Finding likely duplicate pairs, locking the
// two customers of a merge, and the customers domain's own part of it (consents, consent
// history, earlier merges); other domains move their rows in their own `reassignCustomer`
// (see src/workflows/merge-customers.ts).
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { reassignCustomerRows } from '../../db/reassign.ts';
import type { CustomerRow } from './customers.repository.ts';
import { consentChanges, customerMerges, customers } from './customers.schema.ts';

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

/** Consent history moves with the customer; returns how many changes moved. */
export const moveConsentChanges = (db: Db, workspaceId: string, fromId: string, toId: string) =>
  reassignCustomerRows(db, consentChanges, workspaceId, fromId, toId);

/**
 * Customers merged into `fromId` before, and their merge records, now belong to `toId`: the
 * survivor's timeline lists every merge, and no row keeps pointing at a customer that is gone.
 */
export async function moveEarlierMerges(db: Db, workspaceId: string, fromId: string, toId: string): Promise<number> {
  const moved = await db
    .update(customerMerges)
    .set({ survivorId: toId })
    .where(and(eq(customerMerges.workspaceId, workspaceId), eq(customerMerges.survivorId, fromId)))
    .returning({ id: customerMerges.id });
  await db
    .update(customers)
    .set({ mergedIntoId: toId })
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.mergedIntoId, fromId)));
  return moved.length;
}
