// The notifications domain's part of a customer merge (called by src/workflows/merge-customers.ts in
// the merge's one transaction): notifications (sent or waiting) move to the surviving customer; a waiting one is sent to the survivor's address under the survivor's consents.
import type { Db } from '../../db/client.ts';
import { type Reassigned, reassignCustomerRows } from '../../db/reassign.ts';
import { notifications } from './notifications.schema.ts';

export async function reassignCustomer(tx: Db, workspaceId: string, fromId: string, toId: string): Promise<Reassigned> {
  return { notifications: await reassignCustomerRows(tx, notifications, workspaceId, fromId, toId) };
}
