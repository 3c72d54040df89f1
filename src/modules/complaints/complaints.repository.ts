// SQL for complaints, their transitions, status tokens, reference counters, settings, the
// knowledge-base search and the SLA sweep. Every query is scoped by workspace, except the sweep,
// which serves every workspace and returns the workspace of each row it changed.
import { pastCursor } from '../../db/keyset.ts';
import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import {
  complaintCounters,
  complaints,
  complaintSettings,
  complaintStatusTokens,
  complaintTransitions,
} from './complaints.schema.ts';
import { slaWatchedStatuses } from './complaints.status.ts';
import { complaintCostItems } from './complaints.sources.ts';

export type ComplaintRow = typeof complaints.$inferSelect;
export type ComplaintInsert = typeof complaints.$inferInsert;
export type SettingsRow = typeof complaintSettings.$inferSelect;
export type TransitionRow = typeof complaintTransitions.$inferSelect;

const scoped = (workspaceId: string, id: string) => and(eq(complaints.workspaceId, workspaceId), eq(complaints.id, id));

// ---- settings

export async function findSettings(db: Db, workspaceId: string): Promise<SettingsRow | undefined> {
  const [row] = await db.select().from(complaintSettings).where(eq(complaintSettings.workspaceId, workspaceId));
  return row;
}

export async function upsertSettings(db: Db, row: typeof complaintSettings.$inferInsert): Promise<void> {
  const { workspaceId: _ws, ...set } = row;
  await db.insert(complaintSettings).values(row).onConflictDoUpdate({ target: complaintSettings.workspaceId, set });
}

// ---- references

/** The next number of the workspace's year: one atomic upsert, so concurrent registrations never share one. */
export async function nextReferenceNumber(db: Db, workspaceId: string, year: number): Promise<number> {
  const [row] = await db
    .insert(complaintCounters)
    .values({ workspaceId, year, last: 1 })
    .onConflictDoUpdate({
      target: [complaintCounters.workspaceId, complaintCounters.year],
      set: { last: sql`${complaintCounters.last} + 1` },
    })
    .returning({ last: complaintCounters.last });
  return row.last;
}

// ---- complaints

export async function insertComplaint(db: Db, row: ComplaintInsert): Promise<ComplaintRow> {
  const [created] = await db.insert(complaints).values(row).returning();
  return created;
}

export async function findComplaint(db: Db, workspaceId: string, id: string): Promise<ComplaintRow | undefined> {
  const [row] = await db.select().from(complaints).where(scoped(workspaceId, id));
  return row;
}

/**
 * Changes a complaint only if it is still in `expectedStatus`: two people acting on the same
 * complaint at once cannot both move it (the loser gets nothing back → 409).
 */
export async function updateComplaintIf(
  db: Db,
  workspaceId: string,
  id: string,
  expectedStatus: string | null,
  patch: Partial<ComplaintInsert>,
): Promise<ComplaintRow | undefined> {
  const [row] = await db
    .update(complaints)
    .set(patch)
    .where(and(scoped(workspaceId, id), expectedStatus === null ? undefined : eq(complaints.status, expectedStatus)))
    .returning();
  return row;
}

export type ComplaintFilter = {
  status?: string;
  slaState?: string;
  assigneeId?: string;
  teamId?: string;
  customerId?: string;
  category?: string;
  /** A to_tsquery expression built from sanitised words. */
  tsquery?: string;
};

export async function listComplaintRows(
  db: Db,
  workspaceId: string,
  f: ComplaintFilter,
  limit: number,
  before?: { registeredAt: Date; id: string },
): Promise<ComplaintRow[]> {
  return db
    .select()
    .from(complaints)
    .where(
      and(
        eq(complaints.workspaceId, workspaceId),
        f.status ? eq(complaints.status, f.status) : undefined,
        f.slaState ? eq(complaints.slaState, f.slaState) : undefined,
        f.assigneeId ? eq(complaints.assigneeId, f.assigneeId) : undefined,
        f.teamId ? eq(complaints.teamId, f.teamId) : undefined,
        f.customerId ? eq(complaints.customerId, f.customerId) : undefined,
        f.category ? eq(complaints.category, f.category) : undefined,
        f.tsquery ? sql`${complaints.searchVector} @@ to_tsquery('simple', ${f.tsquery})` : undefined,
        pastCursor('desc', complaints.registeredAt, complaints.id, before && [before.registeredAt, before.id]),
      ),
    )
    .orderBy(desc(complaints.registeredAt), desc(complaints.id))
    .limit(limit);
}

