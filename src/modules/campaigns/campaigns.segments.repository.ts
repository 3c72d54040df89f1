// SQL of segments: the filter compiled over other domains' declared sources (customers' profile
// and consents, analytics' scores, churn risk, loyalty balances, open complaints), a segment's
// live count and preview, the member list read at launch, and the segments' own rows. Each
// field of a condition says which source it reads; only the sources a definition names are joined.
import { and, asc, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { customerScoreFacts } from '../analytics/index.ts';
import { churnRiskFacts } from '../churn/index.ts';
import { complaintChurnFacts } from '../complaints/index.ts';
import { customerSegmentFacts } from '../customers/index.ts';
import { loyaltyChurnFacts } from '../loyalty/index.ts';
import { segments, segmentVersions } from './campaigns.schema.ts';
import type { SegmentCondition, SegmentDefinition } from './campaigns.types.ts';
import { inUpliftTop } from './campaigns.uplift.repository.ts';

type Source = 'scores' | 'risk' | 'loyalty' | 'complaints';
const joins: Record<Source, (ws: string, now: Date) => SQL> = {
  scores: (ws) => sql`left join (${customerScoreFacts(ws)}) s on s.customer_id = c.id`,
  risk: (ws) => sql`left join (${churnRiskFacts(ws)}) r on r.customer_id = c.id`,
  loyalty: (ws, now) => sql`left join (${loyaltyChurnFacts(ws, now)}) l on l.customer_id = c.id`,
  complaints: (ws, now) => sql`left join (${complaintChurnFacts(ws, now)}) k on k.customer_id = c.id`,
};

/** Per numeric field: its source and expression (a customer with no row counts as 0 where that is the truth). */
const ranges: Record<string, { source?: Source; expr: SQL }> = {
  predictedClv: { source: 'scores', expr: sql`s.clv_minor` },
  pAlive: { source: 'scores', expr: sql`s.p_alive` },
  daysSinceLastPurchase: { source: 'scores', expr: sql`s.recency_days` },
  churnRisk: { source: 'risk', expr: sql`r.risk` },
  loyaltyBalance: { source: 'loyalty', expr: sql`coalesce(l.balance, 0)` },
  openComplaints: { source: 'complaints', expr: sql`coalesce(k.open_complaints, 0)` },
};
const sets: Record<string, { source?: Source; expr: SQL }> = {
  tier: { source: 'scores', expr: sql`s.tier` },
  rfmSegment: { source: 'scores', expr: sql`s.rfm_segment` },
  status: { expr: sql`c.status` },
};

const textArray = (values: string[]) => sql`${`{${values.map((v) => JSON.stringify(v)).join(',')}}`}::text[]`;

function compile(ws: string, cond: SegmentCondition): { source?: Source; where: SQL } {
  if (cond.field === 'upliftTop') return { where: inUpliftTop(ws, cond.campaignId, cond.topPercent, sql`c.id`) };
  if ('in' in cond) {
    const f = sets[cond.field];
    return { source: f.source, where: sql`${f.expr} = any(${textArray(cond.in)})` };
  }
  if ('any' in cond) return { where: sql`c.tags && ${textArray(cond.any)}` };
  if ('channel' in cond) return { where: sql`${cond.channel} = any(c.marketing_channels)` };
  const f = ranges[cond.field];
  const parts = [
    ...(cond.min === undefined ? [] : [sql`${f.expr} >= ${cond.min}`]),
    ...(cond.max === undefined ? [] : [sql`${f.expr} <= ${cond.max}`]),
  ];
  return { source: f.source, where: parts.length ? sql.join(parts, sql` and `) : sql`true` };
}

/** `select <columns> from` the segment's customers (aliases: c customer facts, s scores). */
function segmentQuery(ws: string, now: Date, def: SegmentDefinition, columns: SQL): SQL {
  const compiled = def.all.map((cond) => compile(ws, cond));
  const needed = new Set<Source>(['scores', ...compiled.flatMap((c) => (c.source ? [c.source] : []))]);
  const where = compiled.length
    ? sql.join(
        compiled.map((c) => sql`(${c.where})`),
        sql` and `,
      )
    : sql`true`;
  return sql`select ${columns} from (${customerSegmentFacts(ws)}) c
    ${sql.join(
      [...needed].map((s) => joins[s](ws, now)),
      sql` `,
    )}
    where ${where}`;
}

export async function countSegment(db: Db, ws: string, now: Date, def: SegmentDefinition): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, segmentQuery(ws, now, def, sql`count(*)::int n`));
  return Number(row.n);
}

