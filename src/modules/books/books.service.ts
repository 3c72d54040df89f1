// Owns account-book use cases: capacity, (bulk) assignment with history, reassignment of a
// leaver's book (spread by capacity or to one person; their open tasks follow the customers), and
// the book KPIs (customers, predicted value, at risk and expected loss, retention against the
// models' expectation, NPS) per manager and "my book" by value at stake.
import type { Ctx } from '../../deps.ts';
import { AppError, invalidField } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { addDays, isoDay } from '../../lib/dates.ts';
import { customerScoreFacts, npsFromCounts } from '../analytics/index.ts';
import { churnRiskFacts } from '../churn/index.ts';
import { customersManagedBy, liveCustomers, setAccountManager } from '../customers/index.ts';
import { surveyAnswerFacts } from '../surveys/index.ts';
import { moveOpenTasks, moveRemainingOpenTasks, openTaskFacts } from '../tasks/index.ts';
import { getMember, listWorkspaceMembers } from '../users/index.ts';
import { assertMaySee, assertSeesEveryone, me, type Viewer } from './books.access.ts';
import type {
  AssignInput,
  AssignmentDto,
  BookInput,
  BookKpisDto,
  PeriodInput,
  ReassignInput,
  RetentionDto,
} from './books.dto.ts';
import { planSpread, retentionVsExpected } from './books.math.ts';
import * as repo from './books.repository.ts';
import { problem } from '../../lib/problems.ts';

const sources = (workspaceId: string) => ({
  customers: liveCustomers(workspaceId),
  scores: customerScoreFacts(workspaceId),
  risks: churnRiskFacts(workspaceId),
});

async function assertMember(ctx: Ctx, workspaceId: string, userId: string, path: string) {
  try {
    return await getMember(ctx, workspaceId, userId);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') throw invalidField(path, problem('no_such_member'));
    throw err;
  }
}

const managers = (v: Viewer) => assertSeesEveryone(v);

export async function setCapacity(ctx: Ctx, workspaceId: string, v: Viewer, userId: string, capacity: number) {
  managers(v);
  await assertMember(ctx, workspaceId, userId, 'userId');
  await repo.upsertCapacity(ctx.db, workspaceId, userId, capacity, ctx.now());
  return { userId, capacity };
}

/** Gives customers an account manager (or none), recording each change in the history. */
export async function assignCustomers(ctx: Ctx, workspaceId: string, v: Viewer, input: AssignInput) {
  managers(v);
  if (input.userId) await assertMember(ctx, workspaceId, input.userId, 'userId');
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const changes = await setAccountManager(tx, workspaceId, input.customerIds, input.userId, now);
    await repo.insertAssignments(
      tx,
      changes.map((c) => ({
        workspaceId,
        id: newId(),
        customerId: c.customerId,
        fromUserId: c.previous,
        toUserId: input.userId,
        at: now,
        by: v.label,
        reason: input.reason ?? null,
      })),
    );
    return {
      changed: changes.length,
      tasksMoved: 0,
      to: changes.length ? [{ userId: input.userId, customers: changes.length }] : [],
    };
  });
}

/**
 * Hands a leaver's whole book over: to one person, or spread across the others in proportion to
 * their capacity (most valuable customers placed first). Each change is recorded with the
 * reason; the leaver's open tasks follow their customers, and the rest go to the person who took
 * the most customers (or the one person).
 */
export async function reassignBook(ctx: Ctx, workspaceId: string, v: Viewer, leaverId: string, input: ReassignInput) {
  managers(v);
  if (input.toUserId === leaverId || input.among?.includes(leaverId))
    throw invalidField(input.toUserId ? 'toUserId' : 'among', problem('reassign_self'));
  const now = ctx.now();
  const book = await customersManagedBy(ctx.db, workspaceId, leaverId);
  let plan: Map<string, string[]>;
  if (input.mode === 'one') {
    const to = input.toUserId as string;
    await assertMember(ctx, workspaceId, to, 'toUserId');
    plan = new Map(book.length ? [[to, book]] : []);
  } else {
    const caps = await repo.capacities(ctx.db, workspaceId);
    const members = new Set((await listWorkspaceMembers(ctx, workspaceId)).map((m) => m.id));
    const chosen = input.among ?? [...caps.keys()].filter((id) => id !== leaverId && members.has(id));
    for (const id of chosen)
      if (!members.has(id)) throw invalidField('among', problem('not_a_member_id', { value: id }));
    const loads = await repo.bookLoads(ctx.db, liveCustomers(workspaceId));
    const recipients = chosen.map((userId) => ({
      userId,
      capacity: caps.get(userId) ?? 0,
      load: loads.get(userId) ?? 0,
    }));
    if (book.length && !recipients.some((r) => r.capacity > 0))
      throw invalidField('among', problem('nobody_to_spread'));
    const ordered = await repo.bookCustomers(
      ctx.db,
      { ...sources(workspaceId), openTasks: openTaskFacts(workspaceId) },
      { userId: leaverId, limit: 100_000, offset: 0 },
    );
    const rank = new Map(ordered.map((c, i) => [c.id, i]));
    const byValue = [...book].sort((a, b) => (rank.get(a) ?? 1e9) - (rank.get(b) ?? 1e9));
    plan = planSpread(byValue, recipients);
  }
  const reason = input.reason ?? null;
  return ctx.db.transaction(async (tx) => {
    let changed = 0;
    let tasksMoved = 0;
    const to: { userId: string | null; customers: number }[] = [];
    for (const [userId, ids] of plan) {
      const changes = await setAccountManager(tx, workspaceId, ids, userId, now);
      await repo.insertAssignments(
        tx,
        changes.map((c) => ({
          workspaceId,
          id: newId(),
          customerId: c.customerId,
          fromUserId: c.previous,
          toUserId: userId,
          at: now,
          by: v.label,
          reason,
        })),
      );
      changed += changes.length;
      to.push({ userId, customers: changes.length });
      tasksMoved += await moveOpenTasks(tx, workspaceId, {
        fromUserId: leaverId,
        toUserId: userId,
        customerIds: ids,
        now,
      });
    }
    const heir =
      input.mode === 'one' ? input.toUserId : [...plan.entries()].sort((a, b) => b[1].length - a[1].length)[0]?.[0];
    if (heir)
      tasksMoved += await moveRemainingOpenTasks(tx, workspaceId, { fromUserId: leaverId, toUserId: heir, now });
    return { changed, tasksMoved, to };
  });
}

