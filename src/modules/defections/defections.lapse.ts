// Owns the lapsed state of non-contractual customers: after a scoring run, a customer whose
// P(alive) is under the workspace threshold is lapsed (with a `customer.lapsed` event), and one
// whose P(alive) rose back to or over it is not any more. A customer with a confirmed defection
// is never marked lapsed: the register keeps a model's guess apart from a fact.
// Safe to repeat and to run on two workers: inserts skip existing rows and only the rows a call
// changed are announced. The caller feeds bounded batches; a batch that fails is retried one
// customer at a time, and a customer that fails on their own is logged and passed.
import type { Ctx as BaseCtx } from '../../deps.ts';
import { failureText } from '../../lib/failure.ts';
import type { Logger } from '../../logger.ts';
import { recordEvents } from '../events/index.ts';
import { defectedAmong, deleteLapses, insertLapses, lapsesAmong } from './defections.repository.ts';
import { ensureTaxonomy } from './defections.taxonomy.ts';

type Ctx = BaseCtx & { log?: Logger };

export type PAliveScore = { customerId: string; pAlive: number };
export type LapseOutcome = { lapsed: number; recovered: number; failed: number };

async function applyBatch(ctx: Ctx, workspaceId: string, threshold: number, scores: PAliveScore[]) {
  return ctx.db.transaction(async (tx) => {
    const ids = scores.map((s) => s.customerId);
    const [defected, lapsed] = await Promise.all([
      defectedAmong(tx, workspaceId, ids),
      lapsesAmong(tx, workspaceId, ids),
    ]);
    const now = ctx.now();
    const toLapse = scores.filter(
      (s) => s.pAlive < threshold && !defected.has(s.customerId) && !lapsed.has(s.customerId),
    );
    const toRecover = scores
      .filter((s) => lapsed.has(s.customerId) && (s.pAlive >= threshold || defected.has(s.customerId)))
      .map((s) => s.customerId);
    const inserted = await insertLapses(
      tx,
      toLapse.map((s) => ({ workspaceId, customerId: s.customerId, pAlive: s.pAlive, lapsedAt: now })),
    );
    const recovered = await deleteLapses(tx, workspaceId, toRecover);
    if (inserted.length)
      await recordEvents(
        tx,
        ctx,
        workspaceId,
        inserted.map((r) => ({
          type: 'customer.lapsed',
          customerId: r.customerId,
          summary: `Customer lapsed: chance still active ${Math.round(r.pAlive * 100)}%`,
          occurredAt: now,
          payload: { pAlive: r.pAlive, threshold },
        })),
      );
    return { lapsed: inserted.length, recovered: recovered.length, failed: 0 };
  });
}

/** Applies one bounded batch of scores (a few hundred customers) to the lapsed state. */
export async function applyLapses(ctx: Ctx, workspaceId: string, scores: PAliveScore[]): Promise<LapseOutcome> {
  const { lapseThreshold } = await ensureTaxonomy(ctx.db, workspaceId);
  const valid = scores.filter((s) => Number.isFinite(s.pAlive));
  try {
    return await applyBatch(ctx, workspaceId, lapseThreshold, valid);
  } catch (err) {
    ctx.log?.warn({ workspaceId, err: failureText(err) }, 'lapse batch failed; retrying one customer at a time');
  }
  const total: LapseOutcome = { lapsed: 0, recovered: 0, failed: scores.length - valid.length };
  for (const score of valid) {
    try {
      const r = await applyBatch(ctx, workspaceId, lapseThreshold, [score]);
      total.lapsed += r.lapsed;
      total.recovered += r.recovered;
    } catch (err) {
      total.failed++;
      ctx.log?.warn({ workspaceId, customerId: score.customerId, err: failureText(err) }, 'lapse marking failed');
    }
  }
  return total;
}
