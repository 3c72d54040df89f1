// Owns proving the ledger: for every member, balance = Σ entries = Σ points left in lots − debt;
// every lot's remainder = earned − allocated; every redemption, expiry and reversal is covered
// exactly by lots of the same member; debts equal unpaid claw-backs.
import type { Db } from '../../db/client.ts';
import { checkCounts, ledgerViolations } from './loyalty.reports.repository.ts';

export type LedgerCheck = {
  ok: boolean;
  members: number;
  entries: number;
  overdueLots: number;
  violations: { customerId: string; problems: string[] }[];
};

export async function checkLedger(ctx: { db: Db; now: () => Date }, workspaceId: string): Promise<LedgerCheck> {
  const [counts, found] = await Promise.all([
    checkCounts(ctx.db, workspaceId, ctx.now()),
    ledgerViolations(ctx.db, workspaceId),
  ]);
  const byMember = new Map<string, string[]>();
  for (const v of found) byMember.set(v.customerId, [...(byMember.get(v.customerId) ?? []), v.problem]);
  return {
    ok: byMember.size === 0,
    ...counts,
    violations: [...byMember].map(([customerId, problems]) => ({ customerId, problems })),
  };
}
