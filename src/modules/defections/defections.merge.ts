// The defection register's part of a customer merge, run by src/workflows/merge-customers.ts in
// the merge's one transaction: the merged customer's defections, win-backs and exit-survey links
// move to the survivor; their lapse (derived from their own scores) is dropped.
import type { Db } from '../../db/client.ts';
import type { Reassigned } from '../../db/reassign.ts';
import { dropLapse, moveDefections, moveReactivations, moveSurveyTokens } from './defections.merge.repository.ts';

export async function reassignCustomer(tx: Db, workspaceId: string, fromId: string, toId: string): Promise<Reassigned> {
  return {
    defections: await moveDefections(tx, workspaceId, fromId, toId),
    reactivations: await moveReactivations(tx, workspaceId, fromId, toId),
    exit_survey_tokens: await moveSurveyTokens(tx, workspaceId, fromId, toId),
    customer_lapses: await dropLapse(tx, workspaceId, fromId),
  };
}
