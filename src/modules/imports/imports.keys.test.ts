// Duplicate keys across batches and across runs of one import: the engine remembers a batch's
// keys in import_keys, and a later batch (or a resumed run, which skips the rows settled before)
// names the row that had the key first — never a key of its own batch.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { keyAdapter, newRunningImport, runKeys } from './imports.testing.ts';

let t: TestApp;
let workspaceId: string;
const committed: string[] = [];

// Keys only: the engine's duplicate handling is what is under test, not a domain's writes.
const adapter = keyAdapter(async (_db, _o, rows) => {
  committed.push(...rows.map((r) => r.row));
  return new Map();
});

const run = (importId: string, keys: string[], o: { skipRows?: number } = {}) =>
  runKeys(t.deps, { workspaceId, importId, adapter, keys, ...o });
const newImport = () => newRunningImport(t.deps, workspaceId);

const duplicates = (s: Awaited<ReturnType<typeof run>>) =>
  s.errors.map((e) => `${e.rowNumber}:${e.code}:${String(e.params?.value)}@${String(e.params?.row)}`);

beforeAll(async () => {
  t = await createTestApp();
  workspaceId = (await t.workspace('Import keys')).id;
});
afterAll(() => t.close());

describe('duplicate keys across batches', () => {
  test('a key met in an earlier batch names its first row; a batch’s own keys are never its duplicates', async () => {
    committed.length = 0;
    // Batches of two rows: [A B] [C A] [B D] [D]
    const summary = await run(await newImport(), ['A', 'B', 'C', 'A', 'B', 'D', 'D']);
    expect(duplicates(summary)).toEqual(['4:duplicate:A@1', '5:duplicate:B@2', '7:duplicate:D@6']);
    expect(committed).toEqual(['A', 'B', 'C', 'D']);
    expect(summary).toMatchObject({ rowsRead: 7, rowsCommitted: 4, rowsRejected: 3 });
  });

  test('a resumed run finds the keys of the batches an earlier run committed', async () => {
    const id = await newImport();
    committed.length = 0;
    // The first run got through two batches (rows 1–4) before it stopped.
    await run(id, ['A', 'B', 'C', 'E']);
    const resumed = await run(id, ['A', 'B', 'C', 'E', 'F', 'C', 'G', 'A'], { skipRows: 4 });
    expect(duplicates(resumed)).toEqual(['6:duplicate:C@3', '8:duplicate:A@1']);
    expect(committed).toEqual(['A', 'B', 'C', 'E', 'F', 'G']);
  });
});
