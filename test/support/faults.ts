// Real failures on demand: a database trigger that makes chosen writes fail with a real error,
// on PGlite and PostgreSQL alike (no mocks), until it is removed — to prove that one bad row does
// not stop a job.
import type { TestApp } from './app.ts';

let seq = 0;

/**
 * Every `op` on `table` whose new (for delete: old) row matches `condition` (SQL over `NEW`/`OLD`)
 * fails with "simulated failure". Returns the function that removes the trigger.
 */
export async function failWrites(
  t: TestApp,
  table: string,
  op: 'INSERT' | 'UPDATE' | 'DELETE',
  condition: string,
): Promise<() => Promise<void>> {
  const name = `test_fault_${++seq}_${Math.random().toString(36).slice(2, 8)}`;
  await t.deps.database.executeSql(`
    create function ${name}() returns trigger language plpgsql as $$
    begin
      if ${condition} then raise exception 'simulated failure' using errcode = 'P0001'; end if;
      return coalesce(new, old);
    end $$;
    create trigger ${name} before ${op} on ${table} for each row execute function ${name}();`);
  return async () => {
    await t.deps.database.executeSql(`drop trigger ${name} on ${table}; drop function ${name}();`);
  };
}

/**
 * Every read of `table` that reaches a row matching `condition` (SQL over the row, named `r`)
 * fails as a lost connection does (SQLSTATE 08006), until the returned function restores it:
 * the table is renamed and a view of it, filtered by a function that raises, takes its name.
 * The function is declared costly so PostgreSQL applies the query's own filters first: reads of
 * other rows are not disturbed.
 */
export async function failReads(t: TestApp, table: string, condition: string): Promise<() => Promise<void>> {
  const name = `test_fault_${++seq}_${Math.random().toString(36).slice(2, 8)}`;
  await t.deps.database.executeSql(`
    alter table ${table} rename to ${name}_table;
    create function ${name}(r ${name}_table) returns boolean language plpgsql cost 1000000 as $$
    begin
      if ${condition} then raise exception 'simulated connection failure' using errcode = '08006'; end if;
      return true;
    end $$;
    create view ${table} as select * from ${name}_table r where ${name}(r);`);
  return async () => {
    await t.deps.database.executeSql(
      `drop view ${table}; drop function ${name}(${name}_table); alter table ${name}_table rename to ${table};`,
    );
  };
}
