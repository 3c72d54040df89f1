// The privacy domain's part of a customer merge, run by src/workflows/merge-customers.ts in the
// merge's one transaction: a data-subject request is the person's, so it follows them to the survivor.
import type { Db } from '../../db/client.ts';
import { type Reassigned, reassignCustomerRows } from '../../db/reassign.ts';
import { privacyRequests } from './privacy.schema.ts';

export async function reassignCustomer(tx: Db, workspaceId: string, fromId: string, toId: string): Promise<Reassigned> {
  return { privacy_requests: await reassignCustomerRows(tx, privacyRequests, workspaceId, fromId, toId) };
}
