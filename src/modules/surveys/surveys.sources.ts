// The surveys domain's declared cross-domain sources: the satisfaction KPIs (NPS and CSAT over a
// period, with their parts) for the KPI home, and the demo loader's bulk writer of answered surveys.
import { type SQL, sql } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.ts';
import type { Db } from '../../db/client.ts';
import type { CustomerFilter } from '../../db/customer-filter.ts';
import type { Ctx } from '../../deps.ts';
import { newId } from '../../ids.ts';
import { addDays } from '../../lib/dates.ts';
import { hasSurveys } from './surveys.repository.ts';
import { type SurveyKind, surveys, type SurveyTrigger } from './surveys.schema.ts';
import { surveyResults } from './surveys.service.ts';

/** NPS and CSAT of the answers given in the months `from`–`to` (YYYY-MM, UTC), with counts and sampling error. */
export async function satisfactionKpis(
  ctx: Ctx,
  workspaceId: string,
  range: { from: string; to: string; customers?: CustomerFilter },
) {
  const r = await surveyResults(ctx, workspaceId, { from: range.from, to: range.to }, range.customers);
  return { nps: r.nps, csat: r.csat, sent: r.sent, responseRate: r.responseRate, months: r.months };
}

/** A survey already answered, for the demo loader (no message, no follow-up: history, not live work). */
export type AnsweredSurvey = {
  customerId: string;
  kind: SurveyKind;
  trigger: SurveyTrigger;
  locale: string;
  sentAt: Date;
  answeredAt: Date;
  score: number;
  comment: string | null;
};

/** Writes answered surveys in one statement; nothing when the workspace already has surveys (a re-run adds none). */
export async function insertAnsweredSurveys(db: Db, workspaceId: string, rows: AnsweredSurvey[]): Promise<number> {
  if (rows.length === 0 || (await hasSurveys(db, workspaceId))) return 0;
  await insertUnnest(
    db,
    surveys,
    rows.map((r) => ({
      workspaceId,
      id: newId(),
      ...r,
      subjectId: null,
      deliveryStatus: 'sent',
      expiresAt: addDays(r.sentAt, 14),
      createdAt: r.sentAt,
    })),
  );
  return rows.length;
}

/**
 * Answers given in [from, to): `customer_id, kind, subject_id, score` (nps 0–10, csat 1–5;
 * subject_id is what a transactional survey was about, e.g. a complaint). For per-book NPS and
 * per-person CSAT of their cases.
 */
export const surveyAnswerFacts = (workspaceId: string, from: Date, to: Date): SQL =>
  sql`select customer_id, kind, subject_id, score from surveys
      where workspace_id = ${workspaceId} and answered_at >= ${from} and answered_at < ${to} and score is not null`;
