// Wires the complaints domain to the domains it borrows from: revenue from commerce, goodwill
// points through the loyalty ledger (in the approval's own transaction, keyed by the
// compensation so a retry never pays twice) and the pyramid tier from the value engine's scores.
import type { Deps } from '../deps.ts';
import { customerNetRevenueMinor } from '../modules/commerce/index.ts';
import type { ComplaintHooks } from '../modules/complaints/index.ts';
import { postManualInTx } from '../modules/loyalty/index.ts';
import { pyramidTierOf } from './score-customers.ts';

const YEAR = 365 * 86_400_000;

export function complaintHooks(
  deps: Pick<Deps, 'db' | 'now'>,
  overrides: Partial<ComplaintHooks> = {},
): ComplaintHooks {
  return {
    tierOf: (workspaceId, customerId) => pyramidTierOf(deps.db, workspaceId, customerId),
    revenue12mOf: (workspaceId, customerId, now) =>
      customerNetRevenueMinor(deps.db, workspaceId, customerId, new Date(now.getTime() - YEAR), now),
    postGoodwillPoints: async (tx, g) => {
      const reason = `Complaint ${g.reference}${g.note ? `: ${g.note}` : ''}`.slice(0, 500);
      await postManualInTx(
        tx,
        deps,
        g.workspaceId,
        g.customerId,
        'compensation',
        { points: g.points, reason, idempotencyKey: `complaint-compensation:${g.compensationId}` },
        null,
      );
    },
    ...overrides,
  };
}
