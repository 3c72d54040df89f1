// Owns the people side of complaints: teams with members and managers, and the routing rules
// that send each category to a team.
import type { Ctx } from '../../deps.ts';
import { AppError, conflict, type FieldError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { listWorkspaceMembers } from '../users/index.ts';
import type { TeamDto } from './complaints.dto.ts';
import { openLoadByUser } from './complaints.repository.ts';
import { loadSettings } from './complaints.settings.ts';
import {
  findTeam,
  insertTeam,
  listRules,
  listTeamMembers,
  listTeamRows,
  replaceRules,
  replaceTeamMembers,
  type TeamRow,
  updateTeamRow,
} from './complaints.teams.repository.ts';
import { problem } from '../../lib/problems.ts';

type MemberInput = { userId: string; manager?: boolean };
type Strategy = TeamRow['strategy'];

async function toDtos(ctx: Ctx, workspaceId: string, teams: TeamRow[]): Promise<TeamDto[]> {
  const [members, load] = await Promise.all([
    listTeamMembers(
      ctx.db,
      workspaceId,
      teams.map((t) => t.id),
    ),
    openLoadByUser(ctx.db, workspaceId),
  ]);
  return teams.map((t) => ({
    id: t.id,
    name: t.name,
    strategy: t.strategy,
    members: members
      .filter((m) => m.teamId === t.id)
      .map((m) => ({
        userId: m.userId,
        name: m.name ?? '',
        email: m.email ?? '',
        manager: m.manager,
        openComplaints: load.get(m.userId) ?? 0,
      })),
    createdAt: t.createdAt.toISOString(),
  }));
}

/** Every member must belong to the workspace; duplicates collapse (manager wins). */
async function checkMembers(
  ctx: Ctx,
  workspaceId: string,
  members: MemberInput[],
): Promise<{ userId: string; manager: boolean }[]> {
  const known = new Set((await listWorkspaceMembers(ctx, workspaceId)).map((m) => m.id));
  const errors: FieldError[] = members.flatMap((m, i) =>
    known.has(m.userId) ? [] : [{ path: `members.${i}.userId`, ...problem('not_a_member') }],
  );
  if (errors.length)
    throw new AppError('validation_failed', 'Team members must be members of the workspace', { fields: errors });
  const merged = new Map<string, boolean>();
  for (const m of members) merged.set(m.userId, (merged.get(m.userId) ?? false) || (m.manager ?? false));
  return [...merged].map(([userId, manager]) => ({ userId, manager }));
}

export async function createTeam(
  ctx: Ctx,
  workspaceId: string,
  input: { name: string; strategy?: Strategy; members?: MemberInput[] },
): Promise<TeamDto> {
  const members = await checkMembers(ctx, workspaceId, input.members ?? []);
  const now = ctx.now();
  const team = await ctx.db.transaction(async (tx) => {
    const row = await insertTeam(tx, {
      workspaceId,
      id: newId(),
      name: input.name,
      strategy: input.strategy ?? 'round_robin',
      createdAt: now,
      updatedAt: now,
    });
    if (!row) throw conflict(`A team named "${input.name}" already exists`);
    await replaceTeamMembers(tx, workspaceId, row.id, members, now);
    return row;
  });
  return (await toDtos(ctx, workspaceId, [team]))[0];
}

export async function listTeams(ctx: Ctx, workspaceId: string): Promise<TeamDto[]> {
  return toDtos(ctx, workspaceId, await listTeamRows(ctx.db, workspaceId));
}

export async function getTeam(ctx: Ctx, workspaceId: string, id: string): Promise<TeamDto> {
  const team = await findTeam(ctx.db, workspaceId, id);
  if (!team) throw notFound('Team');
  return (await toDtos(ctx, workspaceId, [team]))[0];
}

export async function updateTeam(
  ctx: Ctx,
  workspaceId: string,
  id: string,
  patch: { name?: string; strategy?: Strategy },
): Promise<TeamDto> {
  if (!(await findTeam(ctx.db, workspaceId, id))) throw notFound('Team');
  const row = await updateTeamRow(ctx.db, workspaceId, id, { ...patch, updatedAt: ctx.now() });
  if (row === 'conflict') throw conflict(`A team named "${patch.name}" already exists`);
  if (!row) throw notFound('Team');
  return (await toDtos(ctx, workspaceId, [row]))[0];
}

export async function setTeamMembers(
  ctx: Ctx,
  workspaceId: string,
  id: string,
  input: MemberInput[],
): Promise<TeamDto> {
  const team = await findTeam(ctx.db, workspaceId, id);
  if (!team) throw notFound('Team');
  const members = await checkMembers(ctx, workspaceId, input);
  await ctx.db.transaction((tx) => replaceTeamMembers(tx, workspaceId, id, members, ctx.now()));
  return (await toDtos(ctx, workspaceId, [team]))[0];
}

export async function getRouting(ctx: Ctx, workspaceId: string) {
  return { rules: (await listRules(ctx.db, workspaceId)).map((r) => ({ category: r.category, teamId: r.teamId })) };
}

export async function setRouting(ctx: Ctx, workspaceId: string, rules: { category: string; teamId: string }[]) {
  const [settings, teams] = await Promise.all([loadSettings(ctx.db, workspaceId), listTeamRows(ctx.db, workspaceId)]);
  const teamIds = new Set(teams.map((t) => t.id));
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  rules.forEach((r, i) => {
    if (r.category !== '*' && !settings.categories.includes(r.category))
      errors.push({
        path: `rules.${i}.category`,
        ...problem('category_rule', { allowed: settings.categories.join(', ') }),
      });
    if (seen.has(r.category)) errors.push({ path: `rules.${i}.category`, ...problem('appears_twice') });
    if (!teamIds.has(r.teamId)) errors.push({ path: `rules.${i}.teamId`, ...problem('no_such_team') });
    seen.add(r.category);
  });
  if (errors.length)
    throw new AppError('validation_failed', 'The routing rules are not valid; see errors', { fields: errors });
  await ctx.db.transaction((tx) => replaceRules(tx, workspaceId, rules));
  return getRouting(ctx, workspaceId);
}
