// Reading complaints: one, the list (filters, full-text search, keyset pages), a complaint's
// transitions, and the knowledge-base suggestions of closed complaints like the one being typed.
import type { Ctx } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { customerNames } from '../customers/index.ts';
import type { ComplaintDto, ListComplaintsQueryInput } from './complaints.dto.ts';
import {
  type ComplaintRow,
  findComplaint,
  listComplaintRows,
  listTransitionRows,
  searchKnowledge,
} from './complaints.repository.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../../lib/cursor.ts';
import { toComplaintDto } from './complaints.service.ts';

export async function getComplaintRow(ctx: Ctx, workspaceId: string, id: string): Promise<ComplaintRow> {
  const row = await findComplaint(ctx.db, workspaceId, id);
  if (!row) throw notFound('Complaint');
  return row;
}

export async function getComplaint(ctx: Ctx, workspaceId: string, id: string): Promise<ComplaintDto> {
  return toComplaintDto(await getComplaintRow(ctx, workspaceId, id));
}

/** Words → a prefix tsquery (`word:*`), joined with & (all) or | (any). Only letters and digits pass. */
export function toTsQuery(q: string, join: '&' | '|'): string | undefined {
  const words = [...new Set(q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].filter((w) => w.length >= 2).slice(0, 12);
  return words.length ? words.map((w) => `${w}:*`).join(` ${join} `) : undefined;
}

export async function listComplaints(
  ctx: Ctx,
  workspaceId: string,
  q: ListComplaintsQueryInput,
): Promise<{ items: (ComplaintDto & { customerName: string | null })[]; nextCursor: string | null }> {
  let before: { registeredAt: Date; id: string } | undefined;
  if (q.cursor) {
    const c = decodeTimeCursor(q.cursor);
    before = { registeredAt: c.at, id: c.id };
  }
  const tsquery = q.q ? toTsQuery(q.q, '&') : undefined;
  if (q.q && !tsquery) return { items: [], nextCursor: null };
  const rows = await listComplaintRows(ctx.db, workspaceId, { ...q, tsquery }, q.limit + 1, before);
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  const names = await customerNames(
    ctx.db,
    workspaceId,
    items.map((r) => r.customerId),
  );
  return {
    items: items.map((r) => ({ ...toComplaintDto(r), customerName: names.get(r.customerId) ?? null })),
    nextCursor: rows.length > q.limit && last ? encodeTimeCursor(last.registeredAt, last.id) : null,
  };
}

export async function listTransitions(ctx: Ctx, workspaceId: string, id: string) {
  await getComplaintRow(ctx, workspaceId, id);
  return (await listTransitionRows(ctx.db, workspaceId, id)).map((t) => ({
    id: t.id,
    from: t.fromStatus,
    to: t.toStatus,
    actor: t.actor,
    note: t.note,
    occurredAt: t.occurredAt.toISOString(),
  }));
}

export async function suggestSimilar(
  ctx: Ctx,
  workspaceId: string,
  q: { q: string; category?: string; limit: number },
) {
  const anyWords = toTsQuery(q.q, '|');
  if (!anyWords) return [];
  return (
    await searchKnowledge(
      ctx.db,
      workspaceId,
      { anyWords, allWords: toTsQuery(q.q, '&') as string },
      q.category,
      q.limit,
    )
  ).map((r) => ({
    id: r.id,
    reference: r.reference,
    category: r.category,
    subject: r.subject,
    solution: r.solution,
    rootCause: r.root_cause,
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    rank: Math.round(Number(r.rank) * 1e4) / 1e4,
  }));
}
