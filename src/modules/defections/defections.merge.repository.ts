// SQL of the defection register's part of a customer merge (see defections.merge.ts).
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { reassignCustomerRows } from '../../db/reassign.ts';
import { customerLapses, defections, exitSurveyTokens, reactivations } from './defections.schema.ts';

export const moveDefections = (tx: Db, ws: string, fromId: string, toId: string) =>
  reassignCustomerRows(tx, defections, ws, fromId, toId);
export const moveReactivations = (tx: Db, ws: string, fromId: string, toId: string) =>
  reassignCustomerRows(tx, reactivations, ws, fromId, toId);
export const moveSurveyTokens = (tx: Db, ws: string, fromId: string, toId: string) =>
  reassignCustomerRows(tx, exitSurveyTokens, ws, fromId, toId);

/** A lapse is derived from the merged customer's own scores: it goes; the next scoring run judges the survivor. */
export async function dropLapse(tx: Db, ws: string, customerId: string): Promise<number> {
  const rows = await tx
    .delete(customerLapses)
    .where(and(eq(customerLapses.workspaceId, ws), eq(customerLapses.customerId, customerId)))
    .returning({ customerId: customerLapses.customerId });
  return rows.length;
}
