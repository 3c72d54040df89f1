// Owns turning recorded transactions into ledger entries: a purchase earns once (key
// earn:<transaction id>) with its rule breakdown; a return takes back what its purchase earned,
// cumulatively exact across partial returns, and claws back spent points per the program's
// policy. Called by the earning workflow with plain facts, inside the batch's transaction.
import type { EarningFactRow } from '../commerce/index.ts';
import { addDays, addMonths } from '../../lib/dates.ts';
import type { Ctx } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { parseDecimal, formatFraction, fraction, add, type Fraction } from '../../lib/decimal.ts';
import { recordEvents } from '../events/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import { type LedgerRequest, postLedger } from './loyalty.ledger.ts';
import { continuedLots } from './loyalty.transfer.ts';
import { evaluateLevels } from './loyalty.levels.ts';
import { coveredByQueue } from './loyalty.queue.sources.ts';
import { type AccountRow } from './loyalty.repository.ts';
import { earnEntriesOf, reversalHistory } from './loyalty.ledger.repository.ts';
import { listLevelRows, promotionsBetween } from './loyalty.program.repository.ts';
import { lockOrEnrol } from './loyalty.accounts.repository.ts';
import { findProgram } from './loyalty.sources.ts';
import {
  computeEarn,
  computeReversal,
  currencyDigits,
  type EarnBreakdown,
  type EarnPromotion,
} from './loyalty.rules.ts';

/** What earning needs of a transaction: commerce's earning fact, declared once there (earningFacts). */
export type EarnFact = EarningFactRow;

/** Internal pyramid tier per customer; supplied by the workflow (analytics), never shown to customers. */
export type TierLookup = (db: Db, workspaceId: string, customerIds: string[]) => Promise<Map<string, string>>;
export type TagLookup = (db: Db, workspaceId: string, customerIds: string[]) => Promise<Map<string, string[]>>;
export const noTiers: TierLookup = async () => new Map();

export type EarnOutcome = {
  /** Returns whose purchase is still waiting in the queue: try again a little later. */
  deferred: string[];
  /** Second returns of one purchase in the same batch: try again at once, after the first. */
  again: string[];
  earned: number;
  reversed: number;
};

/**
 * Earns and reverses for a batch of transactions (already earned ones are skipped by their keys).
 * `claimedRanges`: the queue ranges being worked on, which do not count as "still queued".
 */
export async function applyEarnings(
  tx: Db,
  ctx: Ctx,
  workspaceId: string,
  facts: EarnFact[],
  lookups: { tierOf: TierLookup; tagsOf: TagLookup },
  claimedRanges: string[] = [],
): Promise<EarnOutcome> {
  const outcome: EarnOutcome = { deferred: [], again: [], earned: 0, reversed: 0 };
  const program = await findProgram(tx, workspaceId);
  if (!program || program.status !== 'active' || facts.length === 0) return outcome;
  const now = ctx.now();
  const customerIds = [...new Set(facts.map((f) => f.customerId))].sort();
  // Lock every member of the batch once, in id order, before any posting (no lock-order cycles).
  const accounts = new Map((await lockOrEnrol(tx, workspaceId, customerIds, now)).map((a) => [a.customerId, a]));

  const purchases = facts.filter((f) => f.kind === 'purchase');
  const eligible = purchases.filter((f) => !program.earnFrom || f.occurredAt >= program.earnFrom);
  outcome.earned = await earnPurchases(tx, ctx, program, eligible, accounts, lookups);

  const returns = facts.filter((f) => f.kind === 'return');
  const r = await reverseReturns(tx, ctx, program, returns, claimedRanges);
  outcome.reversed = r.reversed;
  outcome.deferred.push(...r.deferred);
  outcome.again.push(...r.again);

  await evaluateLevels(tx, ctx, program, customerIds, false);
  return outcome;
}

