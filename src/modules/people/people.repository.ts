// The only file of the people domain with SQL, scoped by workspace. Per-person figures join the
// owning domains' declared sources (complaints resolved, survey answers, feedback mentions).
import { and, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { goals, kudos, teamMembers, teams } from './people.schema.ts';

export type TeamRow = typeof teams.$inferSelect & { memberIds: string[] };
export type GoalRow = typeof goals.$inferSelect;
export type KudosRow = typeof kudos.$inferSelect;

export async function listTeamRows(db: Db, workspaceId: string): Promise<TeamRow[]> {
  const [rows, members] = await Promise.all([
    db.select().from(teams).where(eq(teams.workspaceId, workspaceId)).orderBy(teams.name),
    db.select().from(teamMembers).where(eq(teamMembers.workspaceId, workspaceId)),
  ]);
  return rows.map((t) => ({ ...t, memberIds: members.filter((m) => m.teamId === t.id).map((m) => m.userId) }));
}

export async function insertTeam(db: Db, row: typeof teams.$inferInsert): Promise<boolean> {
  const created = await db.insert(teams).values(row).onConflictDoNothing().returning({ id: teams.id });
  return created.length === 1;
}

export async function updateTeamRow(
  db: Db,
  workspaceId: string,
  id: string,
  patch: { name?: string; managerId?: string | null },
): Promise<boolean> {
  if (patch.name === undefined && patch.managerId === undefined) {
    const [row] = await db
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
    return !!row;
  }
  const rows = await db
    .update(teams)
    .set(patch)
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)))
    .returning({ id: teams.id });
  return rows.length === 1;
}

export async function replaceMembers(db: Db, workspaceId: string, teamId: string, userIds: string[]): Promise<void> {
  await db.delete(teamMembers).where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.teamId, teamId)));
  if (userIds.length) await db.insert(teamMembers).values(userIds.map((userId) => ({ workspaceId, teamId, userId })));
}

export async function upsertGoal(db: Db, row: typeof goals.$inferInsert): Promise<GoalRow> {
  const [saved] = await db
    .insert(goals)
    .values(row)
    .onConflictDoUpdate({
      target: [goals.workspaceId, goals.subjectKind, goals.subjectId, goals.metric, goals.periodFrom],
      set: { target: row.target, periodTo: row.periodTo, createdBy: row.createdBy },
    })
    .returning();
  return saved;
}

/** Goals whose period overlaps [from, to] (days). */
export async function goalsOverlapping(db: Db, workspaceId: string, from: string, to: string): Promise<GoalRow[]> {
  return db
    .select()
    .from(goals)
    .where(
      and(
        eq(goals.workspaceId, workspaceId),
        sql`${goals.periodFrom} < ${to}::date`,
        sql`${goals.periodTo} >= ${from}::date`,
      ),
    )
    .orderBy(goals.periodFrom);
}

export async function insertKudos(db: Db, row: typeof kudos.$inferInsert): Promise<KudosRow> {
  const [created] = await db.insert(kudos).values(row).returning();
  return created;
}

export async function listKudosRows(
  db: Db,
  workspaceId: string,
  f: { toUserId?: string; limit: number },
): Promise<KudosRow[]> {
  return db
    .select()
    .from(kudos)
    .where(and(eq(kudos.workspaceId, workspaceId), f.toUserId ? eq(kudos.toUserId, f.toUserId) : undefined))
    .orderBy(desc(kudos.createdAt), desc(kudos.id))
    .limit(f.limit);
}

export async function kudosReceived(db: Db, workspaceId: string, from: Date, to: Date): Promise<Map<string, number>> {
  const rows = await db
    .select({ userId: kudos.toUserId, n: sql<number>`count(*)::int` })
    .from(kudos)
    .where(and(eq(kudos.workspaceId, workspaceId), gte(kudos.createdAt, from), lt(kudos.createdAt, to)))
    .groupBy(kudos.toUserId);
  return new Map(rows.map((r) => [r.userId, Number(r.n)]));
}

export type CaseFigures = { resolved: number; withinSla: number; csatN: number; csatSatisfied: number };

/**
 * Per complaint handler: complaints resolved with an SLA deadline and those within it; CSAT
 * answers (1–5, satisfied = 4 or 5) about the complaints they resolved.
 */
export async function caseFigures(
  db: Db,
  s: { resolved: SQL; resolvedForCsat: SQL; answers: SQL },
): Promise<Map<string, CaseFigures>> {
  const [sla, csat] = await Promise.all([
    queryRows<{ uid: string; resolved: number; within_n: number }>(
      db,
      sql`select assignee_id uid, count(*) filter (where within_sla is not null)::int resolved,
            count(*) filter (where within_sla)::int within_n
          from (${s.resolved}) r where assignee_id is not null group by 1`,
    ),
    queryRows<{ uid: string; n: number; satisfied: number }>(
      db,
      sql`select r.assignee_id uid, count(*)::int n, count(*) filter (where a.score >= 4)::int satisfied
          from (${s.answers}) a join (${s.resolvedForCsat}) r on r.id = a.subject_id
          where a.kind = 'csat' and r.assignee_id is not null group by 1`,
    ),
  ]);
  const out = new Map<string, CaseFigures>();
  const get = (uid: string) => {
    let f = out.get(uid);
    if (!f) out.set(uid, (f = { resolved: 0, withinSla: 0, csatN: 0, csatSatisfied: 0 }));
    return f;
  };
  for (const r of sla) Object.assign(get(r.uid), { resolved: Number(r.resolved), withinSla: Number(r.within_n) });
  for (const r of csat) Object.assign(get(r.uid), { csatN: Number(r.n), csatSatisfied: Number(r.satisfied) });
  return out;
}

export async function mentionCounts(db: Db, mentions: SQL): Promise<Map<string, number>> {
  const rows = await queryRows<{ uid: string; n: number }>(
    db,
    sql`select employee_id uid, count(*)::int n from (${mentions}) m group by 1`,
  );
  return new Map(rows.map((r) => [r.uid, Number(r.n)]));
}

export async function teamsOf(db: Db, workspaceId: string, userId: string): Promise<string[]> {
  const rows = await db
    .select({ id: teams.id })
    .from(teams)
    .where(
      and(
        eq(teams.workspaceId, workspaceId),
        sql`(${teams.managerId} = ${userId} or ${teams.id} in (select team_id from team_members where workspace_id = ${workspaceId} and user_id = ${userId}))`,
      ),
    );
  return rows.map((r) => r.id);
}
