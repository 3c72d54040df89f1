// Running an import uploaded through the API: a worker claims it under a lease, streams its
// stored chunks through the same engine and adapters as `tenure import`, resuming after the
// rows an earlier run settled; and the sweep that revives imports whose process died.
import { Readable } from 'node:stream';
import type { Db } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { problem } from '../lib/problems.ts';
import { newId } from '../ids.ts';
import {
  claimImport,
  deleteImportScratch,
  failStalledImport,
  failureColumns,
  findStalledImports,
  ImportLeaseLostError,
  readImportChunk,
  requeueStalledImport,
  runError,
  RUN_IMPORT_JOB,
  runImport,
  updateImport,
} from '../modules/imports/index.ts';
import { getWorkspace } from '../modules/workspaces/index.ts';
import { importAdapters } from './import-file.ts';

/** Runs of one import before it is given up as failed (each crash or error is one). */
export const MAX_IMPORT_ATTEMPTS = 5;
const SWEEP_BATCH = 500;

async function* storedFile(db: Db, workspaceId: string, importId: string): AsyncGenerator<Buffer> {
  for (let seq = 0; ; seq++) {
    const chunk = await readImportChunk(db, workspaceId, importId, seq);
    if (!chunk) return;
    yield chunk;
  }
}

export type RunOutcome = 'completed' | 'failed' | 'not_claimed' | 'lease_lost';

export async function runUploadedImport(
  ctx: Pick<Deps, 'db' | 'now' | 'log'> & Partial<Pick<Deps, 'database'>>,
  o: { workspaceId: string; importId: string },
): Promise<RunOutcome> {
  const lease = newId();
  const row = await claimImport(ctx.db, o.workspaceId, o.importId, { lease, now: ctx.now() });
  if (!row) return 'not_claimed';
  const finish = async (patch: Parameters<typeof updateImport>[3]) => {
    const held = await updateImport(
      ctx.db,
      o.workspaceId,
      o.importId,
      { ...patch, leaseId: null, finishedAt: ctx.now() },
      { lease },
    );
    if (held) await deleteImportScratch(ctx.db, o.workspaceId, o.importId);
    return held;
  };
  if (row.attempts > MAX_IMPORT_ATTEMPTS) {
    await finish({
      status: 'failed',
      ...failureColumns(problem('gave_up', { attempts: MAX_IMPORT_ATTEMPTS, reason: row.failure ?? '' })),
    });
    return 'failed';
  }
  try {
    const { currency } = await getWorkspace(ctx, o.workspaceId);
    const summary = await runImport(ctx, {
      workspaceId: o.workspaceId,
      currency,
      importId: o.importId,
      adapter: importAdapters[row.entity],
      input: Readable.from(storedFile(ctx.db, o.workspaceId, o.importId), { objectMode: false }),
      format: row.format,
      mapping: row.mapping,
      delimiter: row.delimiter ?? undefined,
      skipRows: row.rowsDone,
      lease,
    });
    const held = await finish({
      status: summary.fatal ? 'failed' : 'completed',
      ...failureColumns(summary.fatal ?? null),
      rowsTotal: summary.rowsRead,
      warnings: summary.warnings.length ? summary.warnings : row.warnings,
    });
    if (!held) return 'lease_lost';
    return summary.fatal ? 'failed' : 'completed';
  } catch (err) {
    if (err instanceof ImportLeaseLostError) return 'lease_lost';
    // Back in the queue for the job's retry (or the sweep); committed batches stay done.
    await updateImport(
      ctx.db,
      o.workspaceId,
      o.importId,
      { status: 'queued', leaseId: null, ...failureColumns(runError(err)) },
      { lease },
    ).catch(() => {});
    throw err;
  }
}

/**
 * Revives imports not heard from since `silentBefore` (default: IMPORT_STALL_SECONDS ago):
 * API imports go back to the queue and get a new run; an abandoned upload or a killed CLI
 * run (nothing to resume from) is marked failed. Safe on any number of workers.
 */
async function sweepOne(
  ctx: Pick<Deps, 'db' | 'jobs'>,
  s: { workspaceId: string; id: string; status: string; source: string },
  now: Date,
  staleBefore: Date,
): Promise<'requeued' | 'failed' | undefined> {
  if (s.source === 'api' && s.status !== 'uploading') {
    if (!(await requeueStalledImport(ctx.db, s.workspaceId, s.id, { now, staleBefore }))) return undefined;
    await ctx.jobs?.send(RUN_IMPORT_JOB, { workspaceId: s.workspaceId, importId: s.id });
    return 'requeued';
  }
  const failure = problem(s.status === 'uploading' ? 'upload_stopped' : 'process_ended');
  if (!(await failStalledImport(ctx.db, s.workspaceId, s.id, { now, staleBefore, failure }))) return undefined;
  await deleteImportScratch(ctx.db, s.workspaceId, s.id);
  return 'failed';
}

export async function sweepStalledImports(
  ctx: Pick<Deps, 'db' | 'now' | 'log' | 'jobs' | 'config'>,
  o: { silentBefore?: Date } = {},
) {
  const now = ctx.now();
  const staleBefore = o.silentBefore ?? new Date(now.getTime() - ctx.config.imports.stallSeconds * 1000);
  const stalled = await findStalledImports(ctx.db, { staleBefore, limit: SWEEP_BATCH });
  const result = { requeued: 0, failed: 0 };
  for (const s of stalled) {
    // One import that cannot be swept is logged and tried again next minute; it must not stop the others.
    try {
      const outcome = await sweepOne(ctx, s, now, staleBefore);
      if (outcome) result[outcome]++;
    } catch (err) {
      ctx.log.error(
        { err, workspaceId: s.workspaceId, importId: s.id },
        'could not sweep a stalled import; the next sweep tries again',
      );
    }
  }
  if (result.requeued || result.failed) ctx.log.info(result, 'swept stalled imports');
  return result;
}
