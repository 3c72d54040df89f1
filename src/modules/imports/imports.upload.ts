// Owns receiving an import file over HTTP: the request body is streamed into import_chunks
// about a MiB at a time (memory stays flat whatever the file size), counted as it passes, and
// its CSV header checked before anything is kept. A refused or broken upload leaves nothing.
import { CsvError, parse as parseCsv } from 'csv-parse/sync';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { type Problem, problem } from '../../lib/problems.ts';
import type { ImportAdapter, ImportEntity } from './imports.adapter.ts';
import { checkHeader, type HeaderHints, ImportFileError } from './imports.engine.ts';
import { deleteImport, insertImportChunk } from './imports.repository.ts';
import { findImport, type ImportRow, insertImport, updateImport } from './imports.sources.ts';
import { RecordCounter } from './record-counter.ts';

/** Bytes per stored chunk: large enough for few round trips, small enough to hold one. */
export const IMPORT_CHUNK_BYTES = 1024 * 1024;

export type UploadInput = {
  workspaceId: string;
  entity: ImportEntity;
  format: 'csv' | 'ndjson';
  delimiter?: string;
  mapping: Record<string, string>;
  fileName?: string;
  createdBy: string;
  body: ReadableStream<Uint8Array> | null;
  maxBytes: number;
  adapter: Pick<ImportAdapter<unknown>, 'requiredColumns' | 'knownColumns'>;
};

const apiHints: HeaderHints = {
  delimiter: (d) => `add delimiter=${d === '\t' ? 'tab' : encodeURIComponent(d)} to the query`,
  rename: 'Rename columns with map=source=target in the query (repeatable).',
};

/** A refused file: the English sentence, and on its field the code and values the web app words. */
const invalidFile = ({ code, params, message }: Problem) =>
  new AppError('validation_failed', message, {
    fields: [{ path: 'body', message, code, ...(params ? { params } : {}) }],
  });

function readHeader(head: Buffer, delimiter: string | undefined): string[] {
  try {
    const [first] = parseCsv(head, {
      bom: true,
      delimiter: delimiter ?? ',',
      relax_column_count: true,
      to_line: 1,
    }) as string[][];
    return first ?? [];
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    throw invalidFile(problem('header_unreadable', { reason: (err as Error).message.replace(/\s*\(.*$/, '') }));
  }
}

/** Stores the body as a new import in status `queued`; answers its row and any header warnings. */
export async function receiveUpload(
  ctx: { db: Db; now: () => Date },
  o: UploadInput,
): Promise<{ row: ImportRow; warnings: Problem[] }> {
  const id = newId();
  await insertImport(ctx.db, {
    workspaceId: o.workspaceId,
    id,
    entity: o.entity,
    format: o.format,
    source: 'api',
    delimiter: o.delimiter ?? null,
    status: 'uploading',
    mapping: o.mapping,
    fileName: o.fileName ?? null,
    createdBy: o.createdBy,
    createdAt: ctx.now(),
    heartbeatAt: ctx.now(),
  });
  const reader = o.body?.getReader();
  const counter = new RecordCounter(o.format);
  let warnings: Problem[] = [];
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let total = 0;
  let seq = 0;

  const checkHeaderOnce = (atEnd: boolean) => {
    if (o.format !== 'csv' || seq > 0) return;
    const head = Buffer.concat(pending);
    if (counter.firstRecordEnd === undefined && !atEnd)
      throw invalidFile(problem('header_too_long', { max: IMPORT_CHUNK_BYTES }));
    try {
      warnings = checkHeader(
        o.adapter,
        readHeader(head.subarray(0, counter.firstRecordEnd ?? head.length), o.delimiter),
        o.mapping,
        apiHints,
      ).warnings;
    } catch (err) {
      if (err instanceof ImportFileError) throw invalidFile(err.problem);
      throw err;
    }
  };
  /** Stores whole chunks of IMPORT_CHUNK_BYTES (at the end, the remainder too). */
  const flush = async (atEnd: boolean) => {
    while (pendingBytes >= IMPORT_CHUNK_BYTES || (atEnd && pendingBytes > 0)) {
      checkHeaderOnce(atEnd);
      const all = Buffer.concat(pending);
      const size = Math.min(IMPORT_CHUNK_BYTES, all.length);
      await insertImportChunk(ctx.db, { workspaceId: o.workspaceId, importId: id, seq, data: all.subarray(0, size) });
      seq++;
      pending = size < all.length ? [all.subarray(size)] : [];
      pendingBytes = all.length - size;
      // The heartbeat marks a live upload; one silent for too long is swept as abandoned.
      await updateImport(ctx.db, o.workspaceId, id, { bytes: total, heartbeatAt: ctx.now() }, { status: 'uploading' });
    }
  };

  try {
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > o.maxBytes)
        throw new AppError('payload_too_large', `The file is over the import limit of ${o.maxBytes} bytes`);
      counter.feed(value);
      pending.push(value);
      pendingBytes += value.length;
      if (pendingBytes >= IMPORT_CHUNK_BYTES) await flush(false);
    }
    if (total === 0) throw invalidFile(problem('empty_file'));
    await flush(true);
    const rowsTotal = o.format === 'csv' ? Math.max(0, counter.records - 1) : counter.records;
    const queued = await updateImport(
      ctx.db,
      o.workspaceId,
      id,
      { status: 'queued', bytes: total, rowsTotal, warnings, heartbeatAt: ctx.now() },
      { status: 'uploading' },
    );
    if (!queued) throw new AppError('conflict', 'The upload stalled and was abandoned; send the file again');
  } catch (err) {
    await reader?.cancel().catch(() => {});
    await deleteImport(ctx.db, o.workspaceId, id);
    throw err;
  }
  return { row: (await findImport(ctx.db, o.workspaceId, id)) as ImportRow, warnings };
}
