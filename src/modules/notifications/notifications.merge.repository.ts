// SQL of the notifications domain's part of a customer merge (see notifications.merge.ts).
import type { Db } from '../../db/client.ts';
import { reassignCustomerRows } from '../../db/reassign.ts';
import { notifications } from './notifications.schema.ts';

export const moveNotifications = (tx: Db, workspaceId: string, fromId: string, toId: string): Promise<number> =>
  reassignCustomerRows(tx, notifications, workspaceId, fromId, toId);
