// SQL of the recorded bonds (relationships, preferences, structural ties) and the workspace's
// bond settings; every statement scoped by workspace and customer.
import { and, asc, eq, getTableName, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { insertUnnest } from '../../db/bulk.ts';
import { reassignCustomerRows } from '../../db/reassign.ts';
import { isMemberSql } from '../users/index.ts';
import { bondPreferences, bondRelationships, bondSettings, bondStructural } from './bonds.schema.ts';

export type RelationshipRow = typeof bondRelationships.$inferSelect;
export type PreferenceRow = typeof bondPreferences.$inferSelect;
export type StructuralRow = typeof bondStructural.$inferSelect;

export const recordTables = {
  relationships: bondRelationships,
  preferences: bondPreferences,
  structural: bondStructural,
} as const;
export type RecordKind = keyof typeof recordTables;
type RowOf<K extends RecordKind> = (typeof recordTables)[K]['$inferSelect'];
type InsertOf<K extends RecordKind> = (typeof recordTables)[K]['$inferInsert'];

// The three tables share their key columns; generic code sees them as one of them.
const table = (kind: RecordKind) => recordTables[kind] as unknown as typeof bondRelationships;

const one = (kind: RecordKind, workspaceId: string, customerId: string, id: string) => {
  const t = table(kind);
  return and(eq(t.workspaceId, workspaceId), eq(t.customerId, customerId), eq(t.id, id));
};

export async function listRecords<K extends RecordKind>(
  db: Db,
  kind: K,
  workspaceId: string,
  customerId: string,
): Promise<RowOf<K>[]> {
  const t = table(kind);
  return (await db
    .select()
    .from(t)
    .where(and(eq(t.workspaceId, workspaceId), eq(t.customerId, customerId)))
    .orderBy(asc(t.createdAt), asc(t.id))) as RowOf<K>[];
}

export async function insertRecord<K extends RecordKind>(db: Db, kind: K, row: InsertOf<K>): Promise<RowOf<K>> {
  const [inserted] = await db
    .insert(table(kind))
    .values(row as never)
    .returning();
  return inserted as RowOf<K>;
}

export async function updateRecord<K extends RecordKind>(
  db: Db,
  kind: K,
  key: { workspaceId: string; customerId: string; id: string },
  patch: Partial<InsertOf<K>>,
): Promise<RowOf<K> | undefined> {
  const [updated] = await db
    .update(table(kind))
    .set({ ...patch, updatedAt: sql`now()` } as never)
    .where(one(kind, key.workspaceId, key.customerId, key.id))
    .returning();
  return updated as RowOf<K> | undefined;
}

export async function deleteRecord(
  db: Db,
  kind: RecordKind,
  key: { workspaceId: string; customerId: string; id: string },
): Promise<boolean> {
  const t = table(kind);
  const gone = await db
    .delete(t)
    .where(one(kind, key.workspaceId, key.customerId, key.id))
    .returning({ id: t.id });
  return gone.length > 0;
}

/** One more time the preference was acted on, at `at`; undefined when there is no such preference. */
export async function markActedOn(
  db: Db,
  key: { workspaceId: string; customerId: string; id: string },
  at: Date,
): Promise<PreferenceRow | undefined> {
  const [row] = await db
    .update(bondPreferences)
    .set({
      timesActedOn: sql`${bondPreferences.timesActedOn} + 1`,
      lastActedOn: sql`greatest(${bondPreferences.lastActedOn}, ${at}::timestamptz)`,
      updatedAt: sql`now()`,
    })
    .where(one('preferences', key.workspaceId, key.customerId, key.id))
    .returning();
  return row;
}

export async function readSettings(db: Db, workspaceId: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await db.select().from(bondSettings).where(eq(bondSettings.workspaceId, workspaceId));
  return row?.settings;
}

export async function writeSettings(db: Db, workspaceId: string, settings: Record<string, unknown>): Promise<void> {
  await db
    .insert(bondSettings)
    .values({ workspaceId, settings })
    .onConflictDoUpdate({ target: bondSettings.workspaceId, set: { settings, updatedAt: sql`now()` } });
}

/** Whether the user is a member of the workspace (a relationship may name only the workspace's staff). */
export async function isWorkspaceMember(db: Db, workspaceId: string, userId: string): Promise<boolean> {
  const [row] = await queryRows<{ ok: boolean }>(
    db,
    sql`select ${isMemberSql(sql`${workspaceId}`, sql`${userId}::uuid`)} ok`,
  );
  return row?.ok === true;
}

/** A merge moves the merged customer's recorded bonds to the survivor; returns rows moved per table. */
export async function moveRecords(
  tx: Db,
  workspaceId: string,
  fromId: string,
  toId: string,
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const kind of Object.keys(recordTables) as RecordKind[])
    out[getTableName(table(kind))] = await reassignCustomerRows(tx, table(kind), workspaceId, fromId, toId);
  return out;
}

/** Bulk insert of records of one kind (the demo loader), one statement per call; callers bound the batch. */
export async function insertRecordsBulk<K extends RecordKind>(db: Db, kind: K, rows: InsertOf<K>[]): Promise<void> {
  await insertUnnest(db, table(kind), rows as never[]);
}
