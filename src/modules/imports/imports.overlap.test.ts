// Overlapped batches on PostgreSQL: a batch is written while the one before it is still in its
// transaction, yet commits stay in file order — a failure rolls back the batch written beside it,
// rows_done stays a prefix of the file, and a resumed run writes every row exactly once. On
// PGlite batches are written one after another, and the same outcomes hold.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { queryRows } from '../../db/client.ts';
import type { ImportAdapter } from './imports.adapter.ts';
import { keyAdapter, newRunningImport, runKeys } from './imports.testing.ts';

let t: TestApp;
let workspaceId: string;
const overlaps = () => t.deps.database.driver === 'pg';

/** Resolves when `ready` holds, or after `ms` (false): a batch waiting for one that may never start. */
async function waitFor(ready: () => boolean, ms = 1500): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (ready()) return true;
    await new Promise((r) => setTimeout(r, 5));
  }
  return ready();
}

type Hooks = { started: number[]; written: number[]; beforeWrite?: (batch: number) => Promise<void> };

/** Writes each key into a real table whose primary key refuses a second write of it. */
function probeAdapter(hooks: Hooks): ImportAdapter<string> {
  return keyAdapter(async (db, _o, rows) => {
    const batch = Math.ceil(rows[0].rowNumber / 2);
    hooks.started.push(batch);
    await hooks.beforeWrite?.(batch);
    for (const r of rows) await db.execute(sql`insert into import_overlap_probe (k) values (${r.row})`);
    hooks.written.push(batch);
    return new Map();
  }, true);
}

const newImport = () => newRunningImport(t.deps, workspaceId);
const run = (importId: string, adapter: ImportAdapter<string>, keys: string[], skipRows = 0) =>
  runKeys(t.deps, { workspaceId, importId, adapter, keys, skipRows });

const probed = async () =>
  (await queryRows<{ k: string }>(t.deps.db, sql`select k from import_overlap_probe order by k`)).map((r) => r.k);
const rowsDone = async (id: string) =>
  (await queryRows<{ n: number }>(t.deps.db, sql`select rows_done n from imports where id = ${id}`))[0].n;

beforeAll(async () => {
  t = await createTestApp();
  workspaceId = (await t.workspace('Import overlap')).id;
  await t.deps.database.executeSql('create table import_overlap_probe (k text primary key)');
});
afterAll(async () => {
  await t.deps.database.executeSql('drop table import_overlap_probe');
  await t.close();
});

describe('overlapped batches', () => {
  test('the next batch is written while one is in its transaction; repeated keys across them are still caught', async () => {
    await t.deps.database.executeSql('truncate import_overlap_probe');
    const hooks: Hooks = { started: [], written: [] };
    let sawNext = false;
    // Batch 1 holds its transaction open until batch 2 has started writing (PostgreSQL only).
    hooks.beforeWrite = async (batch) => {
      if (batch === 1) sawNext = await waitFor(() => hooks.started.includes(2), overlaps() ? 5000 : 200);
    };
    // Batches of two rows: [A B] [C D] [E C] [B F]; batch 3's C waits for batch 2 to commit.
    const summary = await run(await newImport(), probeAdapter(hooks), ['A', 'B', 'C', 'D', 'E', 'C', 'B', 'F']);
    expect(sawNext).toBe(overlaps());
    expect(summary.errors.map((e) => `${e.rowNumber}:${e.code}@${String(e.params?.row)}`)).toEqual([
      '6:duplicate@3',
      '7:duplicate@2',
    ]);
    expect(summary).toMatchObject({ rowsRead: 8, rowsCommitted: 6, rowsRejected: 2 });
    expect(await probed()).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
  });

  test('a batch that fails rolls back the one written beside it; a resumed run writes every row exactly once', async () => {
    await t.deps.database.executeSql('truncate import_overlap_probe');
    const id = await newImport();
    const keys = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'];
    const hooks: Hooks = { started: [], written: [] };
    // Batch 3 fails, on PostgreSQL only once batch 4 has written its rows in its own transaction.
    hooks.beforeWrite = async (batch) => {
      if (batch !== 3) return;
      await waitFor(() => hooks.written.includes(4), overlaps() ? 5000 : 200);
      throw new Error('batch 3 failed');
    };
    await expect(run(id, probeAdapter(hooks), keys)).rejects.toThrow('batch 3 failed');
    expect(hooks.written.includes(4)).toBe(overlaps());
    expect(await probed()).toEqual(['A', 'B', 'C', 'D']);
    expect(await rowsDone(id)).toBe(4);

    const resumed = await run(id, probeAdapter({ started: [], written: [] }), keys, await rowsDone(id));
    expect(resumed).toMatchObject({ rowsCommitted: 5, rowsRejected: 0 });
    expect(await probed()).toEqual(keys);
    expect(await rowsDone(id)).toBe(keys.length);
  });
});
