// The contracts domain's declared cross-domain surface over its tables: the bulk writer the demo loader uses.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { ContractRow } from './contracts.repository.ts';
import { contracts } from './contracts.schema.ts';

export async function insertContracts(db: Db, rows: (typeof contracts.$inferInsert)[]): Promise<ContractRow[]> {
  if (rows.length === 0) return [];
  return db
    .insert(contracts)
    .values(rows)
    .onConflictDoNothing({
      target: [contracts.workspaceId, contracts.externalId],
      where: sql`${contracts.externalId} is not null`,
    })
    .returning();
}
