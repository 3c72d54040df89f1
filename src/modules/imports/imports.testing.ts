// Test helpers for the import engine's tests (imports.keys.test.ts, imports.overlap.test.ts): a
// running import's row, an adapter of one key column, and a run of it over a file of keys, two rows a batch.
import { Readable } from 'node:stream';
import type { Db, Driver } from '../../db/client.ts';
import { newId } from '../../ids.ts';
import type { ImportAdapter } from './imports.adapter.ts';
import { runImport } from './imports.engine.ts';
import { insertImport } from './imports.sources.ts';

type Deps = { db: Db; now: () => Date; database?: { driver: Driver } };

/** An adapter of one column, k, each row its own key; `commit` is the test's. */
export const keyAdapter = (commit: ImportAdapter<string>['commit'], concurrent?: boolean): ImportAdapter<string> => ({
  entity: 'customers',
  tables: {},
  requiredColumns: ['k'],
  knownColumns: ['k'],
  keyOf: (r) => String(r.k),
  groupConsecutive: false,
  ...(concurrent && { concurrent: () => true }),
  parse: ([cells]) => ({ ok: true, row: String(cells.k) }),
  commit,
});

/** A new import, running, of customers from the CLI: its id. */
export async function newRunningImport(deps: Deps, workspaceId: string): Promise<string> {
  const id = newId();
  await insertImport(deps.db, {
    workspaceId,
    id,
    entity: 'customers',
    format: 'csv',
    source: 'cli',
    status: 'running',
    mapping: {},
    createdAt: deps.now(),
  });
  return id;
}

/** runImport of `keys` as a CSV file with one column, k, in batches of two rows. */
export const runKeys = (
  deps: Deps,
  o: { workspaceId: string; importId: string; adapter: ImportAdapter<string>; keys: string[]; skipRows?: number },
) =>
  runImport(deps, {
    workspaceId: o.workspaceId,
    currency: 'BRL',
    importId: o.importId,
    adapter: o.adapter as ImportAdapter<unknown>,
    input: Readable.from([`k\n${o.keys.join('\n')}\n`]),
    format: 'csv',
    batchSize: 2,
    skipRows: o.skipRows ?? 0,
  });
