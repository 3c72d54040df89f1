// The commerce domain's part of a customer merge, run by src/workflows/merge-customers.ts in the
// merge's one transaction: the merged customer's transactions move to the survivor (its value history is the sum of both).
import type { Db } from '../../db/client.ts';
import type { Reassigned } from '../../db/reassign.ts';
import { moveTransactions } from './commerce.merge.repository.ts';

export async function reassignCustomer(tx: Db, workspaceId: string, fromId: string, toId: string): Promise<Reassigned> {
  return {
    transactions: await moveTransactions(tx, workspaceId, fromId, toId),
  };
}
