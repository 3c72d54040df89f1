// The only file of the affinity domain with SQL: runs, their rules and pairs; scoped by workspace.
import { and, asc, desc, eq, gte, inArray, or, sql, type SQL } from 'drizzle-orm';
import { type Db, execCount } from '../../db/client.ts';
import {
  affinityPairs,
  affinityRules,
  affinityRuns,
  type AffinityLevel,
  type AffinitySource,
} from './affinity.schema.ts';

export type AffinityRunRow = typeof affinityRuns.$inferSelect;
export type AffinityRuleRow = typeof affinityRules.$inferSelect;

export async function insertRun(db: Db, row: typeof affinityRuns.$inferInsert): Promise<AffinityRunRow> {
  const [created] = await db.insert(affinityRuns).values(row).returning();
  return created;
}

export async function findRun(db: Db, workspaceId: string, id: string): Promise<AffinityRunRow | undefined> {
  const [row] = await db
    .select()
    .from(affinityRuns)
    .where(and(eq(affinityRuns.workspaceId, workspaceId), eq(affinityRuns.id, id)));
  return row;
}

export async function listRuns(db: Db, workspaceId: string, limit: number): Promise<AffinityRunRow[]> {
  return db
    .select()
    .from(affinityRuns)
    .where(eq(affinityRuns.workspaceId, workspaceId))
    .orderBy(desc(affinityRuns.queuedAt), desc(affinityRuns.id))
    .limit(limit);
}

/** The newest succeeded run, whose rules and pairs are served. */
export async function latestRun(db: Db, workspaceId: string): Promise<AffinityRunRow | undefined> {
  const [row] = await db
    .select()
    .from(affinityRuns)
    .where(and(eq(affinityRuns.workspaceId, workspaceId), eq(affinityRuns.status, 'succeeded')))
    .orderBy(desc(affinityRuns.finishedAt), desc(affinityRuns.id))
    .limit(1);
  return row;
}

/** Takes a queued run; false when another worker already has it. */
export async function claimRun(db: Db, workspaceId: string, id: string, now: Date): Promise<boolean> {
  return (
    (await execCount(
      db,
      sql`update affinity_runs set status = 'running', started_at = ${now}
          where workspace_id = ${workspaceId} and id = ${id} and status = 'queued'`,
    )) === 1
  );
}

export async function finishRun(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<typeof affinityRuns.$inferInsert>,
): Promise<void> {
  await db
    .update(affinityRuns)
    .set(patch)
    .where(and(eq(affinityRuns.workspaceId, workspaceId), eq(affinityRuns.id, id)));
}

const CHUNK = 500;

export async function insertRules(db: Db, rows: (typeof affinityRules.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await db.insert(affinityRules).values(rows.slice(i, i + CHUNK));
}

export async function insertPairs(db: Db, rows: (typeof affinityPairs.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await db.insert(affinityPairs).values(rows.slice(i, i + CHUNK));
}

export type RuleFilter = {
  level: AffinityLevel;
  source: AffinitySource;
  minLift?: number;
  minConfidence?: number;
  /** A product id or category name on either side. */
  item?: string;
  afterRank?: number;
  limit: number;
};

export async function pageRules(db: Db, workspaceId: string, runId: string, f: RuleFilter): Promise<AffinityRuleRow[]> {
  const t = affinityRules;
  const conditions: (SQL | undefined)[] = [
    eq(t.workspaceId, workspaceId),
    eq(t.runId, runId),
    eq(t.level, f.level),
    eq(t.source, f.source),
    f.minLift === undefined ? undefined : gte(t.lift, f.minLift),
    f.minConfidence === undefined ? undefined : gte(t.confidence, f.minConfidence),
    f.item === undefined ? undefined : or(sql`${f.item} = any(${t.antecedent})`, sql`${f.item} = any(${t.consequent})`),
    f.afterRank === undefined ? undefined : sql`${t.rank} > ${f.afterRank}`,
  ];
  return db
    .select()
    .from(t)
    .where(and(...conditions))
    .orderBy(asc(t.rank))
    .limit(f.limit);
}

/** The portfolio pairs from any of the held products. */
export async function pairsFrom(db: Db, workspaceId: string, runId: string, productIds: string[]) {
  if (productIds.length === 0) return [];
  return db
    .select()
    .from(affinityPairs)
    .where(
      and(
        eq(affinityPairs.workspaceId, workspaceId),
        eq(affinityPairs.runId, runId),
        inArray(affinityPairs.productId, productIds),
      ),
    );
}
