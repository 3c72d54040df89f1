// The analytics domain's SQL for its settings and scoring runs (queue, claim, finish, the latest).
// Every query is scoped by workspace.
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { runRecords } from '../../db/runs.ts';
import type { Db } from '../../db/client.ts';
import { analyticsSettings, scoringRuns } from './analytics.schema.ts';
import { type ScoringRunRow } from './analytics.repository.ts';

export async function findSettings(db: Db, workspaceId: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await db
    .select({ settings: analyticsSettings.settings })
    .from(analyticsSettings)
    .where(eq(analyticsSettings.workspaceId, workspaceId));
  return row?.settings;
}

export async function saveSettings(
  db: Db,
  workspaceId: string,
  settings: Record<string, unknown>,
  updatedBy: string | null,
  now: Date,
): Promise<void> {
  await db
    .insert(analyticsSettings)
    .values({ workspaceId, settings, updatedBy, updatedAt: now })
    .onConflictDoUpdate({ target: analyticsSettings.workspaceId, set: { settings, updatedBy, updatedAt: now } });
}

// ---- runs

export async function insertRun(db: Db, row: typeof scoringRuns.$inferInsert): Promise<ScoringRunRow> {
  const [created] = await db.insert(scoringRuns).values(row).returning();
  return created;
}

export async function findRun(db: Db, workspaceId: string, id: string): Promise<ScoringRunRow | undefined> {
  const [row] = await db
    .select()
    .from(scoringRuns)
    .where(and(eq(scoringRuns.workspaceId, workspaceId), eq(scoringRuns.id, id)));
  return row;
}

export async function listRuns(db: Db, workspaceId: string, limit: number): Promise<ScoringRunRow[]> {
  return db
    .select()
    .from(scoringRuns)
    .where(eq(scoringRuns.workspaceId, workspaceId))
    .orderBy(desc(scoringRuns.queuedAt), desc(scoringRuns.id))
    .limit(limit);
}

/** A run's claim from 'queued' (false when another worker has it) and its outcome. */
export const { claim: claimRun, finish: finishRun } = runRecords(scoringRuns);

/** The newest succeeded run (any mode), and the newest succeeded run that fitted a model. */
export async function latestRuns(
  db: Db,
  workspaceId: string,
): Promise<{ latest: ScoringRunRow | undefined; fitted: ScoringRunRow | undefined }> {
  const done = and(eq(scoringRuns.workspaceId, workspaceId), eq(scoringRuns.status, 'succeeded'));
  const [latest] = await db.select().from(scoringRuns).where(done).orderBy(desc(scoringRuns.finishedAt)).limit(1);
  const [fitted] = await db
    .select()
    .from(scoringRuns)
    .where(and(done, isNotNull(scoringRuns.model)))
    .orderBy(desc(scoringRuns.finishedAt))
    .limit(1);
  return { latest, fitted };
}

/** The newest succeeded full run: its cut-offs and fitted model serve incremental runs. */
export async function latestFullRun(db: Db, workspaceId: string): Promise<ScoringRunRow | undefined> {
  const [row] = await db
    .select()
    .from(scoringRuns)
    .where(
      and(eq(scoringRuns.workspaceId, workspaceId), eq(scoringRuns.status, 'succeeded'), eq(scoringRuns.mode, 'full')),
    )
    .orderBy(desc(scoringRuns.finishedAt))
    .limit(1);
  return row;
}

/** Serialises scoring runs of one workspace (held to the end of the caller's transaction). */
export async function lockWorkspaceScoring(db: Db, workspaceId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('tenure.analytics.score'), hashtext(${workspaceId}))`);
  // The run's sorts and hash aggregates (ntile, ranks, per-customer groups) stay in memory, for this transaction only.
  await db.execute(sql`set local work_mem = '256MB'`);
  // The run's statements are big but few: compiling them (JIT) cost more than it saved (2.5 s of a 4.4 s statement at 100k customers).
  await db.execute(sql`set local jit = off`);
}
