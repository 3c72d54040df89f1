// SQL of the events domain's part of a customer merge (see events.merge.ts).
import type { Db } from '../../db/client.ts';
import { reassignCustomerRows } from '../../db/reassign.ts';
import { domainEvents } from './events.schema.ts';

export const moveEvents = (tx: Db, workspaceId: string, fromId: string, toId: string): Promise<number> =>
  reassignCustomerRows(tx, domainEvents, workspaceId, fromId, toId);
