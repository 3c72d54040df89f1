// SQL of surveys: settings, surveys and their links, answers, the sample and reminder queries.
// Every query is scoped by workspace.
import { and, desc, eq, gt, gte, isNotNull, isNull, lt, lte, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { andCustomer, type CustomerFilter } from '../../db/customer-filter.ts';
import { pastCursor } from '../../db/keyset.ts';
import { liveCustomers } from '../customers/index.ts';
import { type SurveyKind, surveyLinks, surveySettings, surveys, type SurveyTrigger } from './surveys.schema.ts';

export type SettingsRow = typeof surveySettings.$inferSelect;
export type SurveyRow = typeof surveys.$inferSelect;
export type SurveyListRow = SurveyRow & { customerName: string | null };

export async function ensureSettings(db: Db, workspaceId: string): Promise<SettingsRow> {
  await db.insert(surveySettings).values({ workspaceId }).onConflictDoNothing();
  const [row] = await db.select().from(surveySettings).where(eq(surveySettings.workspaceId, workspaceId));
  return row as SettingsRow;
}

export async function updateSettingsRow(
  db: Db,
  workspaceId: string,
  patch: Partial<typeof surveySettings.$inferInsert>,
): Promise<SettingsRow> {
  const [row] = await db
    .update(surveySettings)
    .set(patch)
    .where(eq(surveySettings.workspaceId, workspaceId))
    .returning();
  return row as SettingsRow;
}

/** Workspaces with settings that ask for automatic surveys. */
export const workspacesSurveying = (db: Db): Promise<SettingsRow[]> =>
  db
    .select()
    .from(surveySettings)
    .where(sql`${surveySettings.npsEnabled} or cardinality(${surveySettings.csatTriggers}) > 0`);

/** Claims today's NPS sample run: true for exactly one caller per workspace and UTC day. */
export async function claimSampleDay(db: Db, workspaceId: string, day: string): Promise<boolean> {
  const rows = await db
    .update(surveySettings)
    .set({ npsSampledOn: day })
    .where(
      and(
        eq(surveySettings.workspaceId, workspaceId),
        sql`(${surveySettings.npsSampledOn} is null or ${surveySettings.npsSampledOn} < ${day})`,
      ),
    )
    .returning({ w: surveySettings.workspaceId });
  return rows.length > 0;
}

/** Inserts a survey; undefined when one already follows the same subject. */
export async function insertSurvey(db: Db, row: typeof surveys.$inferInsert): Promise<SurveyRow | undefined> {
  const [inserted] = await db.insert(surveys).values(row).onConflictDoNothing().returning();
  return inserted;
}

export const insertLink = async (db: Db, workspaceId: string, surveyId: string, tokenHash: string, at: Date) => {
  await db.insert(surveyLinks).values({ workspaceId, surveyId, tokenHash, createdAt: at });
};

export async function setSurveyFields(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<typeof surveys.$inferInsert>,
): Promise<void> {
  await db
    .update(surveys)
    .set(patch)
    .where(and(eq(surveys.workspaceId, workspaceId), eq(surveys.id, id)));
}

export async function findByLink(db: Db, workspaceId: string, tokenHash: string): Promise<SurveyRow | undefined> {
  const [row] = await db
    .select({ s: surveys })
    .from(surveyLinks)
    .innerJoin(surveys, and(eq(surveys.workspaceId, surveyLinks.workspaceId), eq(surveys.id, surveyLinks.surveyId)))
    .where(and(eq(surveyLinks.workspaceId, workspaceId), eq(surveyLinks.tokenHash, tokenHash)));
  return row?.s;
}

/** Records the one answer: only while unanswered and not expired (two answers at once: one wins). */
export async function answerRow(
  db: Db,
  workspaceId: string,
  id: string,
  answer: { score: number; comment: string | null; at: Date },
): Promise<SurveyRow | undefined> {
  const [row] = await db
    .update(surveys)
    .set({ score: answer.score, comment: answer.comment, answeredAt: answer.at })
    .where(
      and(
        eq(surveys.workspaceId, workspaceId),
        eq(surveys.id, id),
        isNull(surveys.answeredAt),
        gt(surveys.expiresAt, answer.at),
      ),
    )
    .returning();
  return row;
}

export type SurveyFilters = {
  kind?: SurveyKind;
  customerId?: string;
  answered?: boolean;
  scoreFrom?: number;
  scoreTo?: number;
  q?: string;
  from?: Date;
  to?: Date;
};

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listSurveyRows(
  db: Db,
  workspaceId: string,
  f: SurveyFilters,
  limit: number,
  cursor?: { at: Date; id: string },
): Promise<SurveyListRow[]> {
  const people = sql`(${liveCustomers(workspaceId)})`;
  const where = and(
    eq(surveys.workspaceId, workspaceId),
    f.kind ? eq(surveys.kind, f.kind) : undefined,
    f.customerId ? eq(surveys.customerId, f.customerId) : undefined,
    f.answered === true ? isNotNull(surveys.answeredAt) : f.answered === false ? isNull(surveys.answeredAt) : undefined,
    f.scoreFrom !== undefined ? gte(surveys.score, f.scoreFrom) : undefined,
    f.scoreTo !== undefined ? lte(surveys.score, f.scoreTo) : undefined,
    f.q ? sql`${surveys.comment} ilike ${likePattern(f.q)}` : undefined,
    f.from ? gte(surveys.sentAt, f.from) : undefined,
    f.to ? lt(surveys.sentAt, f.to) : undefined,
    pastCursor('desc', surveys.sentAt, surveys.id, cursor ? [cursor.at, cursor.id] : undefined),
  );
  const rows = await db
    .select({ s: surveys, customerName: sql<string | null>`c.name` })
    .from(surveys)
    .leftJoin(sql`${people} c`, sql`c.id = ${surveys.customerId}`)
    .where(where)
    .orderBy(desc(surveys.sentAt), desc(surveys.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.s, customerName: r.customerName }));
}

