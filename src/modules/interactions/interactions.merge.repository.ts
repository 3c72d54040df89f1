// The interactions domain's part of a customer merge (called by src/workflows/merge-customers.ts in
// the merge's one transaction): interactions move to the surviving customer.
import type { Db } from '../../db/client.ts';
import { type Reassigned, reassignCustomerRows } from '../../db/reassign.ts';
import { interactions } from './interactions.schema.ts';

export async function reassignCustomer(tx: Db, workspaceId: string, fromId: string, toId: string): Promise<Reassigned> {
  return { interactions: await reassignCustomerRows(tx, interactions, workspaceId, fromId, toId) };
}
