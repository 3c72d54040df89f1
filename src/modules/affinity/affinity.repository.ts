// The only file of the affinity domain with SQL: runs, their rules, pairs and micro-segments,
// bundles and offer events; scoped by workspace.
import { and, asc, desc, eq, gte, inArray, or, sql, type SQL } from 'drizzle-orm';
import { runRecords } from '../../db/runs.ts';
import { type Db, execCount, queryRows } from '../../db/client.ts';
import { churnRiskFacts } from '../churn/index.ts';
import { bundleBuyerFacts } from '../commerce/index.ts';
import {
  affinityBundles,
  affinityOfferEvents,
  affinitySegments,
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

/** Inserts the run unless one with its id exists (a scheduled run's id is its day's): undefined then. */
export async function insertRunOnce(
  db: Db,
  row: typeof affinityRuns.$inferInsert,
): Promise<AffinityRunRow | undefined> {
  const [created] = await db.insert(affinityRuns).values(row).onConflictDoNothing().returning();
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

/** A run's claim from 'queued' (false when another worker has it) and its outcome. */
export const { claim: claimRun, finish: finishRun } = runRecords(affinityRuns);

const CHUNK = 500;

export async function insertRules(db: Db, rows: (typeof affinityRules.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await db.insert(affinityRules).values(rows.slice(i, i + CHUNK));
}

/** Rows of pairs a statement: one insert from arrays (unnest), not a parameter per value. */
const PAIR_CHUNK = 20_000;
const arrayLiteral = (values: (string | number)[]) => `{${values.join(',')}}`;

/** A run's pairs (all of one workspace and run), set-based. */
export async function insertPairs(db: Db, rows: (typeof affinityPairs.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += PAIR_CHUNK) {
    const chunk = rows.slice(i, i + PAIR_CHUNK);
    const col = (f: (r: (typeof chunk)[number]) => string | number) => arrayLiteral(chunk.map(f));
    await execCount(
      db,
      sql`insert into affinity_pairs (workspace_id, run_id, product_id, other_id, count, confidence, lift)
          select ${chunk[0].workspaceId}::uuid, ${chunk[0].runId}::uuid, u.product_id, u.other_id, u.count, u.confidence, u.lift
          from unnest(${col((r) => r.productId)}::uuid[], ${col((r) => r.otherId)}::uuid[], ${col((r) => r.count)}::int[],
            ${col((r) => r.confidence)}::float8[], ${col((r) => r.lift)}::float8[]) u(product_id, other_id, count, confidence, lift)`,
    );
  }
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

export type AffinitySegmentRow = typeof affinitySegments.$inferSelect;
export type AffinityBundleRow = typeof affinityBundles.$inferSelect;
export type OfferEventRow = typeof affinityOfferEvents.$inferSelect;

export async function insertSegments(db: Db, rows: (typeof affinitySegments.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(affinitySegments).values(rows);
}

export async function listSegments(db: Db, workspaceId: string, runId: string): Promise<AffinitySegmentRow[]> {
  return db
    .select()
    .from(affinitySegments)
    .where(and(eq(affinitySegments.workspaceId, workspaceId), eq(affinitySegments.runId, runId)))
    .orderBy(asc(affinitySegments.segment));
}

/** Mean churn risk of the customers given (one segment per customer), per segment: `segment, risk, scored`. */
export async function segmentChurnRisks(
  db: Db,
  workspaceId: string,
  customers: { length: number; slice(from: number, to: number): string[] },
  segments: Int32Array,
): Promise<{ segment: number; risk: number; scored: number }[]> {
  const sums = new Map<number, { risk: number; scored: number }>();
  const CHUNK_IDS = 20_000;
  for (let i = 0; i < customers.length; i += CHUNK_IDS) {
    const ids = `{${customers.slice(i, i + CHUNK_IDS).join(',')}}`;
    const segs = `{${Array.from(segments.subarray(i, i + CHUNK_IDS)).join(',')}}`;
    const rows = await queryRows<{ segment: number; risk: number; scored: number }>(
      db,
      sql`select s.segment, sum(r.risk)::float8 risk, count(*)::int scored
          from unnest(${ids}::uuid[], ${segs}::int[]) s(customer_id, segment)
          join (${churnRiskFacts(workspaceId)}) r on r.customer_id = s.customer_id
          where s.segment > 0 and r.risk is not null
          group by s.segment`,
    );
    for (const r of rows) {
      const m = sums.get(r.segment) ?? { risk: 0, scored: 0 };
      m.risk += Number(r.risk);
      m.scored += Number(r.scored);
      sums.set(r.segment, m);
    }
  }
  return [...sums].map(([segment, m]) => ({ segment, risk: m.risk / m.scored, scored: m.scored }));
}

export async function insertBundle(db: Db, row: typeof affinityBundles.$inferInsert): Promise<AffinityBundleRow> {
  const [created] = await db.insert(affinityBundles).values(row).returning();
  return created;
}

export async function listBundles(db: Db, workspaceId: string, status?: string): Promise<AffinityBundleRow[]> {
  return db
    .select()
    .from(affinityBundles)
    .where(
      and(
        eq(affinityBundles.workspaceId, workspaceId),
        status ? eq(affinityBundles.status, status as AffinityBundleRow['status']) : undefined,
      ),
    )
    .orderBy(desc(affinityBundles.createdAt), desc(affinityBundles.id))
    .limit(200);
}

export async function findBundle(db: Db, workspaceId: string, id: string): Promise<AffinityBundleRow | undefined> {
  const [row] = await db
    .select()
    .from(affinityBundles)
    .where(and(eq(affinityBundles.workspaceId, workspaceId), eq(affinityBundles.id, id)));
  return row;
}

export async function setBundleStatus(db: Db, workspaceId: string, id: string, status: AffinityBundleRow['status']) {
  const [row] = await db
    .update(affinityBundles)
    .set({ status })
    .where(and(eq(affinityBundles.workspaceId, workspaceId), eq(affinityBundles.id, id)))
    .returning();
  return row;
}

/** Buyers of every product in one purchase against the other customers: count and margin of each. */
export async function bundleBuyers(db: Db, workspaceId: string, productIds: string[]) {
  const rows = await queryRows<{ buyer: boolean; customers: number; margin_minor: string }>(
    db,
    bundleBuyerFacts(workspaceId, productIds),
  );
  const of = (buyer: boolean) => {
    const r = rows.find((x) => x.buyer === buyer);
    return { customers: r ? Number(r.customers) : 0, marginMinor: r ? Number(r.margin_minor) : 0 };
  };
  return { buyers: of(true), others: of(false) };
}

export async function insertOfferEvent(db: Db, row: typeof affinityOfferEvents.$inferInsert): Promise<OfferEventRow> {
  const [created] = await db.insert(affinityOfferEvents).values(row).returning();
  return created;
}

export async function listOfferEvents(db: Db, workspaceId: string, customerId: string, limit: number) {
  return db
    .select()
    .from(affinityOfferEvents)
    .where(and(eq(affinityOfferEvents.workspaceId, workspaceId), eq(affinityOfferEvents.customerId, customerId)))
    .orderBy(desc(affinityOfferEvents.at), desc(affinityOfferEvents.id))
    .limit(limit);
}

/** Products the customer declined since `since`. */
export async function declinedSince(db: Db, workspaceId: string, customerId: string, since: Date): Promise<string[]> {
  const rows = await queryRows<{ product_id: string }>(
    db,
    sql`select distinct product_id from affinity_offer_events
        where workspace_id = ${workspaceId} and customer_id = ${customerId} and outcome = 'declined' and at >= ${since}`,
  );
  return rows.map((r) => r.product_id);
}

/** The campaign segment last used to offer a product (reused by the next customer). */
export async function offerSegmentOf(db: Db, workspaceId: string, productId: string): Promise<string | null> {
  const [row] = await queryRows<{ segment_id: string }>(
    db,
    sql`select segment_id from affinity_offer_events
        where workspace_id = ${workspaceId} and product_id = ${productId} and channel = 'campaign' and segment_id is not null
        order by at desc, id desc limit 1`,
  );
  return row?.segment_id ?? null;
}
