// The only file of the tasks domain with SQL, scoped by workspace.
import { and, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.ts';
import { type Db, queryRows } from '../../db/client.ts';
import { type TaskSource, tasks, type TaskStatus } from './tasks.schema.ts';

export type TaskRow = typeof tasks.$inferSelect;

export async function insertTask(db: Db, row: typeof tasks.$inferInsert): Promise<TaskRow> {
  const [created] = await db.insert(tasks).values(row).returning();
  return created;
}

/**
 * Inserts many tasks in one statement; a row whose dedupe key is already taken is left out.
 * Returns the dedupe keys inserted.
 */
export async function insertTasksOnce(db: Db, rows: (typeof tasks.$inferInsert)[]): Promise<Set<string>> {
  const inserted = await insertUnnest(db, tasks, rows, {
    onConflict: sql`on conflict do nothing`,
    returning: ['dedupe_key'],
  });
  return new Set(inserted.map((r) => String(r.dedupe_key)));
}

export async function findTask(db: Db, workspaceId: string, id: string): Promise<TaskRow | undefined> {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, id)));
  return row;
}

/** Updates a task if it still has the status read (no lost updates between two people). */
export async function updateTaskRow(
  db: Db,
  workspaceId: string,
  id: string,
  expected: TaskStatus,
  patch: Partial<typeof tasks.$inferInsert>,
): Promise<TaskRow | undefined> {
  const [row] = await db
    .update(tasks)
    .set(patch)
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, id), eq(tasks.status, expected)))
    .returning();
  return row;
}

export async function listTaskRows(
  db: Db,
  workspaceId: string,
  f: { assigneeId?: string; customerId?: string; status?: TaskStatus },
  limit: number,
  beforeId?: string,
): Promise<TaskRow[]> {
  return db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.workspaceId, workspaceId),
        f.assigneeId ? eq(tasks.assigneeId, f.assigneeId) : undefined,
        f.customerId ? eq(tasks.customerId, f.customerId) : undefined,
        f.status ? eq(tasks.status, f.status) : undefined,
        beforeId ? lt(tasks.id, beforeId) : undefined,
      ),
    )
    .orderBy(desc(tasks.id))
    .limit(limit);
}

export type MyTaskRow = TaskRow & {
  customerName: string | null;
  valueAtStakeMinor: number;
  churnRisk: number | null;
  overdue: boolean;
};

/** The value sources a "value at stake" is computed from, as the owning domains declare them. */
export type ValueSources = { customers: SQL; scores: SQL; risks: SQL };

/**
 * One person's tasks with the value at stake of their customer, computed now from the value
 * sources: overdue first, then the most value at stake, then the earliest due.
 */
export async function listMyTaskRows(
  db: Db,
  workspaceId: string,
  q: {
    assigneeId: string;
    status: TaskStatus;
    source?: TaskSource;
    overdue?: boolean;
    customerId?: string;
    today: string;
    limit: number;
    offset: number;
  },
  v: ValueSources,
): Promise<MyTaskRow[]> {
  const overdueExpr = sql`(t.status = 'open' and t.due_on is not null and t.due_on < ${q.today}::date)`;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select t.*, c.name customer_name, r.risk churn_risk, ${overdueExpr} overdue,
          coalesce(r.expected_loss_minor, round(s.clv_minor * (1 - coalesce(s.p_alive, 1))), 0)::bigint value_at_stake
        from tasks t
        left join (${v.customers}) c on c.id = t.customer_id
        left join (${v.scores}) s on s.customer_id = t.customer_id
        left join (${v.risks}) r on r.customer_id = t.customer_id
        where t.workspace_id = ${workspaceId} and t.assignee_id = ${q.assigneeId} and t.status = ${q.status}
          ${q.source ? sql`and t.source = ${q.source}` : sql``}
          ${q.customerId ? sql`and t.customer_id = ${q.customerId}` : sql``}
          ${q.overdue === undefined ? sql`` : q.overdue ? sql`and ${overdueExpr}` : sql`and not ${overdueExpr}`}
        order by overdue desc, value_at_stake desc, t.due_on asc nulls last, t.id
        limit ${q.limit} offset ${q.offset}`,
  );
  return rows.map(fromRaw);
}

const d = (v: unknown): Date | null =>
  v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v));
const day = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);

function fromRaw(r: Record<string, unknown>): MyTaskRow {
  return {
    workspaceId: String(r.workspace_id),
    id: String(r.id),
    title: String(r.title),
    customerId: (r.customer_id as string | null) ?? null,
    assigneeId: String(r.assignee_id),
    dueOn: day(r.due_on),
    status: r.status as TaskStatus,
    outcome: (r.outcome as string | null) ?? null,
    source: (r.source as TaskSource | null) ?? null,
    remindAt: d(r.remind_at),
    remindedAt: d(r.reminded_at),
    createdBy: (r.created_by as string | null) ?? null,
    dedupeKey: (r.dedupe_key as string | null) ?? null,
    closedAt: d(r.closed_at),
    createdAt: d(r.created_at) as Date,
    updatedAt: d(r.updated_at) as Date,
    customerName: (r.customer_name as string | null) ?? null,
    valueAtStakeMinor: Number(r.value_at_stake ?? 0),
    churnRisk: r.churn_risk === null || r.churn_risk === undefined ? null : Number(r.churn_risk),
    overdue: r.overdue === true || r.overdue === 't',
  };
}

/**
 * Claims up to `limit` open tasks whose reminder is due and not yet sent, marking them reminded
 * in the same statement (SKIP LOCKED: two workers never claim the same task). Run it in the
 * transaction that enqueues the messages, so a failure leaves the reminders due.
 */
export async function claimDueReminders(db: Db, now: Date, limit: number): Promise<TaskRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`update tasks t set reminded_at = ${now}
        from (select workspace_id, id from tasks
              where remind_at <= ${now} and reminded_at is null and status = 'open' and remind_at is not null
              order by remind_at limit ${limit} for update skip locked) due
        where t.workspace_id = due.workspace_id and t.id = due.id
        returning t.*`,
  );
  return rows.map((r) => fromRaw({ ...r, value_at_stake: 0 }));
}

/** Moves the open tasks of `fromUserId` about the given customers to `toUserId`; returns how many. */
export async function moveOpenTasks(
  db: Db,
  workspaceId: string,
  fromUserId: string,
  toUserId: string,
  customerIds: string[],
  now: Date,
): Promise<number> {
  if (customerIds.length === 0) return 0;
  const moved = await db
    .update(tasks)
    .set({ assigneeId: toUserId, updatedAt: now })
    .where(
      and(
        eq(tasks.workspaceId, workspaceId),
        eq(tasks.assigneeId, fromUserId),
        eq(tasks.status, 'open'),
        inArray(tasks.customerId, customerIds),
      ),
    )
    .returning({ id: tasks.id });
  return moved.length;
}

/** Moves the leaver's open tasks about no customer (or about a customer not in any book) to one person. */
export async function moveRemainingOpenTasks(
  db: Db,
  workspaceId: string,
  fromUserId: string,
  toUserId: string,
  now: Date,
): Promise<number> {
  const moved = await db
    .update(tasks)
    .set({ assigneeId: toUserId, updatedAt: now })
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.assigneeId, fromUserId), eq(tasks.status, 'open')))
    .returning({ id: tasks.id });
  return moved.length;
}
