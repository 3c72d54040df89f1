// SQL of the feedback register. Every query is scoped by workspace.
import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { andCustomer, type CustomerFilter } from '../../db/customer-filter.ts';
import { pastCursor } from '../../db/keyset.ts';
import { feedbackEntries, type FeedbackKind } from './feedback.schema.ts';

export type FeedbackRow = typeof feedbackEntries.$inferSelect;

export async function insertFeedback(db: Db, row: typeof feedbackEntries.$inferInsert): Promise<FeedbackRow> {
  const [inserted] = await db.insert(feedbackEntries).values(row).returning();
  return inserted as FeedbackRow;
}

export type FeedbackFilters = {
  kind?: FeedbackKind;
  customerId?: string;
  employeeId?: string;
  segment?: string;
  intentToLeave?: boolean;
  from?: Date;
  to?: Date;
};

export function listFeedbackRows(
  db: Db,
  workspaceId: string,
  f: FeedbackFilters,
  limit: number,
  cursor?: { at: Date; id: string },
): Promise<FeedbackRow[]> {
  const t = feedbackEntries;
  return db
    .select()
    .from(t)
    .where(
      and(
        eq(t.workspaceId, workspaceId),
        f.kind ? eq(t.kind, f.kind) : undefined,
        f.customerId ? eq(t.customerId, f.customerId) : undefined,
        f.employeeId ? eq(t.employeeId, f.employeeId) : undefined,
        f.segment ? sql`lower(${t.segment}) = lower(${f.segment})` : undefined,
        f.intentToLeave !== undefined ? eq(t.intentToLeave, f.intentToLeave) : undefined,
        f.from ? gte(t.occurredAt, f.from) : undefined,
        f.to ? lt(t.occurredAt, f.to) : undefined,
        pastCursor('desc', t.occurredAt, t.id, cursor ? [cursor.at, cursor.id] : undefined),
      ),
    )
    .orderBy(desc(t.occurredAt), desc(t.id))
    .limit(limit);
}

/** Counts over [from, to) from the raw rows: compliments (and the customers behind them), notes, sentiment. */
export const feedbackCounts = (db: Db, workspaceId: string, from: Date, to: Date, customers?: CustomerFilter) =>
  queryRows<{
    compliments: number;
    complimented_customers: number;
    agent_notes: number;
    intent_to_leave: number;
    positive: number;
    neutral: number;
    negative: number;
  }>(
    db,
    sql`select count(*) filter (where kind = 'compliment')::int as compliments,
          count(distinct customer_id) filter (where kind = 'compliment')::int as complimented_customers,
          count(*) filter (where kind = 'agent_note')::int as agent_notes,
          count(*) filter (where intent_to_leave)::int as intent_to_leave,
          count(*) filter (where sentiment = 'positive')::int as positive,
          count(*) filter (where sentiment = 'neutral')::int as neutral,
          count(*) filter (where sentiment = 'negative')::int as negative
        from feedback_entries where workspace_id = ${workspaceId} and occurred_at >= ${from} and occurred_at < ${to}
          ${andCustomer(customers, sql`customer_id`)}`,
  );

export const complimentsByEmployee = (db: Db, workspaceId: string, from: Date, to: Date) =>
  queryRows<{ employee_id: string; compliments: number }>(
    db,
    sql`select employee_id, count(*)::int as compliments from feedback_entries
        where workspace_id = ${workspaceId} and kind = 'compliment' and employee_id is not null
          and occurred_at >= ${from} and occurred_at < ${to}
        group by employee_id order by compliments desc, employee_id limit 50`,
  );
