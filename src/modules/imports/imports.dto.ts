// Owns the wire shapes of imports: the upload's query, an import's status, its row errors.
import { isoOrNull } from '../../lib/dates.ts';
import { z } from '@hono/zod-openapi';
import { importEntities, importSources, importStatuses, type StoredProblem } from './imports.schema.ts';
import type { ImportErrorRow } from './imports.repository.ts';
import type { ImportRow } from './imports.sources.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';

const mapPair = z
  .string()
  .max(400)
  .regex(/^[^=]+=.+$/, 'must look like source=target, e.g. map=E-mail=email');

/** The same options as `tenure import`; the format comes from the Content-Type. */
export const UploadImportQuery = z.strictObject({
  entity: z.enum(importEntities).openapi({ description: 'What the file holds' }),
  map: z
    .union([mapPair, z.array(mapPair).max(200)])
    .optional()
    .openapi({ description: 'Rename a column: map=source=target (repeatable)', example: 'E-mail=email' }),
  delimiter: z
    .string()
    .refine(
      (d) => d === 'tab' || (d.length === 1 && !/["\r\n]/.test(d)),
      'must be one character (not a quote or line break), or "tab"',
    )
    .optional()
    .openapi({ description: 'CSV delimiter: , ; | or tab (default ,)' }),
  fileName: z.string().trim().min(1).max(255).optional().openapi({ description: 'Shown in the import list' }),
});
export type UploadImportQueryInput = z.infer<typeof UploadImportQuery>;

export function mappingFrom(map: string | string[] | undefined): Record<string, string> {
  const pairs = map === undefined ? [] : Array.isArray(map) ? map : [map];
  return Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
}

/** A file-level problem: a stable code and its values for the screen, and the English sentence. */
const FileProblemSchema = z
  .object({
    code: z.string().nullable().openapi({
      description: 'What is wrong, as a stable code (e.g. missing_columns); null on problems stored before codes',
      example: 'unknown_columns',
    }),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .nullable()
      .openapi({
        description: 'The values the problem names (columns, count…)',
        example: { columns: 'Shoe size', count: 1 },
      }),
    message: z.string().openapi({ description: 'The problem in English' }),
  })
  .openapi('ImportFileProblem');

export const ImportSchema = z
  .object({
    id: z.uuid(),
    entity: z.enum(importEntities),
    format: z.enum(['csv', 'ndjson']),
    source: z.enum(importSources),
    status: z.enum(importStatuses),
    fileName: z.string().nullable(),
    bytes: z.number().int(),
    mapping: z.record(z.string(), z.string()),
    delimiter: z.string().nullable(),
    rowsTotal: z.number().int().nullable().openapi({ description: 'Counted while uploading; exact once completed' }),
    rowsDone: z.number().int().openapi({ description: 'Rows read and settled (committed or rejected)' }),
    rowsCommitted: z.number().int(),
    rowsRejected: z.number().int(),
    errorCount: z.number().int().openapi({ description: 'Row errors (a row may have several)' }),
    progress: z.number().min(0).max(1).nullable().openapi({ description: 'rowsDone / rowsTotal, 1 when completed' }),
    warnings: z.array(FileProblemSchema).openapi({ description: 'File-level notes that did not stop the import' }),
    failure: FileProblemSchema.nullable().openapi({ description: 'Why the file as a whole was not imported' }),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .openapi('Import');
export type ImportDto = z.infer<typeof ImportSchema>;

export const ListImportsQuery = z.strictObject({
  status: z.enum(importStatuses).optional(),
  entity: z.enum(importEntities).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.uuid({ error: 'invalid cursor' }).optional(),
});

export const ImportErrorSchema = z
  .object({
    rowNumber: z.number().int(),
    column: z.string().nullable(),
    code: z.string().nullable().openapi({
      description: 'What is wrong, as a stable code (e.g. invalid_date); null on errors stored before codes',
      example: 'invalid_date',
    }),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .nullable()
      .openapi({ description: 'The values the problem names (got, max, value, row…)', example: { got: '31/12/2025' } }),
    message: z.string().openapi({ description: 'The problem in English' }),
  })
  .openapi('ImportRowError');

export const ListImportErrorsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(600).optional(),
  format: z
    .enum(['json', 'csv'])
    .default('json')
    .openapi({ description: 'csv: every error as one streamed CSV file (limit and cursor ignored)' }),
});

/** A stored warning; a bare sentence (written by a server older than migration 0045) has no code. */
const toFileProblemDto = (w: StoredProblem | string) =>
  typeof w === 'string'
    ? { code: null, params: null, message: w }
    : { code: w.code, params: w.params ?? null, message: w.message };

export function toImportDto(r: ImportRow): ImportDto {
  const progress =
    r.status === 'completed'
      ? 1
      : r.rowsTotal
        ? Math.min(0.999, r.rowsDone / r.rowsTotal)
        : r.rowsTotal === 0
          ? 0
          : null;
  return {
    id: r.id,
    entity: r.entity,
    format: r.format,
    source: r.source,
    status: r.status,
    fileName: r.fileName,
    bytes: r.bytes,
    mapping: r.mapping,
    delimiter: r.delimiter,
    rowsTotal: r.rowsTotal,
    rowsDone: r.rowsDone,
    rowsCommitted: r.rowsCommitted,
    rowsRejected: r.rowsDone - r.rowsCommitted,
    errorCount: r.errorCount,
    progress,
    warnings: r.warnings.map(toFileProblemDto),
    failure: r.failure === null ? null : { code: r.failureCode, params: r.failureParams, message: r.failure },
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    startedAt: isoOrNull(r.startedAt),
    finishedAt: isoOrNull(r.finishedAt),
  };
}

export const toImportErrorDto = (e: ImportErrorRow) => ({
  rowNumber: e.rowNumber,
  column: e.column,
  code: e.code,
  params: e.params,
  message: e.message,
});

/** An errors-page cursor: the last (row, message) pair, opaque to clients. */
export const encodeErrorCursor = (e: ImportErrorRow) => encodeCursor([e.rowNumber, e.message]);

export function decodeErrorCursor(cursor: string): { rowNumber: number; message: string } | undefined {
  const v = decodeCursor(cursor);
  if (Array.isArray(v) && v.length === 2 && Number.isInteger(v[0]) && typeof v[1] === 'string')
    return { rowNumber: v[0], message: v[1] };
  return undefined;
}
