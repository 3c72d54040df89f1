// Owns membership levels over time: a member qualifies by points earned (or spend) in a rolling
// period. Upgrades apply at once; a member who falls short keeps the level until the review date,
// then through a grace period if the program has one, and is then moved to the level the period
// supports. Every change is a domain event. Distinct from the internal pyramid tier.
import { addMonths } from '../../lib/dates.ts';
import type { Ctx } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { isolateFailures } from '../../lib/isolate.ts';
import { yieldToEventLoop } from '../../lib/yield.ts';
import type { Logger } from '../../logger.ts';
import { recordEvents } from '../events/index.ts';
import { type AccountRow, type LevelRow, type ProgramRow } from './loyalty.repository.ts';
import { dueForReview, lockAccounts, qualifyingValues, updateAccountLevels } from './loyalty.accounts.repository.ts';
import { listLevelRows } from './loyalty.program.repository.ts';
import { findProgram } from './loyalty.sources.ts';

type ClockCtx = Pick<Ctx, 'now'>;
export type LevelState = {
  levelId: string | null;
  levelSince: Date | null;
  reviewAt: Date | null;
  graceUntil: Date | null;
};
export type LevelDecision = LevelState & {
  change?: { from: LevelRow | null; to: LevelRow | null };
  graceStarted?: boolean;
};

/** The highest level whose threshold the value reaches (levels sorted by rank ascending). */
export function qualifiedLevel(levels: LevelRow[], value: number): LevelRow | null {
  let best: LevelRow | null = null;
  for (const l of levels) if (value >= l.threshold && (!best || l.rank > best.rank)) best = l;
  return best;
}

/**
 * Pure: the member's level after looking at its qualifying value now. `review` also applies the
 * downgrade path when the review date has come; otherwise only upgrades (and requalification
 * during grace) happen.
 */
export function decideLevel(
  levels: LevelRow[],
  state: LevelState,
  value: number,
  now: Date,
  program: { qualificationMonths: number; graceMonths: number },
  review: boolean,
): LevelDecision {
  const current = levels.find((l) => l.id === state.levelId) ?? null;
  const target = qualifiedLevel(levels, value);
  const rank = (l: LevelRow | null) => (l ? l.rank : -1);
  const nextReview = addMonths(now, program.qualificationMonths);
  if (rank(target) > rank(current))
    return {
      levelId: target?.id ?? null,
      levelSince: now,
      reviewAt: nextReview,
      graceUntil: null,
      change: { from: current, to: target },
    };
  const due = state.reviewAt === null || state.reviewAt <= now;
  if (rank(target) === rank(current)) {
    // Requalified: in grace, or at the review date, the period starts again.
    if (state.graceUntil || (review && due)) return { ...state, reviewAt: nextReview, graceUntil: null };
    return state;
  }
  if (!review || !due) return state;
  if (program.graceMonths > 0 && !state.graceUntil) {
    const graceUntil = addMonths(state.reviewAt ?? now, program.graceMonths);
    if (graceUntil > now) return { ...state, reviewAt: graceUntil, graceUntil, graceStarted: true };
  }
  return {
    levelId: target?.id ?? null,
    levelSince: now,
    reviewAt: nextReview,
    graceUntil: null,
    change: { from: current, to: target },
  };
}

/**
 * Re-evaluates members' levels (their accounts must exist); locks their accounts, so callers in a
 * posting transaction keep their lock order. Returns how many changed level.
 */
