// Owns the feedback register's use cases: record an entry (a compliment names a member of the
// workspace; the event `feedback.recorded` puts it on the customer's timeline and webhooks), list
// entries (a customer's, an employee's, a segment's), and the positive-feedback KPIs over a period
// from the raw rows: compliments, the customers behind them, and compliments per 1,000 active
// customers.
import type { Ctx } from '../../deps.ts';
import { invalidField } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../../lib/cursor.ts';
import { countActiveCustomers, existingCustomerIds } from '../customers/index.ts';
import { recordEvents } from '../events/index.ts';
import { findUsersByIds, listWorkspaceMembers } from '../users/index.ts';
import type { FeedbackDto, ListFeedbackInput, RecordFeedbackInput } from './feedback.dto.ts';
import {
  complimentsByEmployee,
  feedbackCounts,
  type FeedbackRow,
  insertFeedback,
  listFeedbackRows,
} from './feedback.repository.ts';
import { problem } from '../../lib/problems.ts';

async function namesOf(ctx: Ctx, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  return new Map((await findUsersByIds(ctx.db, wanted)).map((u) => [u.id, u.name]));
}

const toDto = (r: FeedbackRow, names: Map<string, string>): FeedbackDto => ({
  id: r.id,
  kind: r.kind,
  customerId: r.customerId,
  employeeId: r.employeeId,
  employeeName: r.employeeId ? (names.get(r.employeeId) ?? null) : null,
  sentiment: r.sentiment,
  intentToLeave: r.intentToLeave,
  segment: r.segment,
  body: r.body,
  occurredAt: r.occurredAt.toISOString(),
  recordedBy: r.recordedBy,
  createdAt: r.createdAt.toISOString(),
});

export async function recordFeedback(
  ctx: Ctx,
  workspaceId: string,
  input: RecordFeedbackInput,
  recordedBy: string,
): Promise<FeedbackDto> {
  if (input.customerId && !(await existingCustomerIds(ctx.db, workspaceId, [input.customerId])).has(input.customerId))
    throw invalidField('customerId', problem('no_such_customer'));
  if (input.employeeId && !(await listWorkspaceMembers(ctx, workspaceId)).some((m) => m.id === input.employeeId))
    throw invalidField('employeeId', problem('no_such_member'));
  const now = ctx.now();
  const row = await ctx.db.transaction(async (tx) => {
    const inserted = await insertFeedback(tx, {
      workspaceId,
      id: newId(),
      kind: input.kind,
      customerId: input.customerId ?? null,
      employeeId: input.employeeId ?? null,
      sentiment: input.sentiment ?? (input.kind === 'compliment' ? 'positive' : null),
      intentToLeave: input.intentToLeave ?? false,
      segment: input.segment ?? null,
      body: input.body,
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : now,
      recordedBy,
      createdAt: now,
    });
    await recordEvents(tx, ctx, workspaceId, [
      {
        type: 'feedback.recorded',
        customerId: inserted.customerId,
        summary: `Feedback recorded: ${inserted.kind}`,
        payload: {
          feedbackId: inserted.id,
          kind: inserted.kind,
          employeeId: inserted.employeeId,
          sentiment: inserted.sentiment,
          intentToLeave: inserted.intentToLeave,
          segment: inserted.segment,
        },
      },
    ]);
    return inserted;
  });
  return toDto(row, await namesOf(ctx, [row.employeeId]));
}

const dayStart = (d: string) => new Date(`${d}T00:00:00Z`);
const dayAfter = (d: string) => new Date(dayStart(d).getTime() + 86_400_000);

export async function listFeedback(ctx: Ctx, workspaceId: string, q: ListFeedbackInput) {
  const rows = await listFeedbackRows(
    ctx.db,
    workspaceId,
    {
      kind: q.kind,
      customerId: q.customerId,
      employeeId: q.employeeId,
      segment: q.segment,
      intentToLeave: q.intentToLeave === undefined ? undefined : q.intentToLeave === 'true',
      from: q.from ? dayStart(q.from) : undefined,
      to: q.to ? dayAfter(q.to) : undefined,
    },
    q.limit + 1,
    q.cursor ? decodeTimeCursor(q.cursor) : undefined,
  );
  const items = rows.slice(0, q.limit);
  const names = await namesOf(
    ctx,
    items.map((r) => r.employeeId),
  );
  const last = items.at(-1);
  return {
    items: items.map((r) => toDto(r, names)),
    nextCursor: rows.length > q.limit && last ? encodeTimeCursor(last.occurredAt, last.id) : null,
  };
}

/** Positive feedback and agent signals over the days `from`–`to` (inclusive, UTC). */
export async function feedbackSummary(ctx: Ctx, workspaceId: string, range: { from: string; to: string }) {
  if (range.from > range.to) throw invalidField('query.from', problem('not_after', { other: 'to' }));
  const start = dayStart(range.from);
  const end = dayAfter(range.to);
  const [[c], byEmployee, active] = await Promise.all([
    feedbackCounts(ctx.db, workspaceId, start, end),
    complimentsByEmployee(ctx.db, workspaceId, start, end),
    countActiveCustomers(ctx.db, workspaceId),
  ]);
  const names = await namesOf(
    ctx,
    byEmployee.map((e) => e.employee_id),
  );
  return {
    from: range.from,
    to: range.to,
    compliments: c.compliments,
    complimentedCustomers: c.complimented_customers,
    activeCustomers: active,
    complimentsPer1000Customers: active ? (1000 * c.compliments) / active : null,
    agentNotes: c.agent_notes,
    intentToLeave: c.intent_to_leave,
    bySentiment: { positive: c.positive, neutral: c.neutral, negative: c.negative },
    byEmployee: byEmployee.map((e) => ({
      employeeId: e.employee_id,
      name: names.get(e.employee_id) ?? null,
      compliments: e.compliments,
    })),
  };
}
