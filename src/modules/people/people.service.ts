// Owns people use cases: teams, goals, the period scoreboard and kudos. The scoreboard is fair to
// book size and difficulty: a person's retention is shown against what the models expected for
// their book (books domain), with its interval. Owners, admins and managers see everyone;
// anyone else sees their own row and their teams' totals (403 for another person's figures).
import type { Ctx } from '../../deps.ts';
import { AppError, notFound, invalidField } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { addDays, isoDay } from '../../lib/dates.ts';
import { csatFromCounts } from '../analytics/index.ts';
import {
  assertMaySee,
  bookRetentionOf,
  me,
  periodOf,
  retentionVsExpected,
  seesEveryone,
  type Viewer,
} from '../books/index.ts';
import { resolvedComplaintFacts } from '../complaints/index.ts';
import { feedbackFacts, positiveMentionFacts } from '../feedback/index.ts';
import { surveyAnswerFacts } from '../surveys/index.ts';
import { listWorkspaceMembers } from '../users/index.ts';
import type {
  CreateTeamInput,
  FiguresDto,
  GiveKudosInput,
  GoalDto,
  KudosDto,
  PeriodInput,
  SetGoalInput,
  TeamDto,
  UpdateTeamInput,
} from './people.dto.ts';
import * as repo from './people.repository.ts';
import { problem } from '../../lib/problems.ts';

const managersOnly = (v: Viewer) => {
  if (!seesEveryone(v)) throw new AppError('forbidden', 'Only owners, admins and managers manage teams and goals');
};

async function memberNames(ctx: Ctx, workspaceId: string): Promise<Map<string, string>> {
  return new Map((await listWorkspaceMembers(ctx, workspaceId)).map((m) => [m.id, m.name]));
}

async function assertMembers(ctx: Ctx, workspaceId: string, ids: string[], path: string) {
  const names = await memberNames(ctx, workspaceId);
  const missing = ids.find((id) => !names.has(id));
  if (missing) throw invalidField(path, problem('not_a_member_id', { value: missing }));
}

const toTeamDto = (t: repo.TeamRow): TeamDto => ({
  id: t.id,
  name: t.name,
  managerId: t.managerId,
  memberIds: t.memberIds,
});

