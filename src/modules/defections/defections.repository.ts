// SQL of the defection register. Every query is scoped by workspace.
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { andCustomer, type CustomerFilter } from '../../db/customer-filter.ts';
import {
  customerLapses,
  defectionReasons,
  defectionSettings,
  defections,
  exitSurveyTokens,
  reactivations,
} from './defections.schema.ts';

export type ReasonRow = typeof defectionReasons.$inferSelect;
export type DefectionRow = typeof defections.$inferSelect;
export type ReactivationRow = typeof reactivations.$inferSelect;
export type SurveyTokenRow = typeof exitSurveyTokens.$inferSelect;
export type LapseRow = typeof customerLapses.$inferSelect;
export type SettingsRow = typeof defectionSettings.$inferSelect;

// ---- settings and taxonomy

export async function findSettings(db: Db, workspaceId: string): Promise<SettingsRow | undefined> {
  const [row] = await db.select().from(defectionSettings).where(eq(defectionSettings.workspaceId, workspaceId));
  return row;
}

/** True when this call created the row (and so should seed the default reasons). */
export async function insertSettingsIfMissing(db: Db, workspaceId: string): Promise<boolean> {
  const rows = await db
    .insert(defectionSettings)
    .values({ workspaceId })
    .onConflictDoNothing()
    .returning({ workspaceId: defectionSettings.workspaceId });
  return rows.length > 0;
}

export async function updateSettingsRow(
  db: Db,
  workspaceId: string,
  patch: Partial<Pick<SettingsRow, 'lapseThreshold' | 'surveyTtlDays' | 'updatedAt'>>,
): Promise<SettingsRow> {
  const [row] = await db
    .update(defectionSettings)
    .set(patch)
    .where(eq(defectionSettings.workspaceId, workspaceId))
    .returning();
  return row as SettingsRow;
}

export async function insertReasons(db: Db, rows: (typeof defectionReasons.$inferInsert)[]): Promise<number> {
  if (!rows.length) return 0;
  const inserted = await db
    .insert(defectionReasons)
    .values(rows)
    .onConflictDoNothing()
    .returning({ code: defectionReasons.code });
  return inserted.length;
}

const usedSql = sql<boolean>`exists (select 1 from ${defections} d where d.workspace_id = ${defectionReasons.workspaceId} and d.reason_code = ${defectionReasons.code})`;

export async function listReasonRows(db: Db, workspaceId: string): Promise<(ReasonRow & { used: boolean })[]> {
  return db
    .select({
      workspaceId: defectionReasons.workspaceId,
      code: defectionReasons.code,
      labels: defectionReasons.labels,
      controllable: defectionReasons.controllable,
      active: defectionReasons.active,
      builtIn: defectionReasons.builtIn,
      position: defectionReasons.position,
      createdAt: defectionReasons.createdAt,
      updatedAt: defectionReasons.updatedAt,
      used: usedSql,
    })
    .from(defectionReasons)
    .where(eq(defectionReasons.workspaceId, workspaceId))
    .orderBy(asc(defectionReasons.position), asc(defectionReasons.code));
}

export async function findReason(db: Db, workspaceId: string, code: string): Promise<ReasonRow | undefined> {
  const [row] = await db
    .select()
    .from(defectionReasons)
    .where(and(eq(defectionReasons.workspaceId, workspaceId), eq(defectionReasons.code, code)));
  return row;
}

export async function updateReasonRow(
  db: Db,
  workspaceId: string,
  code: string,
  patch: Partial<Pick<ReasonRow, 'labels' | 'controllable' | 'active' | 'updatedAt'>>,
): Promise<ReasonRow | undefined> {
  const [row] = await db
    .update(defectionReasons)
    .set(patch)
    .where(and(eq(defectionReasons.workspaceId, workspaceId), eq(defectionReasons.code, code)))
    .returning();
  return row;
}

/** Deletes a custom reason no defection uses; false when it is built in or used (or gone). */
export async function deleteUnusedReason(db: Db, workspaceId: string, code: string): Promise<boolean> {
  const rows = await db
    .delete(defectionReasons)
    .where(
      and(
        eq(defectionReasons.workspaceId, workspaceId),
        eq(defectionReasons.code, code),
        eq(defectionReasons.builtIn, false),
        sql`not ${usedSql}`,
      ),
    )
    .returning({ code: defectionReasons.code });
  return rows.length > 0;
}

export async function maxReasonPosition(db: Db, workspaceId: string): Promise<number> {
  const [row] = await queryRows<{ max: number | null }>(
    db,
    sql`select max(position)::int as max from defection_reasons where workspace_id = ${workspaceId}`,
  );
  return row?.max ?? 0;
}

// ---- defections