export type KnowledgeRow = {
  id: string;
  reference: string;
  category: string;
  subject: string;
  solution: string;
  root_cause: string | null;
  closed_at: Date | string | null;
  rank: number;
};

/**
 * Closed complaints with a solution, best match first: the knowledge base. Any word may match
 * (`anyWords`); those matching every word (`allWords`) come first, then by ts_rank, with a
 * small bonus for the same category.
 */
export async function searchKnowledge(
  db: Db,
  workspaceId: string,
  q: { anyWords: string; allWords: string },
  category: string | undefined,
  limit: number,
): Promise<KnowledgeRow[]> {
  return queryRows<KnowledgeRow>(
    db,
    sql`select id, reference, category, subject, solution, root_cause, closed_at,
               (search_vector @@ qa)::int + ts_rank(search_vector, q) + case when category = ${category ?? null} then 0.1 else 0 end as rank
        from complaints, to_tsquery('simple', ${q.anyWords}) q, to_tsquery('simple', ${q.allWords}) qa
        where workspace_id = ${workspaceId} and search_vector @@ q and status = 'closed' and solution is not null
        order by rank desc, closed_at desc nulls last
        limit ${limit}`,
  );
}

/** How many open complaints each user holds (for the team view). */
export async function openLoadByUser(db: Db, workspaceId: string): Promise<Map<string, number>> {
  const rows = await queryRows<{ assignee_id: string; n: number }>(
    db,
    sql`select assignee_id, count(*)::int n from complaints
        where workspace_id = ${workspaceId} and assignee_id is not null and status in ('registered', 'under_analysis', 'valid', 'in_resolution')
        group by assignee_id`,
  );
  return new Map(rows.map((r) => [r.assignee_id, Number(r.n)]));
}

// ---- transitions

export async function insertTransition(db: Db, row: typeof complaintTransitions.$inferInsert): Promise<void> {
  await db.insert(complaintTransitions).values(row);
}

export async function listTransitionRows(db: Db, workspaceId: string, complaintId: string): Promise<TransitionRow[]> {
  return db
    .select()
    .from(complaintTransitions)
    .where(and(eq(complaintTransitions.workspaceId, workspaceId), eq(complaintTransitions.complaintId, complaintId)))
    .orderBy(asc(complaintTransitions.occurredAt), asc(complaintTransitions.id));
}

// ---- status tokens

export async function insertStatusToken(db: Db, row: typeof complaintStatusTokens.$inferInsert): Promise<void> {
  await db.insert(complaintStatusTokens).values(row);
}

export async function findComplaintByTokenHash(
  db: Db,
  workspaceId: string,
  tokenHash: string,
): Promise<ComplaintRow | undefined> {
  const [row] = await db
    .select({ complaint: complaints })
    .from(complaintStatusTokens)
    .innerJoin(
      complaints,
      and(
        eq(complaints.workspaceId, complaintStatusTokens.workspaceId),
        eq(complaints.id, complaintStatusTokens.complaintId),
      ),
    )
    .where(and(eq(complaintStatusTokens.workspaceId, workspaceId), eq(complaintStatusTokens.tokenHash, tokenHash)));
  return row?.complaint;
}

// ---- SLA sweep (all workspaces)

const watched = sql.raw(slaWatchedStatuses.map((s) => `'${s}'`).join(', '));
const atRiskDue = (now: Date) =>
  sql`sla_state = 'on_track' and at_risk_at <= ${now} and deadline_at > ${now} and status in (${watched})`;
const breachDue = (now: Date) =>
  sql`sla_state in ('on_track', 'at_risk') and deadline_at <= ${now} and status in (${watched})`;

export type SweepKey = { workspaceId: string; id: string };
const among = (only: SweepKey[] | undefined) =>
  only
    ? sql`and (workspace_id, id) in (${sql.join(
        only.map((k) => sql`(${k.workspaceId}::uuid, ${k.id}::uuid)`),
        sql`, `,
      )})`
    : sql``;

