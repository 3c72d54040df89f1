// Owns the KPI home's customer filters: the pyramid tier and RFM segment (analytics' scores), a
// saved segment (campaigns, its live members now) and the account manager (customers' current
// `account_manager_id`). They combine with "and" into one condition on a customer id that each
// source embeds in its own query; a filter value that names nothing is a 422 on its field.
import { type SQL, sql } from 'drizzle-orm';
import type { CustomerFilter } from '../../db/customer-filter.ts';
import type { Ctx } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { customerScoreFacts } from '../analytics/index.ts';
import { savedSegmentFilter } from '../campaigns/index.ts';
import { managedByMatches } from '../customers/index.ts';
import { getMember } from '../users/index.ts';
import type { KpiFilters } from './kpis.dto.ts';
import { problem } from '../../lib/problems.ts';

export type { KpiFilters };

async function assertMember(ctx: Ctx, workspaceId: string, userId: string) {
  try {
    await getMember(ctx, workspaceId, userId);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'not_found') throw err;
    throw new AppError('validation_failed', `No member ${userId} in this workspace`, {
      fields: [{ path: 'query.accountManager', ...problem('not_a_member') }],
    });
  }
}

/** One condition on a customer id for the chosen filters, or undefined when none is chosen. */
export async function customerFilter(
  ctx: Ctx,
  workspaceId: string,
  q: KpiFilters,
): Promise<CustomerFilter | undefined> {
  const parts: CustomerFilter[] = [];
  if (q.tier !== undefined || q.rfmSegment !== undefined) {
    // `id in (…)`, not analytics' correlated `scoreMatches`: callers hand an unqualified
    // `customer_id`, which inside that subquery would bind to the scores' own column (always true).
    const conditions = [
      ...(q.tier === undefined ? [] : [sql`sf.tier = ${q.tier}`]),
      ...(q.rfmSegment === undefined ? [] : [sql`sf.rfm_segment = ${q.rfmSegment}`]),
    ];
    const scored = sql`select sf.customer_id from (${customerScoreFacts(workspaceId)}) sf where ${sql.join(conditions, sql` and `)}`;
    parts.push((id) => sql`${id} in (${scored})`);
  }
  if (q.segment !== undefined) parts.push(await savedSegmentFilter(ctx, workspaceId, q.segment));
  if (q.accountManager !== undefined) {
    await assertMember(ctx, workspaceId, q.accountManager);
    const manager = q.accountManager;
    parts.push((id) => managedByMatches(workspaceId, id, manager));
  }
  if (parts.length === 0) return undefined;
  return (id: SQL) =>
    sql`(${sql.join(
      parts.map((p) => p(id)),
      sql` and `,
    )})`;
}
