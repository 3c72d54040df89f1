// The commerce domain's part of a customer merge (called by src/workflows/merge-customers.ts in
// the merge's one transaction): transactions move to the surviving customer (its value history is the sum of both).
import type { Db } from '../../db/client.ts';
import { type Reassigned, reassignCustomerRows } from '../../db/reassign.ts';
import { transactions } from './commerce.schema.ts';

export async function reassignCustomer(tx: Db, workspaceId: string, fromId: string, toId: string): Promise<Reassigned> {
  return { transactions: await reassignCustomerRows(tx, transactions, workspaceId, fromId, toId) };
}
