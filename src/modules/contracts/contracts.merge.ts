// The contracts domain's part of a customer merge, run by src/workflows/merge-customers.ts in the
// merge's one transaction: the merged customer's contracts move to the survivor.
import type { Db } from '../../db/client.ts';
import type { Reassigned } from '../../db/reassign.ts';
import { moveContracts } from './contracts.merge.repository.ts';

export async function reassignCustomer(tx: Db, workspaceId: string, fromId: string, toId: string): Promise<Reassigned> {
  return {
    contracts: await moveContracts(tx, workspaceId, fromId, toId),
  };
}