export async function evaluateLevels(
  tx: Db,
  ctx: ClockCtx,
  program: ProgramRow,
  customerIds: string[],
  review: boolean,
): Promise<number> {
  if (customerIds.length === 0) return 0;
  const workspaceId = program.workspaceId;
  const levels = await listLevelRows(tx, workspaceId);
  const accounts: AccountRow[] = await lockAccounts(tx, workspaceId, [...new Set(customerIds)].sort());
  const now = ctx.now();
  if (levels.length === 0) {
    const stale = accounts.filter((a) => a.levelId !== null || a.reviewAt === null || a.reviewAt <= now);
    await updateAccountLevels(
      tx,
      workspaceId,
      stale.map((a) => ({
        customerId: a.customerId,
        levelId: null,
        levelSince: null,
        reviewAt: addMonths(now, program.qualificationMonths),
        graceUntil: null,
      })),
      now,
    );
    return 0;
  }
  const values = await qualifyingValues(
    tx,
    workspaceId,
    accounts.map((a) => a.customerId),
    addMonths(now, -program.qualificationMonths),
    program.levelBasis,
  );
  const updates: Parameters<typeof updateAccountLevels>[2] = [];
  const events: Parameters<typeof recordEvents>[3] = [];
  for (const a of accounts) {
    const d = decideLevel(levels, a, values.get(a.customerId) ?? 0, now, program, review);
    const same =
      d.levelId === a.levelId &&
      d.levelSince?.getTime() === a.levelSince?.getTime() &&
      d.reviewAt?.getTime() === a.reviewAt?.getTime() &&
      d.graceUntil?.getTime() === a.graceUntil?.getTime();
    if (same) continue;
    updates.push({
      customerId: a.customerId,
      levelId: d.levelId,
      levelSince: d.levelSince,
      reviewAt: d.reviewAt,
      graceUntil: d.graceUntil,
    });
    if (d.change) {
      const up = (d.change.to?.rank ?? -1) > (d.change.from?.rank ?? -1);
      events.push({
        type: 'loyalty.level_changed',
        customerId: a.customerId,
        summary: d.change.from
          ? `Membership level ${d.change.from.name} → ${d.change.to?.name ?? 'none'}`
          : `Joined at the ${d.change.to?.name} level`,
        payload: {
          from: d.change.from && { id: d.change.from.id, name: d.change.from.name },
          to: d.change.to && { id: d.change.to.id, name: d.change.to.name },
          direction: up ? 'up' : 'down',
          qualifying: values.get(a.customerId) ?? 0,
          basis: program.levelBasis,
        },
      });
    } else if (d.graceStarted) {
      const level = levels.find((l) => l.id === a.levelId);
      events.push({
        type: 'loyalty.level_grace_started',
        customerId: a.customerId,
        summary: `Keeps the ${level?.name} level until ${d.graceUntil?.toISOString().slice(0, 10)} (grace period)`,
        payload: {
          levelId: a.levelId,
          graceUntil: d.graceUntil?.toISOString(),
          qualifying: values.get(a.customerId) ?? 0,
        },
      });
    }
  }
  await updateAccountLevels(tx, workspaceId, updates, now);
  await recordEvents(tx, ctx, workspaceId, events);
  return events.filter((e) => e.type === 'loyalty.level_changed').length;
}

/**
 * The scheduled review: members whose review date has come (or who never had one) are
 * requalified, put in grace or moved down, a bounded batch per transaction, in id order. A
 * member who cannot be reviewed does not hold up the others: a failed batch is reviewed again in
 * halves; one who fails alone is logged, passed over, and reviewed again by the next run.
 */
export async function runRequalification(
  ctx: ClockCtx & { db: Db; log?: Logger },
  workspaceId: string,
  options: { batchSize?: number; maxBatches?: number; until?: number; signal?: AbortSignal } = {},
): Promise<{ reviewed: number; changed: number }> {
  const total = { reviewed: 0, changed: 0 };
  let after: string | undefined;
  const review = (ids: string[] | ((tx: Db) => Promise<string[]>)) =>
    ctx.db.transaction(async (tx) => {
      const program = await findProgram(tx, workspaceId);
      if (!program) return { ids: [], changed: 0 };
      const chosen = typeof ids === 'function' ? await ids(tx) : ids;
      return { ids: chosen, changed: await evaluateLevels(tx, ctx, program, chosen, true) };
    });
  for (let i = 0; i < (options.maxBatches ?? 1000); i++) {
    await yieldToEventLoop();
    if (options.signal?.aborted || (options.until !== undefined && Date.now() >= options.until)) break;
    const due = (db: Db) => dueForReview(db, workspaceId, ctx.now(), after, options.batchSize ?? 1000);
    let batch: string[];
    try {
      const r = await review(due);
      total.changed += r.changed;
      batch = r.ids;
    } catch (err) {
      ctx.log?.warn(
        { err, workspaceId },
        'a loyalty level review batch failed; reviewing its members in smaller pieces',
      );
      batch = await due(ctx.db);
      await isolateFailures(
        batch,
        async (piece) => {
          total.changed += (await review(piece)).changed;
        },
        async (customerId, e) =>
          ctx.log?.error(
            { err: e, workspaceId, customerId },
            'a member’s loyalty level could not be reviewed; the next run tries again',
          ),
      );
    }
    total.reviewed += batch.length;
    if (batch.length < (options.batchSize ?? 1000)) break;
    after = batch.at(-1);
  }
  return total;
}
