// SQL for honeypot decoys (complaint_decoys): what a filled honeypot "registered", so its status
// page can answer like a real one. Scoped by workspace like every complaint query.
import { and, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { complaintDecoys } from './complaints.schema.ts';

export type DecoyRow = typeof complaintDecoys.$inferSelect;

export async function insertDecoy(db: Db, row: DecoyRow): Promise<void> {
  await db.insert(complaintDecoys).values(row);
}

export async function findDecoyByTokenHash(
  db: Db,
  workspaceId: string,
  tokenHash: string,
): Promise<DecoyRow | undefined> {
  const [row] = await db
    .select()
    .from(complaintDecoys)
    .where(and(eq(complaintDecoys.workspaceId, workspaceId), eq(complaintDecoys.tokenHash, tokenHash)));
  return row;
}

/** Deletes up to `limit` of the workspace's decoys registered before `before`. */
export async function purgeDecoys(db: Db, workspaceId: string, before: Date, limit: number): Promise<void> {
  const old = db
    .select({ tokenHash: complaintDecoys.tokenHash })
    .from(complaintDecoys)
    .where(and(eq(complaintDecoys.workspaceId, workspaceId), lt(complaintDecoys.registeredAt, before)))
    .limit(limit);
  await db
    .delete(complaintDecoys)
    .where(and(eq(complaintDecoys.workspaceId, workspaceId), inArray(complaintDecoys.tokenHash, old)));
}
