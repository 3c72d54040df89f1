// The bond index's step in a scoring run (src/workflows/score-customers.ts): one set-based read of
// every live customer's inputs, the pure index (bonds.model.ts) over them, bulk upserts in bounded
// batches, and the scores of customers no longer live dropped. bench/bonds.ts measures it.
import type { Ctx } from '../../deps.ts';
import { type BondSettings, bondScore, switchingCosts } from './bonds.model.ts';
import { dropStaleScores, type InputRow, readInputs, type ScoreRow, upsertScores } from './bonds.scores.repository.ts';
import { loadBondSettings } from './bonds.settings.ts';

const BATCH = 5000;

export type BondRunOutcome = { scored: number; dropped: number; ms: number; readMs: number; writeMs: number };

export function scoreRow(workspaceId: string, input: InputRow, settings: BondSettings, at: Date): ScoreRow {
  const s = bondScore(input, settings);
  const costs = switchingCosts(input);
  return {
    workspaceId,
    customerId: input.customerId,
    bondIndex: s.index,
    social: s.components.social,
    customisation: s.components.customisation,
    structural: s.components.structural,
    financial: s.components.financial,
    continuity: s.continuity,
    switchingCostMinor: costs.totalMinor,
    pointsBalance: costs.pointsBalance,
    pendingVouchers: costs.pendingVouchers,
    computedAt: at,
  };
}

/** Scores every live customer of the workspace; idempotent (a rerun overwrites with the same values). */
export async function scoreBonds(ctx: Ctx, workspaceId: string): Promise<BondRunOutcome> {
  const started = performance.now();
  const at = ctx.now();
  const settings = await loadBondSettings(ctx.db, workspaceId);
  const inputs = await readInputs(ctx.db, workspaceId, at);
  const read = performance.now();
  for (let i = 0; i < inputs.length; i += BATCH)
    await upsertScores(
      ctx.db,
      inputs.slice(i, i + BATCH).map((input) => scoreRow(workspaceId, input, settings, at)),
    );
  const dropped = await dropStaleScores(ctx.db, workspaceId, at);
  const done = performance.now();
  return {
    scored: inputs.length,
    dropped,
    ms: Math.round(done - started),
    readMs: Math.round(read - started),
    writeMs: Math.round(done - read),
  };
}