export async function assignmentHistory(
  ctx: Ctx,
  workspaceId: string,
  v: Viewer,
  q: { customerId?: string; userId?: string; limit: number },
): Promise<AssignmentDto[]> {
  if (q.userId) assertMaySee(v, q.userId);
  else managers(v);
  const rows = await repo.listAssignments(ctx.db, workspaceId, q);
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customerId,
    fromUserId: r.fromUserId,
    toUserId: r.toUserId,
    at: r.at.toISOString(),
    by: r.by,
    reason: r.reason,
  }));
}

export function periodOf(now: Date, p: PeriodInput): { from: Date; to: Date } {
  const to = p.to ? new Date(`${p.to}T00:00:00Z`) : new Date(`${isoDay(now)}T00:00:00Z`);
  const from = p.from ? new Date(`${p.from}T00:00:00Z`) : addDays(to, -90);
  if (from >= to) throw invalidField('query.from', problem('period_order'));
  return { from, to };
}

function retentionDto(w: { from: Date; to: Date }, f: repo.BookFigures | undefined): RetentionDto {
  const figures = f ?? { base: 0, retained: 0, scored: 0, scoredRetained: 0, pSum: 0, pVar: 0 };
  return {
    from: isoDay(w.from),
    to: isoDay(w.to),
    base: figures.base,
    retained: figures.retained,
    scored: figures.scored,
    ...retentionVsExpected(figures),
  };
}

/** The KPIs of every book (owners, admins, managers) or of one person's (that person too). */
export async function bookKpis(
  ctx: Ctx,
  workspaceId: string,
  v: Viewer,
  p: PeriodInput & { userId?: string },
): Promise<BookKpisDto[]> {
  if (p.userId) assertMaySee(v, p.userId);
  else managers(v);
  const w = periodOf(ctx.now(), p);
  const s = sources(workspaceId);
  const [figures, nps, caps, members] = await Promise.all([
    repo.bookFigures(ctx.db, s, { ...w, userId: p.userId }),
    repo.bookNpsCounts(ctx.db, s.customers, surveyAnswerFacts(workspaceId, w.from, w.to)),
    repo.capacities(ctx.db, workspaceId),
    listWorkspaceMembers(ctx, workspaceId),
  ]);
  const names = new Map(members.map((m) => [m.id, m.name]));
  const ids = p.userId
    ? [p.userId]
    : [...new Set([...figures.map((f) => f.userId), ...[...caps.keys()].filter((id) => names.has(id))])];
  const byUser = new Map(figures.map((f) => [f.userId, f]));
  return ids
    .map((userId) => {
      const f = byUser.get(userId);
      const n = npsFromCounts(nps.get(userId) ?? { promoters: 0, passives: 0, detractors: 0 });
      return {
        userId,
        name: names.get(userId) ?? null,
        capacity: caps.get(userId) ?? null,
        customers: f?.customers ?? 0,
        predictedValueMinor: f?.predictedValueMinor ?? 0,
        atRisk: f?.atRisk ?? 0,
        expectedLossMinor: f?.expectedLossMinor ?? 0,
        retention: retentionDto(w, f),
        nps: { nps: n.nps, n: n.n, low: n.low, high: n.high },
      };
    })
    .sort((a, b) => b.predictedValueMinor - a.predictedValueMinor || a.userId.localeCompare(b.userId));
}

/** "My book": my KPIs and my customers by value at stake. */
export async function myBook(ctx: Ctx, workspaceId: string, v: Viewer, q: BookInput) {
  const userId = me(v);
  const [kpis] = await bookKpis(ctx, workspaceId, v, { from: q.from, to: q.to, userId });
  const rows = await repo.bookCustomers(
    ctx.db,
    { ...sources(workspaceId), openTasks: openTaskFacts(workspaceId) },
    { userId, limit: q.limit + 1, offset: q.offset },
  );
  return {
    kpis,
    customers: rows.slice(0, q.limit),
    nextOffset: rows.length > q.limit ? q.offset + q.limit : null,
  };
}

/** Retention figures of several people's books over a period (the people scoreboard). */
export async function bookRetentionOf(ctx: Ctx, workspaceId: string, w: { from: Date; to: Date }) {
  const figures = await repo.bookFigures(ctx.db, sources(workspaceId), w);
  return new Map(figures.map((f) => [f.userId, f]));
}

/** Whether any customer was ever assigned in this workspace (the demo loads books once). */
export const hasBookHistory = (ctx: Ctx, workspaceId: string): Promise<boolean> =>
  repo.hasAssignments(ctx.db, workspaceId);
