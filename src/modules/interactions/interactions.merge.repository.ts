// SQL of the interactions domain's part of a customer merge (see interactions.merge.ts).
import type { Db } from '../../db/client.ts';
import { reassignCustomerRows } from '../../db/reassign.ts';
import { interactions } from './interactions.schema.ts';

export const moveInteractions = (tx: Db, workspaceId: string, fromId: string, toId: string): Promise<number> =>
  reassignCustomerRows(tx, interactions, workspaceId, fromId, toId);