export type MonthCounts = {
  month: string;
  kind: SurveyKind;
  promoters: number;
  passives: number;
  detractors: number;
  satisfied: number;
  n: number;
};

/** Answers per UTC month and kind in [from, to): NPS groups and CSAT satisfied (4–5), from the raw rows. */
export const monthlyCounts = (db: Db, workspaceId: string, from: Date, to: Date, customers?: CustomerFilter) =>
  queryRows<MonthCounts>(
    db,
    sql`select to_char(answered_at at time zone 'UTC', 'YYYY-MM') as month, kind,
          count(*) filter (where kind = 'nps' and score >= 9)::int as promoters,
          count(*) filter (where kind = 'nps' and score between 7 and 8)::int as passives,
          count(*) filter (where kind = 'nps' and score <= 6)::int as detractors,
          count(*) filter (where kind = 'csat' and score >= 4)::int as satisfied,
          count(*)::int as n
        from surveys
        where workspace_id = ${workspaceId} and answered_at >= ${from} and answered_at < ${to}
          ${andCustomer(customers, sql`customer_id`)}
        group by 1, 2 order by 1, 2`,
  );

/** Surveys that went out in [from, to) and how many of them were answered, per kind. */
export const sentCounts = (db: Db, workspaceId: string, from: Date, to: Date, customers?: CustomerFilter) =>
  queryRows<{ kind: SurveyKind; sent: number; answered: number }>(
    db,
    sql`select kind, count(*)::int as sent, count(answered_at)::int as answered from surveys
        where workspace_id = ${workspaceId} and sent_at >= ${from} and sent_at < ${to}
          and delivery_status in ('pending', 'sent') ${andCustomer(customers, sql`customer_id`)}
        group by kind`,
  );

/** A seeded random sample of live customers not asked for NPS since `since`. */
export const npsSample = (db: Db, workspaceId: string, since: Date, seed: string, limit: number) =>
  queryRows<{ customer_id: string }>(
    db,
    sql`select c.id as customer_id from (${liveCustomers(workspaceId)}) c
        where c.status = 'active'
          and not exists (select 1 from surveys s where s.workspace_id = ${workspaceId} and s.customer_id = c.id
                            and s.kind = 'nps' and s.sent_at > ${since})
        order by md5(c.id::text || ${seed}) limit ${limit}`,
  );

export type Moment = { customer_id: string; subject_id: string; trigger: SurveyTrigger; at: Date };

/** Moments not yet surveyed whose customer had no CSAT survey since `since`, oldest first. */
export const csatCandidates = (db: Db, workspaceId: string, moments: SQL, since: Date, limit: number) =>
  queryRows<Moment>(
    db,
    sql`select m.customer_id, m.subject_id, m.trigger, m.at from (${moments}) m
        where not exists (select 1 from surveys s where s.workspace_id = ${workspaceId}
                            and s.trigger = m.trigger and s.subject_id = m.subject_id)
          and not exists (select 1 from surveys s where s.workspace_id = ${workspaceId} and s.customer_id = m.customer_id
                            and s.kind = 'csat' and s.sent_at > ${since})
        order by m.at, m.subject_id limit ${limit}`,
  );

/** Unanswered surveys that went out, are still open, and whose last message is older than the settings say. */
export const remindersDue = (db: Db, s: SettingsRow, now: Date, limit: number) =>
  db
    .select()
    .from(surveys)
    .where(
      and(
        eq(surveys.workspaceId, s.workspaceId),
        isNull(surveys.answeredAt),
        eq(surveys.deliveryStatus, 'pending'),
        gt(surveys.expiresAt, now),
        lt(surveys.remindersSent, s.maxReminders),
        sql`coalesce(${surveys.lastRemindedAt}, ${surveys.sentAt}) <= ${now}::timestamptz - make_interval(days => ${s.reminderAfterDays})`,
      ),
    )
    .orderBy(surveys.sentAt)
    .limit(limit);

/** Counts a reminder once: only if nobody counted it meanwhile. */
export async function markReminded(db: Db, workspaceId: string, id: string, was: number, at: Date): Promise<boolean> {
  const rows = await db
    .update(surveys)
    .set({ remindersSent: was + 1, lastRemindedAt: at })
    .where(and(eq(surveys.workspaceId, workspaceId), eq(surveys.id, id), eq(surveys.remindersSent, was)))
    .returning({ id: surveys.id });
  return rows.length > 0;
}

export async function hasSurveys(db: Db, workspaceId: string): Promise<boolean> {
  const rows = await db.select({ id: surveys.id }).from(surveys).where(eq(surveys.workspaceId, workspaceId)).limit(1);
  return rows.length > 0;
}
