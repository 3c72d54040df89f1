// Owns fast multi-row inserts: one statement per batch with ONE parameter per column (a JSON
// array of that column's values, unnested in order), so statement size and parse cost do
// not grow with the number of rows — on PostgreSQL and PGlite alike.
import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { type Db, queryRows } from './client.ts';

const pgTextArray = (items: unknown[]) => `{${items.map((s) => `"${String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;

function wireValue(value: unknown, sqlType: string): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (sqlType.endsWith('[]')) return pgTextArray(value as unknown[]);
  if (sqlType === 'jsonb') return JSON.stringify(value);
  return value;
}

export async function insertUnnest<T extends PgTable>(
  db: Db,
  table: T,
  rows: T['$inferInsert'][],
  options: { onConflict?: SQL; returning?: string[] } = {},
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const present = Object.entries(getTableColumns(table)).filter(([key, column]) => !('generated' in column && column.generated) && rows.some((r) => (r as Record<string, unknown>)[key] !== undefined));
  const names = sql.join(present.map(([, c]) => sql.identifier(c.name)), sql`, `);
  const selects = sql.join(
    present.map(([key, column]) => {
      const type = column.getSQLType();
      const values = rows.map((r) => wireValue((r as Record<string, unknown>)[key], type));
      return sql`(select array_agg(e.x order by e.n) from json_array_elements_text(${JSON.stringify(values)}::json) with ordinality as e(x, n))`;
    }),
    sql`, `,
  );
  const casts = sql.raw(present.map(([, c], i) => `c${i}::${c.getSQLType()}`).join(', '));
  const aliases = sql.raw(present.map((_, i) => `c${i}`).join(', '));
  const returning = options.returning?.length ? sql.raw(` returning ${options.returning.map((r) => `"${r}"`).join(', ')}`) : sql``;
  return queryRows(
    db,
    sql`insert into ${sql.identifier(getTableName(table))} (${names}) select ${casts} from unnest(${selects}) as u(${aliases}) ${options.onConflict ?? sql``}${returning}`,
  );
}