async function earnPurchases(
  tx: Db,
  ctx: Ctx,
  program: NonNullable<Awaited<ReturnType<typeof findProgram>>>,
  purchases: EarnFact[],
  accounts: Map<string, AccountRow>,
  lookups: { tierOf: TierLookup; tagsOf: TagLookup },
): Promise<number> {
  if (purchases.length === 0) return 0;
  const workspaceId = program.workspaceId;
  const customerIds = [...new Set(purchases.map((p) => p.customerId))];
  const times = purchases.map((p) => p.occurredAt.getTime());
  // Sequential: these run on the batch's one transaction connection.
  const workspace = await getWorkspace({ db: tx, now: ctx.now }, workspaceId);
  const levels = await listLevelRows(tx, workspaceId);
  const promotionRows = await promotionsBetween(
    tx,
    workspaceId,
    new Date(Math.min(...times)),
    new Date(Math.max(...times)),
  );
  const tiers = await lookups.tierOf(tx, workspaceId, customerIds);
  const tags = await lookups.tagsOf(tx, workspaceId, customerIds);
  const promotions: EarnPromotion[] = promotionRows.map((p) => ({ ...p }));
  const rules = {
    pointsPerUnit: program.pointsPerUnit,
    rounding: program.rounding,
    multipliers: program.multipliers,
    currencyDigits: currencyDigits(workspace.currency),
  };
  const requests: LedgerRequest[] = [];
  for (const p of purchases) {
    const level = levels.find((l) => l.id === accounts.get(p.customerId)?.levelId) ?? null;
    const breakdown = computeEarn(
      rules,
      { occurredAt: p.occurredAt, channel: p.channel, lines: p.lines },
      { level, tier: tiers.get(p.customerId) ?? null, tags: tags.get(p.customerId) ?? [] },
      promotions,
    );
    if (breakdown.points <= 0) continue;
    requests.push({
      customerId: p.customerId,
      kind: 'earn',
      key: `earn:${p.id}`,
      occurredAt: p.occurredAt,
      transactionId: p.id,
      spendMinor: breakdown.eligibleMinor,
      breakdown: breakdown as unknown as Record<string, unknown>,
      spec: {
        op: 'credit',
        points: breakdown.points,
        availableAt: addDays(p.occurredAt, program.pendingDays),
        expiresAt: program.expiryMonths ? addMonths(p.occurredAt, program.expiryMonths) : null,
      },
    });
  }
  const results = await postLedger(tx, ctx, workspaceId, requests);
  const created = results.filter((r) => r.status === 'created' && r.entry);
  await recordEvents(
    tx,
    ctx,
    workspaceId,
    created.map((r) => {
      const e = r.entry as NonNullable<typeof r.entry>;
      return {
        type: 'loyalty.points_earned',
        customerId: e.customerId,
        summary: `Earned ${e.points} ${program.pointsUnit} on a purchase`,
        payload: { entryId: e.id, transactionId: e.transactionId, points: e.points },
        occurredAt: e.occurredAt,
      };
    }),
  );
  return created.reduce((s, r) => s + (r.entry?.points ?? 0), 0);
}

