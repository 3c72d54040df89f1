// SQL of the value engine's part of a customer merge (see analytics.merge.ts).
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { customerScores } from './analytics.schema.ts';

/** Deletes the customer's current scores; returns how many rows went (0 or 1). */
export async function dropScores(tx: Db, workspaceId: string, customerId: string): Promise<number> {
  const dropped = await tx
    .delete(customerScores)
    .where(and(eq(customerScores.workspaceId, workspaceId), eq(customerScores.customerId, customerId)))
    .returning({ customerId: customerScores.customerId });
  return dropped.length;
}