export async function insertDefection(db: Db, row: typeof defections.$inferInsert): Promise<DefectionRow | undefined> {
  const [inserted] = await db.insert(defections).values(row).onConflictDoNothing().returning();
  return inserted;
}

export async function findDefection(db: Db, workspaceId: string, id: string): Promise<DefectionRow | undefined> {
  const [row] = await db
    .select()
    .from(defections)
    .where(and(eq(defections.workspaceId, workspaceId), eq(defections.id, id)));
  return row;
}

export async function answerDefectionRow(
  db: Db,
  workspaceId: string,
  id: string,
  answer: { reasonCode: string; freeText: string | null; at: Date },
): Promise<DefectionRow | undefined> {
  const [row] = await db
    .update(defections)
    .set({
      reasonCode: answer.reasonCode,
      freeText: sql`case when ${answer.freeText}::text is null then ${defections.freeText} when ${defections.freeText} is null then ${answer.freeText}::text else ${defections.freeText} || E'\n\n' || ${answer.freeText}::text end`,
      surveyAnsweredAt: answer.at,
    })
    .where(and(eq(defections.workspaceId, workspaceId), eq(defections.id, id)))
    .returning();
  return row;
}

export type DefectionFilter = {
  from?: Date;
  /** Only these customers (the KPI filters); countDefections honours it. */
  customers?: CustomerFilter;
  to?: Date;
  reason?: string;
  controllable?: boolean;
  source?: string;
  customerId?: string;
};

function filterSql(workspaceId: string, f: DefectionFilter): SQL {
  const parts: (SQL | undefined)[] = [
    eq(defections.workspaceId, workspaceId),
    f.from ? gte(defections.defectedAt, f.from) : undefined,
    f.to ? lt(defections.defectedAt, f.to) : undefined,
    f.reason ? eq(defections.reasonCode, f.reason) : undefined,
    f.source ? eq(defections.source, f.source as DefectionRow['source']) : undefined,
    f.customerId ? eq(defections.customerId, f.customerId) : undefined,
    f.controllable === undefined
      ? undefined
      : sql`exists (select 1 from defection_reasons r where r.workspace_id = ${defections.workspaceId} and r.code = ${defections.reasonCode} and r.controllable = ${f.controllable})`,
  ];
  return and(...parts) as SQL;
}

/** Newest first, keyset-paged by (defected_at, id). */
export async function listDefectionRows(
  db: Db,
  workspaceId: string,
  f: DefectionFilter,
  limit: number,
  before?: { at: Date; id: string },
): Promise<DefectionRow[]> {
  const page = before
    ? or(lt(defections.defectedAt, before.at), and(eq(defections.defectedAt, before.at), lt(defections.id, before.id)))
    : undefined;
  return db
    .select()
    .from(defections)
    .where(and(filterSql(workspaceId, f), page))
    .orderBy(desc(defections.defectedAt), desc(defections.id))
    .limit(limit);
}

export type CountRow = { reason_code: string | null; controllable: boolean | null; count: number; grp: string | null };

/** Defections counted by reason, and by a group: the UTC month (`month`) or nothing. */
export async function countDefections(
  db: Db,
  workspaceId: string,
  f: DefectionFilter,
  group: 'month' | 'customer' | null,
): Promise<CountRow[]> {
  const grp =
    group === 'month'
      ? sql`to_char(d.defected_at at time zone 'UTC', 'YYYY-MM')`
      : group === 'customer'
        ? sql`d.customer_id::text`
        : sql`null::text`;
  const from = f.from ? sql`and d.defected_at >= ${f.from.toISOString()}::timestamptz` : sql``;
  const to = f.to ? sql`and d.defected_at < ${f.to.toISOString()}::timestamptz` : sql``;
  const who = andCustomer(f.customers, sql`d.customer_id`);
  return queryRows<CountRow>(
    db,
    sql`select d.reason_code, r.controllable, count(*)::int as count, ${grp} as grp
        from defections d
        left join defection_reasons r on r.workspace_id = d.workspace_id and r.code = d.reason_code
        where d.workspace_id = ${workspaceId} ${from} ${to} ${who}
        group by d.reason_code, r.controllable, grp
        order by grp nulls first, count desc, d.reason_code nulls last`,
  );
}

export async function customerDefectionRows(db: Db, workspaceId: string, customerId: string): Promise<DefectionRow[]> {
  return db
    .select()
    .from(defections)
    .where(and(eq(defections.workspaceId, workspaceId), eq(defections.customerId, customerId)))
    .orderBy(desc(defections.defectedAt), desc(defections.id))
    .limit(200);
}

// ---- reactivations