/** The complaints a sweep would claim now (read only): to retry a failed batch in smaller pieces. */
export async function dueForSweep(
  db: Db,
  now: Date,
  limit: number,
): Promise<{ breached: SweepKey[]; atRisk: SweepKey[] }> {
  const keys = (due: SQL, order: SQL) =>
    queryRows<{ workspace_id: string; id: string }>(
      db,
      sql`select workspace_id, id from complaints where ${due} order by ${order} limit ${limit}`,
    );
  const toKey = (r: { workspace_id: string; id: string }) => ({ workspaceId: r.workspace_id, id: r.id });
  return {
    breached: (await keys(breachDue(now), sql`deadline_at`)).map(toKey),
    atRisk: (await keys(atRiskDue(now), sql`at_risk_at`)).map(toKey),
  };
}

/**
 * Moves due complaints from on_track to at_risk and returns exactly the rows this call moved.
 * Rows are claimed with FOR UPDATE SKIP LOCKED and the UPDATE re-checks the state, so two
 * sweeps running at once never both move (and so never both announce) the same complaint.
 */
export async function claimAtRisk(db: Db, now: Date, limit: number, only?: SweepKey[]): Promise<ComplaintRow[]> {
  return claim(
    db,
    sql`${atRiskDue(now)} ${among(only)}`,
    sql`at_risk_at`,
    sql`sla_state = 'at_risk', updated_at = ${now}`,
    sql`c.sla_state = 'on_track'`,
    limit,
  );
}

/** Moves complaints past their deadline to breached; same guarantees as claimAtRisk. */
export async function claimBreached(db: Db, now: Date, limit: number, only?: SweepKey[]): Promise<ComplaintRow[]> {
  return claim(
    db,
    sql`${breachDue(now)} ${among(only)}`,
    sql`deadline_at`,
    sql`sla_state = 'breached', breached_at = ${now}, updated_at = ${now}`,
    sql`c.sla_state in ('on_track', 'at_risk')`,
    limit,
  );
}

async function claim(db: Db, due: SQL, order: SQL, set: SQL, stillDue: SQL, limit: number): Promise<ComplaintRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with due as (
          select workspace_id, id from complaints where ${due} order by ${order} limit ${limit} for update skip locked
        )
        update complaints c set ${set}
        from due where c.workspace_id = due.workspace_id and c.id = due.id and ${stillDue}
        returning c.workspace_id, c.id`,
  );
  if (rows.length === 0) return [];
  const keys = sql.join(
    rows.map((r) => sql`(${r.workspace_id}::uuid, ${r.id}::uuid)`),
    sql`, `,
  );
  return db
    .select()
    .from(complaints)
    .where(sql`(${complaints.workspaceId}, ${complaints.id}) in (${keys})`);
}

// ---- cost to serve

export type ComplaintCostRow = {
  customerId: string;
  complaints: number;
  handlingCostMinor: number;
  compensationCostMinor: number;
  totalMinor: number;
};

/**
 * Per customer over [from, to): the handling cost of complaints registered in the window plus the
 * cost of compensations approved (or posted) in it. A cost-to-serve source for analytics.
 */
export async function complaintCostsByCustomer(
  db: Db,
  workspaceId: string,
  window: { from: Date; to: Date; customerIds?: string[] },
): Promise<ComplaintCostRow[]> {
  const ids = window.customerIds;
  const only = ids
    ? ids.length
      ? sql`and customer_id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`
      : sql`and false`
    : sql``;
  const rows = await queryRows<{
    customer_id: string;
    complaints: string | number;
    handling: string | number;
    compensation: string | number;
  }>(
    db,
    sql`select customer_id, sum(n)::int complaints, sum(handling)::bigint handling, sum(compensation)::bigint compensation from (${complaintCostItems(workspaceId)}) x
        where at >= ${window.from} and at < ${window.to} ${only} group by customer_id order by customer_id`,
  );
  return rows.map((r) => {
    const handlingCostMinor = Number(r.handling);
    const compensationCostMinor = Number(r.compensation);
    return {
      customerId: r.customer_id,
      complaints: Number(r.complaints),
      handlingCostMinor,
      compensationCostMinor,
      totalMinor: handlingCostMinor + compensationCostMinor,
    };
  });
}
