// The events domain's part of a customer merge, run by src/workflows/merge-customers.ts in the
// merge's one transaction: the merged customer's events move to the survivor, so its timeline shows both histories (events
// already delivered to webhooks named the old id).
import type { Db } from '../../db/client.ts';
import type { Reassigned } from '../../db/reassign.ts';
import { moveEvents } from './events.merge.repository.ts';

export async function reassignCustomer(tx: Db, workspaceId: string, fromId: string, toId: string): Promise<Reassigned> {
  return {
    domain_events: await moveEvents(tx, workspaceId, fromId, toId),
  };
}
