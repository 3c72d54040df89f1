// SQL of the tasks domain's part of a customer merge (see tasks.merge.ts).
import type { Db } from '../../db/client.ts';
import { reassignCustomerRows } from '../../db/reassign.ts';
import { tasks } from './tasks.schema.ts';

export const moveTasks = (tx: Db, workspaceId: string, fromId: string, toId: string): Promise<number> =>
  reassignCustomerRows(tx, tasks, workspaceId, fromId, toId);
