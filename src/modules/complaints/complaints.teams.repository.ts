// SQL for complaint teams, their members, routing rules and the choice of an assignee or an
// escalation manager. Scoped by workspace. Candidates must still be members of the workspace
// (the users domain's membership source), so someone who left is never picked.
import { and, asc, eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { onConflict } from '../../db/errors.ts';
import { complaintRoutingRules, complaintTeamMembers, complaintTeams } from './complaints.schema.ts';
import { isMemberSql, membershipRows, userProfileRows } from '../users/index.ts';

export type TeamRow = typeof complaintTeams.$inferSelect;
export type TeamMemberRow = typeof complaintTeamMembers.$inferSelect;

export async function insertTeam(db: Db, row: typeof complaintTeams.$inferInsert): Promise<TeamRow | undefined> {
  const [created] = await db.insert(complaintTeams).values(row).onConflictDoNothing().returning();
  return created;
}

export async function findTeam(db: Db, workspaceId: string, id: string): Promise<TeamRow | undefined> {
  const [row] = await db
    .select()
    .from(complaintTeams)
    .where(and(eq(complaintTeams.workspaceId, workspaceId), eq(complaintTeams.id, id)));
  return row;
}

export async function listTeamRows(db: Db, workspaceId: string): Promise<TeamRow[]> {
  return db
    .select()
    .from(complaintTeams)
    .where(eq(complaintTeams.workspaceId, workspaceId))
    .orderBy(asc(complaintTeams.name));
}

export async function updateTeamRow(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<typeof complaintTeams.$inferInsert>,
): Promise<TeamRow | undefined | 'conflict'> {
  return onConflict(async () => {
    const [row] = await db
      .update(complaintTeams)
      .set(patch)
      .where(and(eq(complaintTeams.workspaceId, workspaceId), eq(complaintTeams.id, id)))
      .returning();
    return row;
  }, 'complaint_teams_name_key');
}

export type TeamMemberView = {
  teamId: string;
  userId: string;
  manager: boolean;
  name: string | null;
  email: string | null;
};

export async function listTeamMembers(db: Db, workspaceId: string, teamIds: string[]): Promise<TeamMemberView[]> {
  if (teamIds.length === 0) return [];
  const rows = await queryRows<{
    team_id: string;
    user_id: string;
    is_manager: boolean;
    name: string | null;
    email: string | null;
  }>(
    db,
    sql`select tm.team_id, tm.user_id, tm.is_manager, u.name, u.email
        from complaint_team_members tm left join (${userProfileRows()}) u on u.id = tm.user_id
        where tm.workspace_id = ${workspaceId} and tm.team_id in (${sql.join(
          teamIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        order by tm.is_manager desc, u.name`,
  );
  return rows.map((r) => ({
    teamId: r.team_id,
    userId: r.user_id,
    manager: r.is_manager,
    name: r.name,
    email: r.email,
  }));
}

/** Replaces the members, keeping the round-robin position of those who stay. */
export async function replaceTeamMembers(
  db: Db,
  workspaceId: string,
  teamId: string,
  members: { userId: string; manager: boolean }[],
  now: Date,
): Promise<void> {
  const keep = members.map((m) => m.userId);
  await db.execute(sql`
    delete from complaint_team_members where workspace_id = ${workspaceId} and team_id = ${teamId}
    ${
      keep.length
        ? sql`and user_id not in (${sql.join(
            keep.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`
        : sql``
    }`);
  if (members.length === 0) return;
  await db
    .insert(complaintTeamMembers)
    .values(members.map((m) => ({ workspaceId, teamId, userId: m.userId, isManager: m.manager, createdAt: now })))
    .onConflictDoUpdate({
      target: [complaintTeamMembers.workspaceId, complaintTeamMembers.teamId, complaintTeamMembers.userId],
      set: { isManager: sql`excluded.is_manager` },
    });
}

// ---- routing

export async function listRules(db: Db, workspaceId: string) {
  return db
    .select()
    .from(complaintRoutingRules)
    .where(eq(complaintRoutingRules.workspaceId, workspaceId))
    .orderBy(asc(complaintRoutingRules.category));
}

export async function replaceRules(
  db: Db,
  workspaceId: string,
  rules: { category: string; teamId: string }[],
): Promise<void> {
  await db.delete(complaintRoutingRules).where(eq(complaintRoutingRules.workspaceId, workspaceId));
  if (rules.length) await db.insert(complaintRoutingRules).values(rules.map((r) => ({ workspaceId, ...r })));
}

/** The team for a category: its own rule, else the `*` rule, else none. */
export async function teamForCategory(db: Db, workspaceId: string, category: string): Promise<TeamRow | undefined> {
  const [row] = await db
    .select({ team: complaintTeams })
    .from(complaintRoutingRules)
    .innerJoin(
      complaintTeams,
      and(
        eq(complaintTeams.workspaceId, complaintRoutingRules.workspaceId),
        eq(complaintTeams.id, complaintRoutingRules.teamId),
      ),
    )
    .where(
      and(
        eq(complaintRoutingRules.workspaceId, workspaceId),
        sql`${complaintRoutingRules.category} in (${category}, '*')`,
      ),
    )
    .orderBy(sql`${complaintRoutingRules.category} = '*'`);
  return row?.team;
}

// ---- picking people

const openLoad = sql`(select count(*) from complaints c where c.workspace_id = tm.workspace_id and c.assignee_id = tm.user_id
                      and c.status in ('registered', 'under_analysis', 'valid', 'in_resolution'))`;

/**
 * Picks the team member for the next complaint and stamps them, in one statement. Managers take
 * complaints only in a team of managers. Round robin: whoever waited longest; least loaded:
 * fewest open complaints, then whoever waited longest. SKIP LOCKED lets concurrent
 * registrations pick different people; when every candidate is busy being picked, the second
 * attempt waits for the lock instead of leaving the complaint unassigned.
 */
export async function pickAssignee(db: Db, workspaceId: string, team: TeamRow, now: Date): Promise<string | undefined> {
  const order =
    team.strategy === 'least_loaded'
      ? sql`${openLoad} asc, tm.last_assigned_at asc nulls first, tm.user_id`
      : sql`tm.last_assigned_at asc nulls first, tm.created_at, tm.user_id`;
  for (const lock of [sql`for update of tm skip locked`, sql`for update of tm`]) {
    const [row] = await queryRows<{ user_id: string }>(
      db,
      sql`update complaint_team_members set last_assigned_at = ${now}
          where (workspace_id, team_id, user_id) = (
            select tm.workspace_id, tm.team_id, tm.user_id from complaint_team_members tm
            where tm.workspace_id = ${workspaceId} and tm.team_id = ${team.id}
              and ${isMemberSql(sql`tm.workspace_id`, sql`tm.user_id`)}
              and (not tm.is_manager or not exists (
                select 1 from complaint_team_members o where o.workspace_id = tm.workspace_id and o.team_id = tm.team_id and not o.is_manager
                and ${isMemberSql(sql`o.workspace_id`, sql`o.user_id`)}))
            order by ${order} limit 1 ${lock})
          returning user_id`,
    );
    if (row) return row.user_id;
  }
  return undefined;
}

/**
 * Whom a breached complaint goes to: the least-loaded manager of its team other than the
 * current assignee; without one, the least-loaded workspace manager (then admin, then owner).
 */
export async function pickEscalationManager(
  db: Db,
  workspaceId: string,
  teamId: string | null,
  currentAssigneeId: string | null,
): Promise<string | undefined> {
  const exclude = currentAssigneeId ? sql`and tm.user_id <> ${currentAssigneeId}` : sql``;
  if (teamId) {
    const [row] = await queryRows<{ user_id: string }>(
      db,
      sql`select tm.user_id from complaint_team_members tm
          where tm.workspace_id = ${workspaceId} and tm.team_id = ${teamId} and tm.is_manager ${exclude}
            and ${isMemberSql(sql`tm.workspace_id`, sql`tm.user_id`)}
          order by ${openLoad} asc, tm.user_id limit 1`,
    );
    if (row) return row.user_id;
  }
  const [row] = await queryRows<{ user_id: string }>(
    db,
    sql`select tm.user_id from (${membershipRows(workspaceId)}) tm
        where tm.role in ('manager', 'admin', 'owner') ${exclude}
        order by case tm.role when 'manager' then 0 when 'admin' then 1 else 2 end, ${openLoad} asc, tm.user_id limit 1`,
  );
  return row?.user_id;
}
