// The complaints domain's part of a customer merge (called by src/workflows/merge-customers.ts in
// the merge's one transaction): complaints and their compensations move to the surviving customer.
import type { Db } from '../../db/client.ts';
import { type Reassigned, reassignCustomerRows } from '../../db/reassign.ts';
import { complaintCompensations, complaints } from './complaints.schema.ts';

export async function reassignCustomer(tx: Db, workspaceId: string, fromId: string, toId: string): Promise<Reassigned> {
  return {
    complaints: await reassignCustomerRows(tx, complaints, workspaceId, fromId, toId),
    complaint_compensations: await reassignCustomerRows(tx, complaintCompensations, workspaceId, fromId, toId),
  };
}
