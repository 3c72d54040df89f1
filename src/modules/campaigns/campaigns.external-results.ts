// Owns the results of an experiment run elsewhere, uploaded to a campaign: a CSV of one row per
// customer with the arm it was in and one or more outcome columns, read by the shared CSV reader
// (lib/csv-table) and analysed by the code of `tenure uplift` (analytics' analyseUpliftTable:
// Newcombe's interval and the pooled z-test for 0/1 outcomes, Welch's t otherwise). Each upload is
// kept with the campaign with its analysis, so the results can be read again. A bad file is a 422
// naming the line.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Ctx } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { readCsvTable, requireColumn } from '../../lib/csv-table.ts';
import { analyseUpliftTable } from '../analytics/files.ts';
import { findCampaign } from './campaigns.repository.ts';
import { type ExternalResultRow, insertExternalResult, listExternalResults } from './campaigns.uplift.repository.ts';
import { problem } from '../../lib/problems.ts';

/** The largest results file accepted (bytes). */
export const MAX_RESULTS_BYTES = 20 * 1024 * 1024;
/** Uploads kept per campaign that a read returns, newest first. */
const LIST_LIMIT = 50;

export type ExternalResultsInput = { armCol?: string; control?: string; outcomes?: string[]; delimiter: string };

const toDto = (r: ExternalResultRow) => ({
  id: r.id,
  campaignId: r.campaignId,
  armColumn: r.armColumn,
  control: r.control,
  rows: r.rows,
  uploadedBy: r.uploadedBy,
  createdAt: r.createdAt.toISOString(),
  analysis: r.analysis,
});

const invalid = (message: string) => new AppError('validation_failed', message);
const tooLarge = () => new AppError('payload_too_large', `The file is over the limit of ${MAX_RESULTS_BYTES} bytes`);
const csvTypes = /^(text|application)\/csv\b/i;

/** Reads the body into a temporary file (the CSV reader works on files), refusing it past the limit. */
async function spool(body: ReadableStream<Uint8Array> | null, file: string, limit: number) {
  if (!body) throw invalid('Send the CSV file as the request body');
  const handle = await fs.open(file, 'wx', 0o600);
  let total = 0;
  try {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > limit) throw tooLarge();
      await handle.write(chunk);
    }
  } finally {
    await handle.close();
  }
  if (total === 0) throw invalid('The file is empty (expected a header line and rows)');
}

export async function uploadExternalResults(
  ctx: Ctx,
  ws: string,
  campaignId: string,
  input: ExternalResultsInput & { body: ReadableStream<Uint8Array> | null; contentType: string; declaredBytes: number },
  uploadedBy: string | null,
) {
  if (!(await findCampaign(ctx.db, ws, campaignId))) throw notFound('Campaign');
  const { armCol, control, outcomes } = input;
  if (armCol === undefined || control === undefined || outcomes === undefined)
    throw new AppError('validation_failed', 'The request has invalid fields; see errors', {
      fields: (['armCol', 'control', 'outcomes'] as const)
        .filter((k) => input[k] === undefined)
        .map((k) => ({ path: `query.${k}`, ...problem('required') })),
    });
  if (!csvTypes.test(input.contentType))
    throw new AppError(
      'unsupported_media_type',
      `Send the file as text/csv (got ${input.contentType || 'no content type'})`,
    );
  if (input.declaredBytes > MAX_RESULTS_BYTES) throw tooLarge();
  if (outcomes.includes(armCol)) throw invalid(`the arm column "${armCol}" cannot also be an outcome`);
  const file = path.join(os.tmpdir(), `tenure-results-${randomUUID()}.csv`);
  let analysis;
  try {
    await spool(input.body, file, MAX_RESULTS_BYTES);
    const table = await readCsvTable(file, {
      delimiter: input.delimiter,
      keep: (header) => {
        requireColumn(header, armCol, 'armCol');
        for (const c of outcomes) requireColumn(header, c, 'outcomes');
        return [...new Set([armCol, ...outcomes])];
      },
    });
    analysis = analyseUpliftTable(table, { armCol, control, outcomes });
  } catch (err) {
    // The reader names its file: the client knows it as "the file", not by our temporary path.
    if (err instanceof AppError && err.message.includes(file))
      throw new AppError(err.code, err.message.replaceAll(file, 'the file'));
    throw err;
  } finally {
    await fs.rm(file, { force: true });
  }
  const row = await insertExternalResult(ctx.db, {
    workspaceId: ws,
    campaignId,
    id: newId(),
    armColumn: armCol,
    control,
    rows: analysis.rows,
    analysis,
    uploadedBy,
    createdAt: ctx.now(),
  });
  return toDto(row);
}

export async function listCampaignExternalResults(ctx: Ctx, ws: string, campaignId: string) {
  if (!(await findCampaign(ctx.db, ws, campaignId))) throw notFound('Campaign');
  return { items: (await listExternalResults(ctx.db, ws, campaignId, LIST_LIMIT)).map(toDto) };
}
