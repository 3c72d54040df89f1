// Tenure's schema must distribute by workspace_id (Citus) without redesign: read from the
// catalogue of a migrated database, so every table a later migration adds is held to it.
// The plan this protects is docs/scaling.md.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/database.ts';

/**
 * Tables that would be Citus *reference* tables (copied to every node) or stay local to the
 * coordinator: identities and sign-in state, looked up before any workspace is known.
 * Everything else is distributed by workspace_id.
 */
const referenceTables = new Set([
  'workspaces',
  'users',
  'sessions',
  'api_tokens',
  'invitations',
  'second_factors',
  'password_resets',
  'login_failures',
  'rate_limit_hits',
]);

let t: TestDatabase;
const rows = async <T>(text: string) => (await t.database.executeSql(text, [])).rows as T[];

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

type Table = { name: string; hasWorkspace: boolean };

async function tables(): Promise<Table[]> {
  return rows<Table>(`
    select c.relname as name,
           exists (select 1 from pg_attribute a
                   where a.attrelid = c.oid and a.attname = 'workspace_id' and not a.attisdropped) as "hasWorkspace"
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname not like '\\_\\_%'
    order by 1`);
}

test('every table is either distributed by workspace_id or listed as a reference table', async () => {
  const all = await tables();
  expect(all.length).toBeGreaterThan(40);
  const stray = all.filter((x) => !x.hasWorkspace && !referenceTables.has(x.name)).map((x) => x.name);
  expect(stray, 'tables without workspace_id that are not reference tables').toEqual([]);
  const missing = [...referenceTables].filter((name) => !all.some((x) => x.name === name));
  expect(missing, 'reference tables listed here that no longer exist').toEqual([]);
});

test('every primary key and unique index of a distributed table includes workspace_id', async () => {
  const offenders = await rows<{ tbl: string; idx: string }>(`
    select c.relname as tbl, i.relname as idx
    from pg_index x
    join pg_class c on c.oid = x.indrelid
    join pg_class i on i.oid = x.indexrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and x.indisunique
      and not exists (select 1 from pg_attribute a
                      where a.attrelid = c.oid and a.attname = 'workspace_id' and a.attnum = any (x.indkey))
    order by 1, 2`);
  const distributed = offenders.filter((o) => !referenceTables.has(o.tbl));
  expect(distributed, 'unique indexes that would have to be checked across shards').toEqual([]);
  // The check can fail: identity tables do have such indexes.
  expect(offenders.some((o) => o.tbl === 'api_tokens')).toBe(true);
});

test('foreign keys between distributed tables carry workspace_id on both sides; reference tables never point at distributed ones', async () => {
  const fks = await rows<{ tbl: string; con: string; ref: string; local: boolean; remote: boolean }>(`
    select c.relname as tbl, k.conname as con, f.relname as ref,
           exists (select 1 from pg_attribute a
                   where a.attrelid = c.oid and a.attname = 'workspace_id' and a.attnum = any (k.conkey)) as local,
           exists (select 1 from pg_attribute a
                   where a.attrelid = f.oid and a.attname = 'workspace_id' and a.attnum = any (k.confkey)) as remote
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_class f on f.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and k.contype = 'f'
    order by 1, 2`);
  expect(fks.length).toBeGreaterThan(20);
  const crossShard = fks.filter(
    (fk) => !referenceTables.has(fk.tbl) && !referenceTables.has(fk.ref) && !(fk.local && fk.remote),
  );
  expect(crossShard, 'foreign keys that would cross shards').toEqual([]);
  const backwards = fks.filter((fk) => referenceTables.has(fk.tbl) && !referenceTables.has(fk.ref));
  expect(backwards, 'reference tables pointing at distributed tables (Citus refuses these)').toEqual([]);
});
