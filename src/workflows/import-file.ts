// Importing a file spans the imports engine and every domain's adapter: the registry of
// adapters lives here, with the use case that records the import and runs it.
import type { Readable } from 'node:stream';
import type { Db } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { newId } from '../ids.ts';
import { productsImportAdapter, transactionsImportAdapter } from '../modules/commerce/index.ts';
import { contractsImportAdapter } from '../modules/contracts/index.ts';
import { customersImportAdapter } from '../modules/customers/index.ts';
import {
  deleteImportScratch,
  failureColumns,
  type ImportAdapter,
  type ImportEntity,
  type ImportSummary,
  insertImport,
  runError,
  runImport,
  updateImport,
} from '../modules/imports/index.ts';
import { interactionsImportAdapter } from '../modules/interactions/index.ts';
import { getWorkspace } from '../modules/workspaces/index.ts';
import { requestLoyaltyEarning } from './loyalty-earning.ts';

export const importAdapters: Record<ImportEntity, ImportAdapter<unknown>> = {
  customers: customersImportAdapter as ImportAdapter<unknown>,
  products: productsImportAdapter as ImportAdapter<unknown>,
  transactions: transactionsImportAdapter as ImportAdapter<unknown>,
  interactions: interactionsImportAdapter as ImportAdapter<unknown>,
  contracts: contractsImportAdapter as ImportAdapter<unknown>,
};

export type ImportFileOptions = {
  workspaceId: string;
  entity: ImportEntity;
  input: Readable;
  format: 'csv' | 'ndjson';
  fileName?: string;
  mapping?: Record<string, string>;
  delimiter?: string;
  createdBy?: string;
  onProgress?: Parameters<typeof runImport>[1]['onProgress'];
};

export async function importFile(
  ctx: { db: Db; now: () => Date } & Partial<Pick<Deps, 'jobs' | 'log' | 'database'>>,
  o: ImportFileOptions,
): Promise<ImportSummary & { importId: string }> {
  const { currency } = await getWorkspace(ctx, o.workspaceId);
  const importId = newId();
  await insertImport(ctx.db, {
    workspaceId: o.workspaceId,
    id: importId,
    entity: o.entity,
    format: o.format,
    source: 'cli',
    delimiter: o.delimiter ?? null,
    status: 'running',
    mapping: o.mapping ?? {},
    fileName: o.fileName ?? null,
    createdBy: o.createdBy ?? null,
    createdAt: ctx.now(),
    startedAt: ctx.now(),
    heartbeatAt: ctx.now(),
  });
  try {
    const summary = await runImport(ctx, { ...o, currency, importId, adapter: importAdapters[o.entity] });
    await updateImport(ctx.db, o.workspaceId, importId, {
      status: summary.fatal ? 'failed' : 'completed',
      ...failureColumns(summary.fatal ?? null),
      rowsTotal: summary.rowsRead,
      warnings: summary.warnings,
      finishedAt: ctx.now(),
    });
    await deleteImportScratch(ctx.db, o.workspaceId, importId);
    // Imported transactions were queued for loyalty earning as they were written; ask a worker
    // to start now (without a job queue, e.g. the CLI, the scheduled run picks them up).
    if (o.entity === 'transactions' && summary.rowsCommitted > 0 && ctx.jobs && ctx.log)
      await requestLoyaltyEarning({ jobs: ctx.jobs, log: ctx.log, now: ctx.now }, o.workspaceId);
    return { ...summary, importId };
  } catch (err) {
    await updateImport(ctx.db, o.workspaceId, importId, {
      status: 'failed',
      ...failureColumns(runError(err)),
      finishedAt: ctx.now(),
    });
    await deleteImportScratch(ctx.db, o.workspaceId, importId);
    throw err;
  }
}