/** Everyone's id and name (no email, no role): whom to give kudos to, names on the boards. */
export async function peopleDirectory(ctx: Ctx, workspaceId: string) {
  return [...(await memberNames(ctx, workspaceId)).entries()]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export async function listTeams(ctx: Ctx, workspaceId: string): Promise<TeamDto[]> {
  return (await repo.listTeamRows(ctx.db, workspaceId)).map(toTeamDto);
}

export async function createTeam(ctx: Ctx, workspaceId: string, v: Viewer, input: CreateTeamInput) {
  managersOnly(v);
  const members = [...new Set(input.memberIds)];
  await assertMembers(ctx, workspaceId, [...members, ...(input.managerId ? [input.managerId] : [])], 'memberIds');
  const id = newId();
  return ctx.db.transaction(async (tx) => {
    const created = await repo.insertTeam(tx, {
      workspaceId,
      id,
      name: input.name,
      managerId: input.managerId ?? null,
      createdAt: ctx.now(),
    });
    if (!created) throw new AppError('conflict', `A team named "${input.name}" already exists`);
    await repo.replaceMembers(tx, workspaceId, id, members);
    return { id, name: input.name, managerId: input.managerId ?? null, memberIds: members };
  });
}

export async function updateTeam(ctx: Ctx, workspaceId: string, v: Viewer, id: string, input: UpdateTeamInput) {
  managersOnly(v);
  await assertMembers(
    ctx,
    workspaceId,
    [...(input.memberIds ?? []), ...(input.managerId ? [input.managerId] : [])],
    'memberIds',
  );
  await ctx.db.transaction(async (tx) => {
    let found: boolean;
    try {
      found = await repo.updateTeamRow(tx, workspaceId, id, { name: input.name, managerId: input.managerId });
    } catch (err) {
      if (String((err as { code?: string }).code) === '23505' || /teams_name_key/.test(String(err)))
        throw new AppError('conflict', `A team named "${input.name}" already exists`);
      throw err;
    }
    if (!found) throw notFound('Team');
    if (input.memberIds) await repo.replaceMembers(tx, workspaceId, id, [...new Set(input.memberIds)]);
  });
  const team = (await repo.listTeamRows(ctx.db, workspaceId)).find((t) => t.id === id);
  if (!team) throw notFound('Team');
  return toTeamDto(team);
}

const toGoalDto = (g: repo.GoalRow): GoalDto => ({
  id: g.id,
  subjectKind: g.subjectKind,
  subjectId: g.subjectId,
  metric: g.metric,
  target: g.target,
  periodFrom: g.periodFrom,
  periodTo: g.periodTo,
});

export async function setGoal(ctx: Ctx, workspaceId: string, v: Viewer, input: SetGoalInput): Promise<GoalDto> {
  managersOnly(v);
  if (input.subjectKind === 'user') await assertMembers(ctx, workspaceId, [input.subjectId], 'subjectId');
  else if (!(await repo.listTeamRows(ctx.db, workspaceId)).some((t) => t.id === input.subjectId))
    throw invalidField('subjectId', problem('no_such_team'));
  return toGoalDto(
    await repo.upsertGoal(ctx.db, { workspaceId, id: newId(), ...input, createdBy: v.label, createdAt: ctx.now() }),
  );
}

type Raw = {
  customers: number;
  base: number;
  retained: number;
  scored: number;
  scoredRetained: number;
  pSum: number;
  pVar: number;
  resolved: number;
  withinSla: number;
  csatN: number;
  csatSatisfied: number;
  positiveMentions: number;
  kudos: number;
};
const zero = (): Raw => ({
  customers: 0,
  base: 0,
  retained: 0,
  scored: 0,
  scoredRetained: 0,
  pSum: 0,
  pVar: 0,
  resolved: 0,
  withinSla: 0,
  csatN: 0,
  csatSatisfied: 0,
  positiveMentions: 0,
  kudos: 0,
});
const add = (a: Raw, b: Raw): Raw =>
  Object.fromEntries(Object.keys(a).map((k) => [k, a[k as keyof Raw] + b[k as keyof Raw]])) as Raw;

/** Every person's raw figures over [from, to), from the books, complaints, surveys and feedback sources. */
async function rawFigures(ctx: Ctx, workspaceId: string, w: { from: Date; to: Date }): Promise<Map<string, Raw>> {
  const [books, cases, mentions, kudos] = await Promise.all([
    bookRetentionOf(ctx, workspaceId, w),
    repo.caseFigures(ctx.db, {
      resolved: resolvedComplaintFacts(workspaceId, w.from, w.to),
      // An answer in the period may be about a case resolved shortly before it.
      resolvedForCsat: resolvedComplaintFacts(workspaceId, addDays(w.from, -30), w.to),
      answers: surveyAnswerFacts(workspaceId, w.from, w.to),
    }),
    repo.mentionCounts(ctx.db, positiveMentionFacts(workspaceId, w.from, w.to)),
    repo.kudosReceived(ctx.db, workspaceId, w.from, w.to),
  ]);
  const out = new Map<string, Raw>();
  const get = (uid: string) => {
    let r = out.get(uid);
    if (!r) out.set(uid, (r = zero()));
    return r;
  };
  for (const [uid, f] of books) {
    const { customers, base, retained, scored, scoredRetained, pSum, pVar } = f;
    Object.assign(get(uid), { customers, base, retained, scored, scoredRetained, pSum, pVar });
  }
  for (const [uid, c] of cases) Object.assign(get(uid), c);
  for (const [uid, n] of mentions) get(uid).positiveMentions = n;
  for (const [uid, n] of kudos) get(uid).kudos = n;
  return out;
}

function toFigures(r: Raw, w: { from: Date; to: Date }): FiguresDto {
  const c = csatFromCounts(r.csatSatisfied, r.csatN);
  return {
    customers: r.customers,
    retention: {
      from: isoDay(w.from),
      to: isoDay(w.to),
      base: r.base,
      retained: r.retained,
      scored: r.scored,
      ...retentionVsExpected(r),
    },
    sla: { resolved: r.resolved, withinSla: r.withinSla, rate: r.resolved ? r.withinSla / r.resolved : null },
    csat: { n: r.csatN, satisfied: r.csatSatisfied, csat: c.csat },
    positiveMentions: r.positiveMentions,
    kudos: r.kudos,
  };
}

function progress(goal: repo.GoalRow, f: FiguresDto) {
  const actual =
    goal.metric === 'sla_compliance'
      ? f.sla.rate === null
        ? null
        : 100 * f.sla.rate
      : goal.metric === 'csat'
        ? f.csat.csat
        : goal.metric === 'book_retention'
          ? f.retention.actual === null
            ? null
            : 100 * f.retention.actual
          : f.positiveMentions;
  return { ...toGoalDto(goal), actual, met: actual === null ? null : actual >= goal.target };
}

/** The period scoreboard: people (everyone, or just me) and teams (all, or mine: totals only). */
export async function scoreboard(ctx: Ctx, workspaceId: string, v: Viewer, p: PeriodInput) {
  const everyone = seesEveryone(v);
  const self = everyone ? v.personId : me(v);
  const w = periodOf(ctx.now(), p);
  const [raw, names, allTeams, goals] = await Promise.all([
    rawFigures(ctx, workspaceId, w),
    memberNames(ctx, workspaceId),
    repo.listTeamRows(ctx.db, workspaceId),
    repo.goalsOverlapping(ctx.db, workspaceId, isoDay(w.from), isoDay(w.to)),
  ]);
  const peopleIds = everyone ? [...names.keys()] : [self as string];
  const people = peopleIds
    .map((userId) => {
      const figures = toFigures(raw.get(userId) ?? zero(), w);
      const own = goals.filter((g) => g.subjectKind === 'user' && g.subjectId === userId);
      return { userId, name: names.get(userId) ?? '', figures, goals: own.map((g) => progress(g, figures)) };
    })
    .sort(
      (a, b) =>
        (b.figures.retention.difference ?? -2) - (a.figures.retention.difference ?? -2) || a.name.localeCompare(b.name),
    );
  const visibleTeams = everyone
    ? allTeams
    : allTeams.filter((t) => t.managerId === self || t.memberIds.includes(self as string));
  const teams = visibleTeams.map((t) => {
    const total = t.memberIds.reduce((acc, id) => add(acc, raw.get(id) ?? zero()), zero());
    const figures = toFigures(total, w);
    const own = goals.filter((g) => g.subjectKind === 'team' && g.subjectId === t.id);
    return {
      teamId: t.id,
      name: t.name,
      members: t.memberIds.length,
      figures,
      goals: own.map((g) => progress(g, figures)),
    };
  });
  return { from: isoDay(w.from), to: isoDay(w.to), people, teams, seesEveryone: everyone };
}

/** One person's figures and goals: that person, or owners, admins and managers (403 otherwise). */
export async function personFigures(ctx: Ctx, workspaceId: string, v: Viewer, userId: string, p: PeriodInput) {
  assertMaySee(v, userId);
  const names = await memberNames(ctx, workspaceId);
  if (!names.has(userId)) throw notFound('Member');
  const w = periodOf(ctx.now(), p);
  const [raw, goals] = await Promise.all([
    rawFigures(ctx, workspaceId, w),
    repo.goalsOverlapping(ctx.db, workspaceId, isoDay(w.from), isoDay(w.to)),
  ]);
  const figures = toFigures(raw.get(userId) ?? zero(), w);
  return {
    userId,
    name: names.get(userId) ?? '',
    figures,
    goals: goals.filter((g) => g.subjectKind === 'user' && g.subjectId === userId).map((g) => progress(g, figures)),
  };
}

export async function giveKudos(ctx: Ctx, workspaceId: string, v: Viewer, input: GiveKudosInput): Promise<KudosDto> {
  const from = me(v);
  if (input.toUserId === from) throw invalidField('toUserId', problem('kudos_self'));
  const names = await memberNames(ctx, workspaceId);
  if (!names.has(input.toUserId)) throw invalidField('toUserId', problem('no_such_member'));
  let feedbackBody: string | null = null;
  if (input.feedbackId) {
    const item = await feedbackFacts(ctx.db, workspaceId, input.feedbackId);
    if (!item) throw invalidField('feedbackId', problem('no_such_feedback'));
    if (!item.positive) throw invalidField('feedbackId', problem('kudos_positive'));
    feedbackBody = item.body;
  }
  const row = await repo.insertKudos(ctx.db, {
    workspaceId,
    id: newId(),
    fromUserId: from,
    toUserId: input.toUserId,
    message: input.message,
    feedbackId: input.feedbackId ?? null,
    createdAt: ctx.now(),
  });
  return {
    id: row.id,
    fromUserId: row.fromUserId,
    fromName: names.get(row.fromUserId) ?? null,
    toUserId: row.toUserId,
    toName: names.get(row.toUserId) ?? null,
    message: row.message,
    feedbackId: row.feedbackId,
    feedbackBody,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The recognition board: kudos, newest first, with the feedback they are for. Everyone may read it. */
export async function listKudos(ctx: Ctx, workspaceId: string, q: { toUserId?: string; limit: number }) {
  const [rows, names] = await Promise.all([repo.listKudosRows(ctx.db, workspaceId, q), memberNames(ctx, workspaceId)]);
  const bodies = new Map<string, string>();
  for (const id of new Set(rows.map((r) => r.feedbackId).filter((x): x is string => !!x))) {
    const item = await feedbackFacts(ctx.db, workspaceId, id);
    if (item) bodies.set(id, item.body);
  }
  return rows.map((r): KudosDto => ({
    id: r.id,
    fromUserId: r.fromUserId,
    fromName: names.get(r.fromUserId) ?? null,
    toUserId: r.toUserId,
    toName: names.get(r.toUserId) ?? null,
    message: r.message,
    feedbackId: r.feedbackId,
    feedbackBody: r.feedbackId ? (bodies.get(r.feedbackId) ?? null) : null,
    createdAt: r.createdAt.toISOString(),
  }));
}
