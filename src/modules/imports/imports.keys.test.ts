// Duplicate keys across batches and across runs of one import: the engine remembers a batch's
// keys in import_keys, and a later batch (or a resumed run, which skips the rows settled before)
// names the row that had the key first — never a key of its own batch.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queryRows } from '../../db/client.ts';
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

// While every key of the file ascends, a batch's keys are one row of import_key_runs; the first
// batch whose keys do not moves them all into import_keys (imports.repository.ts, recordImportKeys).
describe('keys that ascend', () => {
  const stored = async (importId: string) => {
    const [counts] = await queryRows<{ runs: number; keys: number }>(
      t.deps.db,
      sql`select (select count(*)::int from import_key_runs where import_id = ${importId}) runs,
                 (select count(*)::int from import_keys where import_id = ${importId}) keys`,
    );
    return counts;
  };

  test('are kept as one row a batch, with nothing to look up', async () => {
    const id = await newImport();
    committed.length = 0;
    const summary = await run(id, ['A1', 'A2', 'B1', 'B2', 'C']);
    expect(summary).toMatchObject({ rowsRead: 5, rowsCommitted: 5, rowsRejected: 0 });
    expect(await stored(id)).toEqual({ runs: 3, keys: 0 });
  });

  test('until a batch’s keys do not: the earlier keys move into import_keys and a repeat of one names its row', async () => {
    const id = await newImport();
    committed.length = 0;
    // [A B] [C D] ascend; [E B] does not (B repeats row 2), and later batches are looked up key by key.
    const summary = await run(id, ['A', 'B', 'C', 'D', 'E', 'B', 'F', 'C']);
    expect(duplicates(summary)).toEqual(['6:duplicate:B@2', '8:duplicate:C@3']);
    expect(committed).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(await stored(id)).toEqual({ runs: 0, keys: 6 });
  });

  test('a key equal to the one before is not ascending, even across batches', async () => {
    const id = await newImport();
    const summary = await run(id, ['A', 'B', 'B', 'C']);
    expect(duplicates(summary)).toEqual(['3:duplicate:B@2']);
  });

  test('a resumed run goes on from the last ascending key the earlier run stored', async () => {
    const id = await newImport();
    committed.length = 0;
    await run(id, ['A', 'B', 'C', 'D']);
    expect(await stored(id)).toEqual({ runs: 2, keys: 0 });
    // Still ascending after the resume: one more run, nothing looked up.
    await run(id, ['A', 'B', 'C', 'D', 'E', 'F'], { skipRows: 4 });
    expect(await stored(id)).toEqual({ runs: 3, keys: 0 });
    // A key below the last stored one, after a resume: the runs are spread and it is found.
    const resumed = await run(id, ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'D'], { skipRows: 6 });
    expect(duplicates(resumed)).toEqual(['8:duplicate:D@4']);
    expect(await stored(id)).toEqual({ runs: 0, keys: 7 });
  });
});
