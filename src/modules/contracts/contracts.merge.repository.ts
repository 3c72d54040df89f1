// SQL of the contracts domain's part of a customer merge (see contracts.merge.ts).
import type { Db } from '../../db/client.ts';
import { reassignCustomerRows } from '../../db/reassign.ts';
import { contracts } from './contracts.schema.ts';

export const moveContracts = (tx: Db, workspaceId: string, fromId: string, toId: string): Promise<number> =>
  reassignCustomerRows(tx, contracts, workspaceId, fromId, toId);
