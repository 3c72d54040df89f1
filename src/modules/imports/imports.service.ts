// Owns the import use cases behind the API: accept an uploaded file and queue its run, and
// read an import's status and row errors.
import type { Ctx, Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { csvLine } from '../../lib/csv.ts';
import type { ImportAdapter, ImportEntity } from './imports.adapter.ts';
import {
  decodeErrorCursor,
  encodeErrorCursor,
  type ImportDto,
  mappingFrom,
  toImportDto,
  toImportErrorDto,
  type UploadImportQueryInput,
} from './imports.dto.ts';
import { listImportErrors, listImportRows } from './imports.repository.ts';
import { findImport, type ImportRow } from './imports.sources.ts';
import { receiveUpload } from './imports.upload.ts';
import { problem } from '../../lib/problems.ts';

type ImportsCtx = Ctx & Pick<Deps, 'log' | 'jobs' | 'config'>;

/** The job that runs an uploaded import (defined in src/jobs/definitions.ts). */
export const RUN_IMPORT_JOB = 'imports.run';

export async function startUploadedImport(
  ctx: ImportsCtx,
  o: {
    workspaceId: string;
    query: UploadImportQueryInput;
    format: 'csv' | 'ndjson';
    createdBy: string;
    body: ReadableStream<Uint8Array> | null;
    adapters: Record<ImportEntity, Pick<ImportAdapter<unknown>, 'requiredColumns' | 'knownColumns'>>;
  },
): Promise<ImportDto> {
  const q = o.query;
  const { row } = await receiveUpload(ctx, {
    workspaceId: o.workspaceId,
    entity: q.entity,
    format: o.format,
    delimiter: q.delimiter === 'tab' ? '\t' : q.delimiter,
    mapping: mappingFrom(q.map),
    fileName: q.fileName,
    createdBy: o.createdBy,
    body: o.body,
    maxBytes: ctx.config.imports.maxBytes,
    adapter: o.adapters[q.entity],
  });
  // The file is stored and the import queued: if this send fails (or no queue runs in this
  // process), a worker's sweep for stalled imports sends it later.
  try {
    if (ctx.jobs) await ctx.jobs.send(RUN_IMPORT_JOB, { workspaceId: o.workspaceId, importId: row.id });
    else ctx.log.warn({ importId: row.id }, 'no job queue in this process: the import waits for a worker sweep');
  } catch (err) {
    ctx.log.error({ err, importId: row.id }, 'could not queue the import run; a worker sweep will');
  }
  return toImportDto(row);
}

async function requireImport(ctx: Pick<Deps, 'db'>, workspaceId: string, id: string): Promise<ImportRow> {
  const row = await findImport(ctx.db, workspaceId, id);
  if (!row) throw notFound('Import');
  return row;
}

export async function getImport(ctx: Pick<Deps, 'db'>, workspaceId: string, id: string): Promise<ImportDto> {
  return toImportDto(await requireImport(ctx, workspaceId, id));
}

export async function listImports(
  ctx: Pick<Deps, 'db'>,
  workspaceId: string,
  q: { status?: ImportRow['status']; entity?: ImportRow['entity']; limit: number; cursor?: string },
) {
  const rows = await listImportRows(
    ctx.db,
    workspaceId,
    { status: q.status, entity: q.entity, before: q.cursor },
    q.limit + 1,
  );
  const items = rows.slice(0, q.limit);
  return { items: items.map(toImportDto), nextCursor: rows.length > q.limit ? (items.at(-1)?.id ?? null) : null };
}

export async function listErrors(
  ctx: Pick<Deps, 'db'>,
  workspaceId: string,
  id: string,
  q: { limit: number; cursor?: string },
) {
  await requireImport(ctx, workspaceId, id);
  const after = q.cursor ? decodeErrorCursor(q.cursor) : undefined;
  if (q.cursor && !after)
    throw new AppError('validation_failed', 'The cursor is not valid', {
      fields: [{ path: 'query.cursor', ...problem('invalid_cursor') }],
    });
  const rows = await listImportErrors(ctx.db, workspaceId, id, after, q.limit + 1);
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return {
    items: items.map(toImportErrorDto),
    nextCursor: rows.length > q.limit && last ? encodeErrorCursor(last) : null,
  };
}

/** Every row error as CSV, a page at a time. Checks the import exists before the first write. */
export async function errorsCsvWriter(ctx: Pick<Deps, 'db'>, workspaceId: string, id: string) {
  await requireImport(ctx, workspaceId, id);
  return async (write: (chunk: string) => Promise<void>) => {
    await write(csvLine(['row_number', 'column', 'code', 'message']));
    let after: { rowNumber: number; message: string } | undefined;
    for (;;) {
      const rows = await listImportErrors(ctx.db, workspaceId, id, after, 5000);
      if (rows.length === 0) return;
      await write(rows.map((e) => csvLine([e.rowNumber, e.column, e.code, e.message])).join(''));
      const last = rows[rows.length - 1];
      after = { rowNumber: last.rowNumber, message: last.message };
    }
  };
}
