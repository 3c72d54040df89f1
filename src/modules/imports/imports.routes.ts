// HTTP surface of imports: upload a file (raw CSV or NDJSON body, streamed to the database and
// run by a worker), follow its progress, read its row errors. Thin: parse, call the service.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import type { ImportAdapter, ImportEntity } from './imports.adapter.ts';
import {
  ImportErrorSchema,
  ImportSchema,
  ListImportErrorsQuery,
  ListImportsQuery,
  UploadImportQuery,
} from './imports.dto.ts';
import { errorsCsvWriter, getImport, listErrors, listImports, startUploadedImport } from './imports.service.ts';

const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;
const tags = ['Imports'];

/**
 * Upload content types. None is CORS-safelisted and no HTML form can send one, so a
 * cross-site page cannot post a file with the user's cookie (the same guarantee JSON gives).
 */
const uploadTypes: Record<string, 'csv' | 'ndjson'> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/x-jsonlines': 'ndjson',
};

/** The upload route: exempt from the JSON-only rule and the 1 MiB limit (it has its own). */
export const isImportUpload = (c: Context) => c.req.method === 'POST' && /\/api\/v1\/imports\/?$/.test(c.req.path);

const fileBody = {
  required: true,
  description:
    'The file itself as the raw body (not multipart): `curl --data-binary @customers.csv -H "content-type: text/csv"`. UTF-8.',
  content: { 'text/csv': { schema: z.string() }, 'application/x-ndjson': { schema: z.string() } },
};

const routes = {
  upload: defineRoute({
    method: 'post',
    path: '/imports',
    permission: 'imports:run',
    tags,
    summary: 'Import a CSV or NDJSON file (streamed; runs in the background; answers 202 with the import to follow)',
    request: { query: UploadImportQuery, body: fileBody },
    responses: {
      202: {
        ...jsonResponse(ImportSchema, 'Stored and queued; follow it at the Location'),
        headers: { Location: { schema: { type: 'string' }, description: 'The import' } },
      },
      ...errorResponses,
      413: { description: 'Over the import size limit (IMPORT_MAX_BYTES)', content: errorResponses[413].content },
      415: {
        description: 'Not text/csv or application/x-ndjson, not UTF-8, or compressed',
        content: errorResponses[415].content,
      },
    },
  }),
  list: defineRoute({
    method: 'get',
    path: '/imports',
    permission: 'imports:read',
    tags,
    summary: 'Imports, newest first (cursor pagination)',
    request: { query: ListImportsQuery },
    responses: {
      200: jsonResponse(
        z.object({ items: z.array(ImportSchema), nextCursor: z.string().nullable() }),
        'A page of imports',
      ),
      ...errorResponses,
    },
  }),
  get: defineRoute({
    method: 'get',
    path: '/imports/{id}',
    permission: 'imports:read',
    tags,
    summary: 'One import: status, counts and progress',
    request: { params: IdParams },
    responses: { 200: jsonResponse(ImportSchema, 'The import'), ...errorResponses },
  }),
  errors: defineRoute({
    method: 'get',
    path: '/imports/{id}/errors',
    permission: 'imports:read',
    tags,
    summary: 'Row-level errors in file order (paginated JSON, or all of them as CSV with format=csv)',
    request: { params: IdParams, query: ListImportErrorsQuery },
    responses: {
      200: {
        description: 'Errors',
        content: {
          'application/json': {
            schema: z.object({ items: z.array(ImportErrorSchema), nextCursor: z.string().nullable() }),
          },
          'text/csv': { schema: z.string() },
        },
      },
      ...errorResponses,
    },
  }),
};

function uploadFormat(c: Context): 'csv' | 'ndjson' {
  const header = c.req.header('content-type') ?? '';
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  const format = uploadTypes[type];
  const hint =
    'Send the file as the raw request body with Content-Type text/csv (or application/x-ndjson), e.g. curl --data-binary @customers.csv -H "content-type: text/csv"';
  if (!format) throw new AppError('unsupported_media_type', `${hint} (got ${header || 'no content type'})`);
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice(8)
    .replace(/"/g, '');
  if (charset && !['utf-8', 'utf8', 'us-ascii'].includes(charset))
    throw new AppError('unsupported_media_type', `Import files must be UTF-8 (got charset=${charset})`);
  const encoding = c.req.header('content-encoding');
  if (encoding && encoding.toLowerCase() !== 'identity')
    throw new AppError('unsupported_media_type', `Send the file uncompressed (got Content-Encoding: ${encoding})`);
  return format;
}

export function importsRoutes(
  deps: Deps,
  options: { adapters: Record<ImportEntity, Pick<ImportAdapter<unknown>, 'requiredColumns' | 'knownColumns'>> },
) {
  const router = createRouter();
  router.openapi(routes.upload, async (c) => {
    const a = auth(c);
    const query = c.req.valid('query');
    const format = uploadFormat(c);
    const declared = Number(c.req.header('content-length'));
    if (declared > deps.config.imports.maxBytes)
      throw new AppError(
        'payload_too_large',
        `The file is over the import limit of ${deps.config.imports.maxBytes} bytes`,
      );
    const created = await startUploadedImport(deps, {
      workspaceId: a.workspaceId,
      query,
      format,
      createdBy: a.via === 'token' ? `token:${a.tokenId}` : `user:${a.userId}`,
      body: c.req.raw.body,
      adapters: options.adapters,
    });
    c.header('Location', `/api/v1/imports/${created.id}`);
    return c.json(created, 202);
  });
  router.openapi(routes.list, async (c) =>
    c.json(await listImports(deps, auth(c).workspaceId, c.req.valid('query')), 200),
  );
  router.openapi(routes.get, async (c) =>
    c.json(await getImport(deps, auth(c).workspaceId, c.req.valid('param').id), 200),
  );
  router.openapi(routes.errors, async (c) => {
    const { workspaceId } = auth(c);
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    if (q.format === 'json') return c.json(await listErrors(deps, workspaceId, id, q), 200);
    const writeAll = await errorsCsvWriter(deps, workspaceId, id);
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="import-${id}-errors.csv"`);
    return stream(c, async (s) => {
      await writeAll((chunk) => s.write(chunk).then(() => {}));
    }) as never;
  });
  return router;
}
