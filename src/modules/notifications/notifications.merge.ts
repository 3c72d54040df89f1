// The notifications domain's part of a customer merge, run by src/workflows/merge-customers.ts in the
// merge's one transaction: the merged customer's notifications (sent or waiting) move to the survivor; a waiting one goes to
// the survivor's address under the survivor's consents.
import type { Db } from '../../db/client.ts';
import type { Reassigned } from '../../db/reassign.ts';
import { moveNotifications } from './notifications.merge.repository.ts';

export async function reassignCustomer(tx: Db, workspaceId: string, fromId: string, toId: string): Promise<Reassigned> {
  return {
    notifications: await moveNotifications(tx, workspaceId, fromId, toId),
  };
}
