// SQL of the complaints domain's part of a customer merge (see complaints.merge.ts).
import type { Db } from '../../db/client.ts';
import { reassignCustomerRows } from '../../db/reassign.ts';
import { complaintCompensations, complaints } from './complaints.schema.ts';

export const moveComplaints = (tx: Db, workspaceId: string, fromId: string, toId: string): Promise<number> =>
  reassignCustomerRows(tx, complaints, workspaceId, fromId, toId);

export const moveCompensations = (tx: Db, workspaceId: string, fromId: string, toId: string): Promise<number> =>
  reassignCustomerRows(tx, complaintCompensations, workspaceId, fromId, toId);
