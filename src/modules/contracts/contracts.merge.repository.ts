// The contracts domain's part of a customer merge (called by src/workflows/merge-customers.ts in
// the merge's one transaction): contracts move to the surviving customer.
import type { Db } from '../../db/client.ts';
import { type Reassigned, reassignCustomerRows } from '../../db/reassign.ts';
import { contracts } from './contracts.schema.ts';

export async function reassignCustomer(tx: Db, workspaceId: string, fromId: string, toId: string): Promise<Reassigned> {
  return { contracts: await reassignCustomerRows(tx, contracts, workspaceId, fromId, toId) };
}
