// The value engine's part of a customer merge, run by src/workflows/merge-customers.ts in the
// merge's one transaction. Scores are derived: the merged customer's row is dropped and the next
// scoring run rescores the survivor from the merged history (its transactions, complaints and
// interactions have moved). The tier history (customer_tier_changes) pins the merged customer: it
// is the history of one scored record, each change from the tier before; two records' changes
// interleaved would not be a history, and the survivor's tier is explained by its own latest
// change. Its `customer.tier_changed` events move with the timeline (events).
import type { Db } from '../../db/client.ts';
import type { Reassigned } from '../../db/reassign.ts';
import { dropScores } from './analytics.merge.repository.ts';

/** Tables whose rows stay with the merged customer. */
export const mergePinnedTables = ['customer_tier_changes'] as const;

export async function reassignCustomer(tx: Db, workspaceId: string, fromId: string): Promise<Reassigned> {
  return { customer_scores_dropped: await dropScores(tx, workspaceId, fromId) };
}
