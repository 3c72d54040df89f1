// The bonds domain's part of a customer merge, run by src/workflows/merge-customers.ts in the
// merge's one transaction: recorded bonds (relationships, preferences, structural ties) move to the
// survivor; the stored index is derived, so the merged customer's row is dropped and the next
// scoring run scores the survivor from the merged records.
import type { Db } from '../../db/client.ts';
import type { Reassigned } from '../../db/reassign.ts';
import { moveRecords } from './bonds.records.repository.ts';
import { dropScore } from './bonds.scores.repository.ts';

export async function reassignCustomer(tx: Db, workspaceId: string, fromId: string, toId: string): Promise<Reassigned> {
  return {
    ...(await moveRecords(tx, workspaceId, fromId, toId)),
    bond_scores_dropped: await dropScore(tx, workspaceId, fromId),
  };
}