export async function insertReactivation(db: Db, row: typeof reactivations.$inferInsert): Promise<ReactivationRow> {
  const [inserted] = await db.insert(reactivations).values(row).returning();
  return inserted as ReactivationRow;
}

export async function customerReactivationRows(
  db: Db,
  workspaceId: string,
  customerId: string,
): Promise<ReactivationRow[]> {
  return db
    .select()
    .from(reactivations)
    .where(and(eq(reactivations.workspaceId, workspaceId), eq(reactivations.customerId, customerId)))
    .orderBy(desc(reactivations.reactivatedAt), desc(reactivations.id))
    .limit(200);
}

/** Of these customers, those whose latest defection has no reactivation on or after it. */
export async function defectedAmong(db: Db, workspaceId: string, customerIds: string[]): Promise<Set<string>> {
  if (!customerIds.length) return new Set();
  const rows = await queryRows<{ customer_id: string }>(
    db,
    sql`select distinct d.customer_id from defections d
        where d.workspace_id = ${workspaceId}
          and d.customer_id in (${sql.join(
            customerIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})
          and not exists (select 1 from reactivations r where r.workspace_id = d.workspace_id
                          and r.customer_id = d.customer_id and r.reactivated_at >= d.defected_at)`,
  );
  return new Set(rows.map((r) => r.customer_id));
}

// ---- exit-survey tokens

export async function insertSurveyToken(db: Db, row: typeof exitSurveyTokens.$inferInsert): Promise<void> {
  await db.insert(exitSurveyTokens).values(row);
}

/** A token that is still good: not used, not expired. */
export async function findLiveSurveyToken(
  db: Db,
  workspaceId: string,
  tokenHash: string,
  now: Date,
): Promise<SurveyTokenRow | undefined> {
  const [row] = await db
    .select()
    .from(exitSurveyTokens)
    .where(
      and(
        eq(exitSurveyTokens.workspaceId, workspaceId),
        eq(exitSurveyTokens.tokenHash, tokenHash),
        isNull(exitSurveyTokens.usedAt),
        gt(exitSurveyTokens.expiresAt, now),
      ),
    );
  return row;
}

/** Spends a token; false when another request spent it first (single use under concurrency). */
export async function useSurveyToken(db: Db, workspaceId: string, tokenHash: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(exitSurveyTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(exitSurveyTokens.workspaceId, workspaceId),
        eq(exitSurveyTokens.tokenHash, tokenHash),
        isNull(exitSurveyTokens.usedAt),
        gt(exitSurveyTokens.expiresAt, now),
      ),
    )
    .returning({ tokenHash: exitSurveyTokens.tokenHash });
  return rows.length > 0;
}

// ---- lapses

export async function findLapse(db: Db, workspaceId: string, customerId: string): Promise<LapseRow | undefined> {
  const [row] = await db
    .select()
    .from(customerLapses)
    .where(and(eq(customerLapses.workspaceId, workspaceId), eq(customerLapses.customerId, customerId)));
  return row;
}

export async function listLapseRows(
  db: Db,
  workspaceId: string,
  limit: number,
  before?: { at: Date; id: string },
): Promise<LapseRow[]> {
  const page = before
    ? or(
        lt(customerLapses.lapsedAt, before.at),
        and(eq(customerLapses.lapsedAt, before.at), lt(customerLapses.customerId, before.id)),
      )
    : undefined;
  return db
    .select()
    .from(customerLapses)
    .where(and(eq(customerLapses.workspaceId, workspaceId), page))
    .orderBy(desc(customerLapses.lapsedAt), desc(customerLapses.customerId))
    .limit(limit);
}

export async function lapsesAmong(db: Db, workspaceId: string, customerIds: string[]): Promise<Set<string>> {
  if (!customerIds.length) return new Set();
  const rows = await db
    .select({ customerId: customerLapses.customerId })
    .from(customerLapses)
    .where(and(eq(customerLapses.workspaceId, workspaceId), inArray(customerLapses.customerId, customerIds)));
  return new Set(rows.map((r) => r.customerId));
}

/** The rows this call inserted (another worker's are skipped, so each lapse is announced once). */
export async function insertLapses(db: Db, rows: LapseRow[]): Promise<LapseRow[]> {
  if (!rows.length) return [];
  return db.insert(customerLapses).values(rows).onConflictDoNothing().returning();
}

export async function deleteLapses(db: Db, workspaceId: string, customerIds: string[]): Promise<string[]> {
  if (!customerIds.length) return [];
  const rows = await db
    .delete(customerLapses)
    .where(and(eq(customerLapses.workspaceId, workspaceId), inArray(customerLapses.customerId, customerIds)))
    .returning({ customerId: customerLapses.customerId });
  return rows.map((r) => r.customerId);
}
