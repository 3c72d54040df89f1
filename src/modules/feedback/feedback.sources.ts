// The feedback domain's declared sources for other domains: positive mentions of employees (the
// people scoreboard), compliment counts (the KPI home) and one item's facts (kudos linked to positive feedback).
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import type { CustomerFilter } from '../../db/customer-filter.ts';
import { feedbackCounts } from './feedback.repository.ts';

/** Compliments recorded in [from, to), of the filtered customers when `customers` is given (the KPI home). */
export async function complimentCount(
  db: Db,
  workspaceId: string,
  w: { from: Date; to: Date; customers?: CustomerFilter },
): Promise<number> {
  const [row] = await feedbackCounts(db, workspaceId, w.from, w.to, w.customers);
  return row.compliments;
}

/** Compliments naming an employee in [from, to): `employee_id, id` (one row per mention). */
export const positiveMentionFacts = (workspaceId: string, from: Date, to: Date): SQL =>
  sql`select employee_id, id from feedback_entries
      where workspace_id = ${workspaceId} and employee_id is not null and kind = 'compliment'
        and (sentiment is null or sentiment = 'positive') and occurred_at >= ${from} and occurred_at < ${to}`;

export type FeedbackFacts = { id: string; positive: boolean; employeeId: string | null; body: string };

/** One feedback item: whether it is positive (a compliment, or positive sentiment), who it names. */
export async function feedbackFacts(db: Db, workspaceId: string, id: string): Promise<FeedbackFacts | undefined> {
  const [row] = await queryRows<{ id: string; positive: boolean; employee_id: string | null; body: string }>(
    db,
    sql`select id, (kind = 'compliment' and coalesce(sentiment, 'positive') = 'positive') or sentiment = 'positive' positive,
          employee_id, body
        from feedback_entries where workspace_id = ${workspaceId} and id = ${id}`,
  );
  return row ? { id: row.id, positive: row.positive, employeeId: row.employee_id, body: row.body } : undefined;
}
