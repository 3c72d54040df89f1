// Owns segment use cases: save (version 1), edit (a new version, conditional on the version the
// editor started from), read with every version's definition, list, and a live count + preview of
// a definition before or after saving. The member list is frozen only when a campaign launches.
import { type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { decodeIdCursor, encodeIdCursor } from '../../lib/cursor.ts';
import type { SaveSegmentInput, SegmentDto, UpdateSegmentInput } from './campaigns.dto.ts';
import {
  countSegment,
  findSegment,
  insertSegment,
  listSegmentRows,
  listSegmentVersions,
  previewSegment,
  segmentMemberIds,
  type SegmentRow,
  updateSegmentRow,
} from './campaigns.segments.repository.ts';
import type { SegmentDefinition } from './campaigns.types.ts';
import { problem } from '../../lib/problems.ts';

const toDto = (r: SegmentRow): SegmentDto => ({
  id: r.id,
  name: r.name,
  description: r.description,
  version: r.version,
  definition: r.definition,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export async function createSegment(ctx: Ctx, ws: string, input: SaveSegmentInput, createdBy: string | null) {
  const now = ctx.now();
  return toDto(
    await insertSegment(ctx.db, {
      workspaceId: ws,
      id: newId(),
      name: input.name,
      description: input.description ?? null,
      version: 1,
      definition: input.definition,
      createdBy,
      createdAt: now,
      updatedAt: now,
    }),
  );
}

export async function updateSegment(
  ctx: Ctx,
  ws: string,
  id: string,
  input: UpdateSegmentInput,
  editedBy: string | null,
) {
  return ctx.db.transaction(async (tx) => {
    const current = await findSegment(tx, ws, id);
    if (!current) throw notFound('Segment');
    const row = await updateSegmentRow(
      tx,
      ws,
      id,
      input.version,
      {
        name: input.name,
        description: input.description ?? null,
        definition: input.definition,
        updatedAt: ctx.now(),
      },
      editedBy,
    );
    if (!row)
      throw new AppError(
        'conflict',
        `The segment is at version ${current.version}, not ${input.version}; load it again`,
      );
    return toDto(row);
  });
}

export async function getSegment(ctx: Ctx, ws: string, id: string) {
  const row = await findSegment(ctx.db, ws, id);
  if (!row) throw notFound('Segment');
  const versions = await listSegmentVersions(ctx.db, ws, id);
  return {
    ...toDto(row),
    versions: versions.map((v) => ({
      version: v.version,
      definition: v.definition,
      createdBy: v.createdBy,
      createdAt: v.createdAt.toISOString(),
    })),
  };
}

export async function listSegments(ctx: Ctx, ws: string, q: { limit: number; cursor?: string }) {
  const rows = await listSegmentRows(ctx.db, ws, q.limit + 1, q.cursor ? decodeIdCursor(q.cursor) : undefined);
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return { items: items.map(toDto), nextCursor: rows.length > q.limit && last ? encodeIdCursor(last.id) : null };
}

/** The live count of a definition and its first members by name. */
export async function previewDefinition(ctx: Ctx, ws: string, definition: SegmentDefinition, limit: number) {
  const now = ctx.now();
  const [count, sample] = await Promise.all([
    countSegment(ctx.db, ws, now, definition),
    limit > 0 ? previewSegment(ctx.db, ws, now, definition, limit) : Promise.resolve([]),
  ]);
  return { count, sample };
}

/**
 * A saved segment's live members as a condition on a customer id (the KPI filters), evaluated at
 * `ctx.now()` with the segment's current definition; a segment that does not exist is a 422 on
 * `query.<field>`.
 */
export async function savedSegmentFilter(
  ctx: Ctx,
  ws: string,
  id: string,
  field = 'segment',
): Promise<(customerId: SQL) => SQL> {
  const row = await findSegment(ctx.db, ws, id);
  if (!row)
    throw new AppError('validation_failed', `No saved segment ${id} in this workspace`, {
      fields: [{ path: `query.${field}`, ...problem('no_such_segment') }],
    });
  const members = segmentMemberIds(ws, ctx.now(), row.definition);
  return (customerId) => sql`${customerId} in (${members})`;
}

export async function previewSavedSegment(ctx: Ctx, ws: string, id: string, limit: number) {
  const row = await findSegment(ctx.db, ws, id);
  if (!row) throw notFound('Segment');
  return previewDefinition(ctx, ws, row.definition, limit);
}
