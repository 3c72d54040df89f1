// The audit domain's SQL: appending to a workspace's chain under its lock, reading it back in
// order, the filtered list, redaction of one customer's rows, and retention with its anchor.
import { and, asc, desc, eq, gt, gte, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { lockWorkspace } from '../../db/advisory.ts';
import { auditLog, auditSettings } from './audit.schema.ts';
import { type ChainedFields, GENESIS, REDACTED, rowHash } from './audit.chain.ts';

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = Omit<ChainedFields, 'seq'> & { detail: Record<string, unknown> | null };

/** Serialises appends per workspace (held to commit), so two writers never fork the chain. */
export const lockChain = (tx: Db, workspaceId: string) => lockWorkspace(tx, 'audit_chain', workspaceId, 'exclusive');

/** The chain's end: its last row, else the anchor retention left, else the start. */
export async function chainEnd(db: Db, workspaceId: string): Promise<{ seq: number; hash: string }> {
  const [last] = await db
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.workspaceId, workspaceId))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  if (last) return { seq: Number(last.seq), hash: last.hash };
  return chainStart(db, workspaceId);
}

export async function chainStart(db: Db, workspaceId: string): Promise<{ seq: number; hash: string }> {
  const [s] = await db.select().from(auditSettings).where(eq(auditSettings.workspaceId, workspaceId));
  return { seq: Number(s?.anchorSeq ?? 0), hash: s?.anchorHash ?? GENESIS };
}

/** Appends one row; the caller's transaction must hold `lockChain`. */
export async function insertChained(tx: Db, row: NewAuditRow): Promise<void> {
  await insertChainedRows(tx, row.workspaceId, [row]);
}

/** Appends rows of one workspace in their order, in one statement; the caller's transaction must hold `lockChain`. */
export async function insertChainedRows(tx: Db, workspaceId: string, rows: NewAuditRow[]): Promise<void> {
  let end = await chainEnd(tx, workspaceId);
  const chained = rows.map((row) => {
    const seq = end.seq + 1;
    const hash = rowHash(end.hash, { ...row, seq });
    const next = { ...row, seq, prevHash: end.hash, hash };
    end = { seq, hash };
    return next;
  });
  await tx.insert(auditLog).values(chained);
}

/** Rows after `afterSeq`, in chain order, for verification. */
export function chainRows(db: Db, workspaceId: string, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.workspaceId, workspaceId), gt(auditLog.seq, afterSeq)))
    .orderBy(asc(auditLog.seq))
    .limit(limit);
}

export type AuditFilter = {
  actorId?: string;
  actorType?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  beforeSeq?: number;
};

export function listRows(db: Db, workspaceId: string, f: AuditFilter, limit: number): Promise<AuditRow[]> {
  const where: (SQL | undefined)[] = [
    eq(auditLog.workspaceId, workspaceId),
    f.actorId ? eq(auditLog.actorId, f.actorId) : undefined,
    f.actorType ? eq(auditLog.actorType, f.actorType) : undefined,
    f.entityType ? eq(auditLog.entityType, f.entityType) : undefined,
    f.entityId ? eq(auditLog.entityId, f.entityId) : undefined,
    f.action ? eq(auditLog.action, f.action) : undefined,
    f.from ? gte(auditLog.at, f.from) : undefined,
    f.to ? lt(auditLog.at, f.to) : undefined,
    f.beforeSeq !== undefined ? lt(auditLog.seq, f.beforeSeq) : undefined,
  ];
  return db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.seq))
    .limit(limit);
}

/**
 * Replaces the detail of the rows about one customer (by id, or whose detail quotes one of
 * `values`) with the redacted marker. detail_hash stays: the chain still verifies.
 */
export async function redactRows(
  tx: Db,
  workspaceId: string,
  customerId: string,
  values: string[],
  now: Date,
): Promise<number> {
  const quoted = values
    .filter((v) => v.trim().length >= 3)
    .map((v) => sql`${auditLog.detail}::text ilike ${`%${v.replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`);
  const rows = await tx
    .update(auditLog)
    .set({ detail: { ...REDACTED }, redactedAt: now })
    .where(
      and(
        eq(auditLog.workspaceId, workspaceId),
        isNull(auditLog.redactedAt),
        or(
          eq(auditLog.customerId, customerId),
          and(eq(auditLog.entityType, 'customer'), eq(auditLog.entityId, customerId)),
          ...quoted,
        ),
      ),
    )
    .returning({ seq: auditLog.seq });
  return rows.length;
}

export async function getSettings(db: Db, workspaceId: string) {
  const [s] = await db.select().from(auditSettings).where(eq(auditSettings.workspaceId, workspaceId));
  return { retentionDays: s?.retentionDays ?? 730 };
}

export async function saveRetention(db: Db, workspaceId: string, retentionDays: number): Promise<void> {
  await db
    .insert(auditSettings)
    .values({ workspaceId, retentionDays })
    .onConflictDoUpdate({ target: auditSettings.workspaceId, set: { retentionDays } });
}

/** Workspaces with rows older than their retention (at most `limit`). */
export async function workspacesPastRetention(db: Db, now: Date, limit: number): Promise<string[]> {
  const r = await db.execute(sql`
    select distinct l.workspace_id as id from audit_log l
    left join audit_settings s on s.workspace_id = l.workspace_id
    where l.at < ${now}::timestamptz - make_interval(days => coalesce(s.retention_days, 730))
    limit ${limit}`);
  return (r as unknown as { rows: { id: string }[] }).rows.map((x) => x.id);
}

/**
 * Deletes up to `batch` of the oldest rows older than `cutoff` (a prefix of the chain: it stops
 * at the first newer row), and records the last deleted row's hash as the anchor. The caller
 * holds `lockChain`.
 */
export async function deletePrefix(tx: Db, workspaceId: string, cutoff: Date, batch: number): Promise<number> {
  const start = await chainStart(tx, workspaceId);
  const [newer] = await tx
    .select({ seq: auditLog.seq })
    .from(auditLog)
    .where(and(eq(auditLog.workspaceId, workspaceId), gte(auditLog.at, cutoff)))
    .orderBy(asc(auditLog.seq))
    .limit(1);
  let upTo = start.seq + batch;
  if (newer) upTo = Math.min(upTo, Number(newer.seq) - 1);
  const [last] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(and(eq(auditLog.workspaceId, workspaceId), lte(auditLog.seq, upTo)))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  if (!last || Number(last.seq) <= start.seq) return 0;
  const deleted = await tx
    .delete(auditLog)
    .where(and(eq(auditLog.workspaceId, workspaceId), lte(auditLog.seq, Number(last.seq))))
    .returning({ seq: auditLog.seq });
  await tx
    .insert(auditSettings)
    .values({ workspaceId, anchorSeq: Number(last.seq), anchorHash: last.hash })
    .onConflictDoUpdate({
      target: auditSettings.workspaceId,
      set: { anchorSeq: Number(last.seq), anchorHash: last.hash },
    });
  return deleted.length;
}
