// Moving a customer's rows to another customer, for each domain's part of a customer merge
// (`<domain>.merge.repository.ts`): one UPDATE per table, scoped by workspace.
import { sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { type Db, execCount } from './client.ts';

type CustomerRows = PgTable & { workspaceId: AnyPgColumn; customerId: AnyPgColumn };

/** Points the workspace's rows of `table` held by `fromId` at `toId`; returns how many moved. */
export async function reassignCustomerRows(
  tx: Db,
  table: CustomerRows,
  workspaceId: string,
  fromId: string,
  toId: string,
): Promise<number> {
  return execCount(
    tx,
    sql`update ${table} set ${sql.identifier(table.customerId.name)} = ${toId} where ${table.workspaceId} = ${workspaceId} and ${table.customerId} = ${fromId}`,
  );
}

/** What one domain did with a merged customer's rows: rows moved per table. */
export type Reassigned = Record<string, number>;
