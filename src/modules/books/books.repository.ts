// The only file of the books domain with SQL, scoped by workspace. Book figures join the owning
// domains' declared sources (customers, analytics scores, churn risk, survey answers, tasks),
// never their tables.
import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { bookAssignments, bookCapacities } from './books.schema.ts';

export type AssignmentRow = typeof bookAssignments.$inferSelect;
export type BookSources = { customers: SQL; scores: SQL; risks: SQL };

export async function upsertCapacity(db: Db, workspaceId: string, userId: string, capacity: number, now: Date) {
  await db
    .insert(bookCapacities)
    .values({ workspaceId, userId, capacity, updatedAt: now })
    .onConflictDoUpdate({
      target: [bookCapacities.workspaceId, bookCapacities.userId],
      set: { capacity, updatedAt: now },
    });
}

export async function capacities(db: Db, workspaceId: string): Promise<Map<string, number>> {
  const rows = await db.select().from(bookCapacities).where(eq(bookCapacities.workspaceId, workspaceId));
  return new Map(rows.map((r) => [r.userId, r.capacity]));
}

export async function insertAssignments(db: Db, rows: (typeof bookAssignments.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await db.insert(bookAssignments).values(rows.slice(i, i + 1000));
}

export async function listAssignments(
  db: Db,
  workspaceId: string,
  f: { customerId?: string; userId?: string; limit: number },
): Promise<AssignmentRow[]> {
  return db
    .select()
    .from(bookAssignments)
    .where(
      and(
        eq(bookAssignments.workspaceId, workspaceId),
        f.customerId ? eq(bookAssignments.customerId, f.customerId) : undefined,
        f.userId
          ? sql`(${bookAssignments.fromUserId} = ${f.userId} or ${bookAssignments.toUserId} = ${f.userId})`
          : undefined,
      ),
    )
    .orderBy(desc(bookAssignments.at), desc(bookAssignments.id))
    .limit(f.limit);
}

/** Customers per account manager now (live, active). */
export async function bookLoads(db: Db, customers: SQL): Promise<Map<string, number>> {
  const rows = await queryRows<{ uid: string; n: number }>(
    db,
    sql`select account_manager_id uid, count(*)::int n from (${customers}) c
        where account_manager_id is not null and status = 'active' group by 1`,
  );
  return new Map(rows.map((r) => [r.uid, Number(r.n)]));
}

export type BookFigures = {
  userId: string;
  customers: number;
  predictedValueMinor: number;
  atRisk: number;
  expectedLossMinor: number;
  base: number;
  retained: number;
  scored: number;
  scoredRetained: number;
  pSum: number;
  pVar: number;
};

/**
 * Per account manager (all, or one): the active customers, their predicted value, how many are
 * at risk (churn risk ≥ 0.5) and the expected loss; and the retention of the book over
 * [from, to) — the base is the book's customers acquired before `from` and not defected by then
 * — with the model's expectation (P(alive), else 1 − churn risk) summed over the scored base.
 */
export async function bookFigures(
  db: Db,
  s: BookSources,
  w: { from: Date; to: Date; userId?: string },
): Promise<BookFigures[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with book as (
          select c.account_manager_id uid, c.status, s.clv_minor, r.risk, r.expected_loss_minor,
            coalesce(c.acquired_at, c.created_at) < ${w.from}
              and (c.status = 'active' or c.defected_at >= ${w.from}) base,
            c.status = 'active' or c.defected_at >= ${w.to} retained,
            coalesce(s.p_alive, 1 - r.risk) p
          from (${s.customers}) c
          left join (${s.scores}) s on s.customer_id = c.id
          left join (${s.risks}) r on r.customer_id = c.id
          where c.account_manager_id is not null ${w.userId ? sql`and c.account_manager_id = ${w.userId}` : sql``}
        )
        select uid,
          count(*) filter (where status = 'active')::int customers,
          coalesce(sum(clv_minor) filter (where status = 'active'), 0)::bigint predicted_value,
          count(*) filter (where status = 'active' and risk >= 0.5)::int at_risk,
          coalesce(sum(expected_loss_minor) filter (where status = 'active'), 0)::bigint expected_loss,
          count(*) filter (where base)::int base,
          count(*) filter (where base and retained)::int retained,
          count(*) filter (where base and p is not null)::int scored,
          count(*) filter (where base and p is not null and retained)::int scored_retained,
          coalesce(sum(p) filter (where base), 0)::float8 p_sum,
          coalesce(sum(p * (1 - p)) filter (where base), 0)::float8 p_var
        from book group by uid`,
  );
  return rows.map((r) => ({
    userId: String(r.uid),
    customers: Number(r.customers),
    predictedValueMinor: Number(r.predicted_value),
    atRisk: Number(r.at_risk),
    expectedLossMinor: Number(r.expected_loss),
    base: Number(r.base),
    retained: Number(r.retained),
    scored: Number(r.scored),
    scoredRetained: Number(r.scored_retained),
    pSum: Number(r.p_sum),
    pVar: Number(r.p_var),
  }));
}

/** NPS answer counts per account manager's book: promoters, passives, detractors. */
export async function bookNpsCounts(
  db: Db,
  customers: SQL,
  answers: SQL,
): Promise<Map<string, { promoters: number; passives: number; detractors: number }>> {
  const rows = await queryRows<{ uid: string; p: number; m: number; d: number }>(
    db,
    sql`select c.account_manager_id uid,
          count(*) filter (where a.score >= 9)::int p,
          count(*) filter (where a.score between 7 and 8)::int m,
          count(*) filter (where a.score <= 6)::int d
        from (${answers}) a join (${customers}) c on c.id = a.customer_id
        where a.kind = 'nps' and c.account_manager_id is not null group by 1`,
  );
  return new Map(rows.map((r) => [r.uid, { promoters: Number(r.p), passives: Number(r.m), detractors: Number(r.d) }]));
}

export type BookCustomerRow = {
  id: string;
  name: string;
  clvMinor: number | null;
  churnRisk: number | null;
  valueAtStakeMinor: number;
  openTasks: number;
};

/** One person's active customers by value at stake (as tasks define it), most first. */
export async function bookCustomers(
  db: Db,
  s: BookSources & { openTasks: SQL },
  q: { userId: string; limit: number; offset: number },
): Promise<BookCustomerRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select c.id, c.name, s.clv_minor, r.risk, coalesce(t.open_tasks, 0) open_tasks,
          coalesce(r.expected_loss_minor, round(s.clv_minor * (1 - coalesce(s.p_alive, 1))), 0)::bigint value_at_stake
        from (${s.customers}) c
        left join (${s.scores}) s on s.customer_id = c.id
        left join (${s.risks}) r on r.customer_id = c.id
        left join (${s.openTasks}) t on t.customer_id = c.id
        where c.account_manager_id = ${q.userId} and c.status = 'active'
        order by value_at_stake desc, c.name, c.id
        limit ${q.limit} offset ${q.offset}`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    clvMinor: r.clv_minor === null ? null : Number(r.clv_minor),
    churnRisk: r.risk === null ? null : Number(r.risk),
    valueAtStakeMinor: Number(r.value_at_stake),
    openTasks: Number(r.open_tasks),
  }));
}

export async function hasAssignments(db: Db, workspaceId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: bookAssignments.id })
    .from(bookAssignments)
    .where(eq(bookAssignments.workspaceId, workspaceId))
    .limit(1);
  return !!row;
}
