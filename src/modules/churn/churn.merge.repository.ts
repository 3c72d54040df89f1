// SQL of the churn domain's part of a customer merge (see churn.merge.ts).
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { churnRisk } from './churn.schema.ts';

/** Deletes the customer's stored risk; returns how many rows went (0 or 1). */
export async function dropRisk(tx: Db, workspaceId: string, customerId: string): Promise<number> {
  const dropped = await tx
    .delete(churnRisk)
    .where(and(eq(churnRisk.workspaceId, workspaceId), eq(churnRisk.customerId, customerId)))
    .returning({ customerId: churnRisk.customerId });
  return dropped.length;
}
