// The churn domain's part of a customer merge, run by src/workflows/merge-customers.ts in the
// merge's one transaction. A risk is derived: the merged customer's row is dropped and the next
// churn run scores the survivor from the merged history (its contracts and complaints have moved).
import type { Db } from '../../db/client.ts';
import type { Reassigned } from '../../db/reassign.ts';
import { dropRisk } from './churn.merge.repository.ts';

export async function reassignCustomer(tx: Db, workspaceId: string, fromId: string): Promise<Reassigned> {
  return { churn_risk_dropped: await dropRisk(tx, workspaceId, fromId) };
}
