// The tasks domain's part of a customer merge, run by src/workflows/merge-customers.ts in the
// merge's one transaction: work on the merged customer (open or done) becomes work on the survivor.
import type { Db } from '../../db/client.ts';
import type { Reassigned } from '../../db/reassign.ts';
import { moveTasks } from './tasks.merge.repository.ts';

export async function reassignCustomer(tx: Db, workspaceId: string, fromId: string, toId: string): Promise<Reassigned> {
  return { tasks: await moveTasks(tx, workspaceId, fromId, toId) };
}
