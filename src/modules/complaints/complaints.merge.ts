// The complaints domain's part of a customer merge, run by src/workflows/merge-customers.ts in the
// merge's one transaction: the merged customer's complaints and their compensations move to the survivor.
import type { Db } from '../../db/client.ts';
import type { Reassigned } from '../../db/reassign.ts';
import { moveComplaints, moveCompensations } from './complaints.merge.repository.ts';

export async function reassignCustomer(tx: Db, workspaceId: string, fromId: string, toId: string): Promise<Reassigned> {
  return {
    complaints: await moveComplaints(tx, workspaceId, fromId, toId),
    complaint_compensations: await moveCompensations(tx, workspaceId, fromId, toId),
  };
}
