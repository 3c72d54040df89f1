// SQL of the commerce domain's part of a customer merge (see commerce.merge.ts).
import type { Db } from '../../db/client.ts';
import { reassignCustomerRows } from '../../db/reassign.ts';
import { transactions } from './commerce.schema.ts';

export const moveTransactions = (tx: Db, workspaceId: string, fromId: string, toId: string): Promise<number> =>
  reassignCustomerRows(tx, transactions, workspaceId, fromId, toId);
