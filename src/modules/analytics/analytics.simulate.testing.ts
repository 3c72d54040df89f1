// Simulated value-engine scores for benchmarks and tests that need customers with a tier and RFM
// scores but no purchase history to score them from (the churn benchmark's wide book). Rows go in
// as a scoring run would leave them, without P(alive) or CLV: customers without a running
// contract are not given a purchase-based risk from them.
import type { Db } from '../../db/client.ts';
import { insertUnnest } from '../../db/bulk.ts';
import { newId } from '../../ids.ts';
import { customerScores, type PyramidTier } from './analytics.schema.ts';

export type SimulatedScore = { customerId: string; tier: PyramidTier; rScore: number; fScore: number; mScore: number };

export async function insertSimulatedScores(db: Db, workspaceId: string, rows: SimulatedScore[]): Promise<void> {
  const runId = newId();
  await insertUnnest(
    db,
    customerScores,
    rows.map((r) => ({
      workspaceId,
      runId,
      customerId: r.customerId,
      frequency: 0,
      monetaryMinor: 0,
      tenureDays: 0,
      revenueMinor: 0,
      grossMarginMinor: 0,
      interactionCostMinor: 0,
      complaintCostMinor: 0,
      rewardCostMinor: 0,
      costToServeMinor: 0,
      netProfitMinor: 0,
      historicalClvMinor: 0,
      rScore: r.rScore,
      fScore: r.fScore,
      mScore: r.mScore,
      tier: r.tier,
    })),
  );
}
