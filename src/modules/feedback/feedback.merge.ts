// The feedback domain's part of a customer merge, run by src/workflows/merge-customers.ts in the
// merge's one transaction: the merged customer's compliments and notes become the survivor's.
import type { Db } from '../../db/client.ts';
import { type Reassigned, reassignCustomerRows } from '../../db/reassign.ts';
import { feedbackEntries } from './feedback.schema.ts';

export async function reassignCustomer(tx: Db, workspaceId: string, fromId: string, toId: string): Promise<Reassigned> {
  return { feedback: await reassignCustomerRows(tx, feedbackEntries, workspaceId, fromId, toId) };
}