async function reverseReturns(
  tx: Db,
  ctx: Ctx,
  program: NonNullable<Awaited<ReturnType<typeof findProgram>>>,
  returns: EarnFact[],
  claimedRanges: string[],
): Promise<{ deferred: string[]; again: string[]; reversed: number }> {
  const out = { deferred: [] as string[], again: [] as string[], reversed: 0 };
  if (returns.length === 0) return out;
  const workspaceId = program.workspaceId;
  const originalIds = [...new Set(returns.flatMap((r) => (r.originalTransactionId ? [r.originalTransactionId] : [])))];
  const earns = await earnEntriesOf(tx, workspaceId, originalIds);
  const waiting = await coveredByQueue(
    tx,
    workspaceId,
    originalIds.filter((id) => !earns.has(id)),
    claimedRanges,
  );
  // A purchase whose member was merged into another earned into a lot that was transferred: the
  // return takes back from the lot that continues it, and counts what was spent from either.
  const earnIds = [...earns.values()].map((e) => e.id);
  const continued = await continuedLots(tx, workspaceId, earnIds);
  const history = await reversalHistory(tx, workspaceId, [...earnIds, ...[...continued.values()].flat()]);
  // Claw-backs name the lot they took from, so they are counted along the chain too.
  const alongChain = (earnId: string, key: 'spentOnRewards' | 'clawedBack') =>
    [earnId, ...(continued.get(earnId) ?? [])].reduce((s, id) => s + (history.get(id)?.[key] ?? 0), 0);
  const requests: LedgerRequest[] = [];
  const seenOriginal = new Set<string>();
  for (const r of returns) {
    const original = r.originalTransactionId;
    const earn = original ? earns.get(original) : undefined;
    if (original && !earn && waiting.has(original)) {
      out.deferred.push(r.id);
      continue;
    }
    if (!original || !earn) continue; // its purchase never earned: nothing to take back
    if (seenOriginal.has(original)) {
      out.again.push(r.id); // a second return of one purchase waits, so each sees the one before
      continue;
    }
    seenOriginal.add(original);
    const h = history.get(earn.id);
    const previously = {
      reversedPoints: h?.reversedPoints ?? 0,
      returnedWeighted: (h?.returnedWeighted ?? []).reduce<Fraction>(
        (acc, w) => add(acc, parseDecimal(w)),
        fraction(0),
      ),
    };
    const returned = r.lines.map((l) => ({ sku: l.sku, amountMinor: Math.abs(l.totalMinor) }));
    const rev = computeReversal(
      { points: earn.points, breakdown: earn.breakdown as unknown as Pick<EarnBreakdown, 'lines'> },
      previously,
      returned,
    );
    const clawable = Math.max(0, alongChain(earn.id, 'spentOnRewards') - alongChain(earn.id, 'clawedBack'));
    const returnedMinor = returned.reduce((s, l) => s + l.amountMinor, 0);
    requests.push({
      customerId: r.customerId,
      kind: 'reversal',
      key: `reverse:${r.id}`,
      occurredAt: r.occurredAt,
      transactionId: r.id,
      reversesEntryId: earn.id,
      spendMinor: -returnedMinor,
      breakdown: {
        earnEntryId: earn.id,
        originalTransactionId: original,
        earned: earn.points,
        target: rev.target,
        taken: rev.points,
        returnedMinor,
        returnedWeighted: formatFraction(rev.returnedWeighted, 20),
        cumulativeWeighted: formatFraction(rev.cumulativeWeighted, 20),
        policy: program.clawback,
      },
      spec: {
        op: 'reverse',
        lotEntryId: continued.get(earn.id)?.at(-1) ?? earn.id,
        points: rev.points,
        clawback:
          program.clawback === 'claw_back'
            ? {
                key: `clawback:${r.id}`,
                clawable,
                breakdown: { earnEntryId: earn.id, returnTransactionId: r.id },
              }
            : null,
      },
    });
  }
  const results = await postLedger(tx, ctx, workspaceId, requests);
  const events: Parameters<typeof recordEvents>[3] = [];
  for (const res of results) {
    if (res.status !== 'created' || !res.entry) continue;
    const e = res.entry;
    const claw = res.clawback ? -res.clawback.points : 0;
    out.reversed += -e.points + claw;
    events.push({
      type: 'loyalty.points_reversed',
      customerId: e.customerId,
      summary:
        claw > 0
          ? `${-e.points + claw} ${program.pointsUnit} taken back for a return (${claw} already spent, clawed back)`
          : `${-e.points} ${program.pointsUnit} taken back for a return`,
      payload: {
        entryId: e.id,
        transactionId: e.transactionId,
        points: e.points,
        clawedBack: claw,
        clawbackEntryId: res.clawback?.id ?? null,
      },
      occurredAt: e.occurredAt,
    });
  }
  await recordEvents(tx, ctx, workspaceId, events);
  return out;
}
