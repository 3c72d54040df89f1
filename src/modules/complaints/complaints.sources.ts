// The complaints domain's declared cross-domain sources: the cost to serve and the recent
// complaints that scoring reads (workflows/score-customers.ts), and whether a workspace has any
// complaint (the demo loader); the complaint facts the churn features read; the counts and
// handling times the retention KPIs read (kpis domain).
import { type SQL, sql, eq } from 'drizzle-orm';
import { type Db } from '../../db/client.ts';
import type { CustomerFilter } from '../../db/customer-filter.ts';
import { kpiRows, registeredByMonth, topRootCauses } from './complaints.kpis.repository.ts';
import { complaints } from './complaints.schema.ts';

/**
 * Per customer, as known at `at`: complaints registered in the year before, those still open
 * (valid or undecided, not yet resolved), SLA breaches in the year, and answers of 1–2 out of 5
 * to the satisfaction question. Columns: `customer_id, complaints, open_complaints, sla_breaches,
 * dissatisfied`.
 */
export const complaintChurnFacts = (workspaceId: string, at: Date): SQL =>
  sql`select customer_id,
        count(*) filter (where registered_at > ${at}::timestamptz - interval '1 year')::int as complaints,
        count(*) filter (where status <> 'invalid' and (resolved_at is null or resolved_at > ${at}) and (closed_at is null or closed_at > ${at}))::int as open_complaints,
        count(*) filter (where breached_at is not null and breached_at <= ${at} and breached_at > ${at}::timestamptz - interval '1 year')::int as sla_breaches,
        count(*) filter (where satisfaction_score <= 2 and satisfaction_at <= ${at})::int as dissatisfied
      from complaints where workspace_id = ${workspaceId} and registered_at <= ${at}
      group by customer_id`;

/**
 * The cost of complaints (handling and approved compensations) as one row per cost item, `(customer_id, n, handling, compensation, cost_minor, at)`,
 * for set-based queries (the value engine aggregates it over its windows in SQL).
 */
export const complaintCostItems = (workspaceId: string): SQL =>
  sql`select customer_id, 1 n, handling_cost_minor handling, 0::bigint compensation, handling_cost_minor cost_minor, registered_at at from complaints
      where workspace_id = ${workspaceId}
      union all
      select customer_id, 0, 0, cost_minor, cost_minor, decided_at from complaint_compensations
      where workspace_id = ${workspaceId} and status in ('approved', 'posted') and decided_at is not null`;

export async function hasComplaints(db: Db, workspaceId: string): Promise<boolean> {
  const rows = await db
    .select({ id: complaints.id })
    .from(complaints)
    .where(eq(complaints.workspaceId, workspaceId))
    .limit(1);
  return rows.length > 0;
}

/** Customers with a complaint registered or changed, or a compensation decided, after `since` (an incremental scoring run rescores them). */
export const complaintActivity = (workspaceId: string, since: Date): SQL =>
  sql`select customer_id from complaints where workspace_id = ${workspaceId} and (registered_at > ${since} or updated_at > ${since})
      union select customer_id from complaint_compensations where workspace_id = ${workspaceId} and decided_at > ${since}`;

export type ComplaintKpiFacts = {
  registered: number;
  resolved: number;
  /** Resolved in the window with an SLA deadline: the denominator of SLA compliance. */
  resolvedWithDeadline: number;
  resolvedWithinSla: number;
  meanHoursToResolve: number | null;
  p90HoursToResolve: number | null;
  /** Resolved complaints in the window per root cause, most first (at most 10). */
  rootCauses: { rootCause: string; count: number }[];
};

/** The workspace's complaint counts and handling times over [from, to), as the complaint KPIs define them. */
export async function complaintKpiFacts(
  db: Db,
  workspaceId: string,
  w: { from: Date; to: Date; customers?: CustomerFilter },
): Promise<ComplaintKpiFacts> {
  const [rows, rootCauses] = await Promise.all([kpiRows(db, workspaceId, w), topRootCauses(db, workspaceId, w, 10)]);
  const all = rows.find((r) => r.scope === 'all');
  return {
    registered: all?.registered ?? 0,
    resolved: all?.resolved ?? 0,
    resolvedWithDeadline: all?.resolvedWithDeadline ?? 0,
    resolvedWithinSla: all?.resolvedWithinSla ?? 0,
    meanHoursToResolve: all?.meanHours ?? null,
    p90HoursToResolve: all?.p90Hours ?? null,
    rootCauses,
  };
}
/** Complaints registered in [from, to) per UTC month and root cause (null while unknown), from the raw rows. */
export const complaintsByMonth = (
  db: Db,
  workspaceId: string,
  w: { from: Date; to: Date; customers?: CustomerFilter },
) => registeredByMonth(db, workspaceId, w);

/** Complaints resolved in `(from, to]`, `(customer_id, subject_id, at)`: the moments a transactional survey follows. */
export const resolutionMoments = (workspaceId: string, from: Date, to: Date): SQL =>
  sql`select customer_id, id subject_id, resolved_at at from complaints
      where workspace_id = ${workspaceId} and resolved_at > ${from} and resolved_at <= ${to}`;

/**
 * Complaints resolved in [from, to): `id, assignee_id, customer_id, within_sla` (null without an
 * SLA deadline): per-person SLA compliance and the cases their CSAT answers are about.
 */
export const resolvedComplaintFacts = (workspaceId: string, from: Date, to: Date): SQL =>
  sql`select id, assignee_id, customer_id,
        case when deadline_at is not null then resolved_at <= deadline_at end within_sla
      from complaints where workspace_id = ${workspaceId} and resolved_at >= ${from} and resolved_at < ${to}`;