export async function previewSegment(db: Db, ws: string, now: Date, def: SegmentDefinition, limit: number) {
  return queryRows<{ id: string; name: string; tier: string | null }>(
    db,
    sql`${segmentQuery(ws, now, def, sql`c.id, c.name, s.tier`)} order by c.name, c.id limit ${limit}`,
  );
}

/** The members' ids as a subquery (`select c.id from …`), for another domain's set-based query. */
export const segmentMemberIds = (ws: string, now: Date, def: SegmentDefinition): SQL =>
  segmentQuery(ws, now, def, sql`c.id`);

/** Every member's id and tier (the stratum) as a query (`select c.id, s.tier …`), for the freeze at launch. */
export const segmentStrata = (ws: string, now: Date, def: SegmentDefinition): SQL =>
  segmentQuery(ws, now, def, sql`c.id, s.tier`);

export type SegmentRow = typeof segments.$inferSelect;

export async function insertSegment(db: Db, row: typeof segments.$inferInsert): Promise<SegmentRow> {
  const [created] = await db.insert(segments).values(row).returning();
  await db.insert(segmentVersions).values({
    workspaceId: row.workspaceId,
    segmentId: row.id,
    version: 1,
    definition: row.definition,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  });
  return created;
}

export async function findSegment(db: Db, ws: string, id: string): Promise<SegmentRow | undefined> {
  const [row] = await db
    .select()
    .from(segments)
    .where(and(eq(segments.workspaceId, ws), eq(segments.id, id)));
  return row;
}

export async function segmentVersion(db: Db, ws: string, id: string, version: number) {
  const [row] = await db
    .select()
    .from(segmentVersions)
    .where(
      and(eq(segmentVersions.workspaceId, ws), eq(segmentVersions.segmentId, id), eq(segmentVersions.version, version)),
    );
  return row;
}

/** A new version if the segment is still at `expected` (two editors cannot both make version n + 1). */
export async function updateSegmentRow(
  db: Db,
  ws: string,
  id: string,
  expected: number,
  patch: { name: string; description: string | null; definition: SegmentDefinition; updatedAt: Date },
  createdBy: string | null,
): Promise<SegmentRow | undefined> {
  const [row] = await db
    .update(segments)
    .set({ ...patch, version: expected + 1 })
    .where(and(eq(segments.workspaceId, ws), eq(segments.id, id), eq(segments.version, expected)))
    .returning();
  if (row)
    await db.insert(segmentVersions).values({
      workspaceId: ws,
      segmentId: id,
      version: row.version,
      definition: patch.definition,
      createdBy,
      createdAt: patch.updatedAt,
    });
  return row;
}

export async function listSegmentRows(db: Db, ws: string, limit: number, beforeId?: string) {
  return db
    .select()
    .from(segments)
    .where(and(eq(segments.workspaceId, ws), beforeId ? lt(segments.id, beforeId) : undefined))
    .orderBy(desc(segments.id))
    .limit(limit);
}

export async function listSegmentVersions(db: Db, ws: string, id: string) {
  return db
    .select()
    .from(segmentVersions)
    .where(and(eq(segmentVersions.workspaceId, ws), eq(segmentVersions.segmentId, id)))
    .orderBy(asc(segmentVersions.version));
}
