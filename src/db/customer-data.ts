// Owns the two contracts every domain meets for privacy: a *section* (the rows about one customer
// that a data-subject export includes, read in pages so a large history is never in memory at
// once) and an *eraser* (anonymises the personal data a domain keeps about one customer, inside the
// erasure's transaction). Domains declare theirs in `<domain>.privacy.ts` and export them through
// their index.ts; src/workflows/customer-privacy.ts holds the lists, so a new domain adds one line.
import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './client.ts';

export type CustomerRef = { workspaceId: string; customerId: string };
export type DataRow = Record<string, unknown>;

/** One table's rows about a customer, page by page, oldest key first. */
export type CustomerDataSection = { name: string; pages: (db: Db, ref: CustomerRef) => AsyncIterable<DataRow[]> };

/** What the erased customer was known by: erasers that hold free text scrub these out of it. */
export type ErasedSubject = CustomerRef & { needles: string[]; now: Date };
export type CustomerEraser = { name: string; erase: (tx: Db, subject: ErasedSubject) => Promise<void> };

export const EXPORT_PAGE = 1000;

type Keyed = PgTable & { workspaceId: PgColumn };

/**
 * A section over a table with a workspace column and a unique key column (`id` mostly), selecting
 * the rows that `where` picks for the customer. Keyset paging: each page is one indexed range scan.
 */
export function tableSection<T extends Keyed>(
  name: string,
  table: T,
  key: PgColumn,
  where: (ref: CustomerRef) => SQL | undefined,
): CustomerDataSection {
  return {
    name,
    async *pages(db, ref) {
      let last: unknown;
      for (;;) {
        const rows = (await db
          .select()
          .from(table as PgTable)
          .where(
            and(eq(table.workspaceId, ref.workspaceId), where(ref), last === undefined ? undefined : gt(key, last)),
          )
          .orderBy(asc(key))
          .limit(EXPORT_PAGE)) as DataRow[];
        if (rows.length) yield rows;
        if (rows.length < EXPORT_PAGE) return;
        last = rows.at(-1)?.[keyName(table, key)];
      }
    },
  };
}

/** A section over a table that holds a handful of rows per customer (read in one query). */
export function smallSection<T extends Keyed>(
  name: string,
  table: T,
  where: (ref: CustomerRef) => SQL | undefined,
): CustomerDataSection {
  return {
    name,
    async *pages(db, ref) {
      const rows = (await db
        .select()
        .from(table as PgTable)
        .where(and(eq(table.workspaceId, ref.workspaceId), where(ref)))) as DataRow[];
      if (rows.length) yield rows;
    },
  };
}

function keyName(table: PgTable, key: PgColumn): string {
  for (const [prop, col] of Object.entries(table as unknown as Record<string, unknown>)) if (col === key) return prop;
  throw new Error(`key column ${key.name} not in table`);
}

/** Replaces every needle (case-insensitive) in a text with a placeholder. */
export function scrub(text: string, needles: string[], placeholder = '[erased]'): string {
  let out = text;
  for (const n of needles) {
    if (!n) continue;
    out = out.replace(new RegExp(n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), placeholder);
  }
  return out;
}

/**
 * Whether a column's text (any type, cast) mentions one of the subject's needles, case- and
 * accent-insensitively: for tables that quote people without naming the customer's id (import
 * errors, events about other things).
 */
export function mentions(column: PgColumn | SQL, needles: string[]): SQL {
  const patterns = needles.filter((n) => n.length >= 5).map((n) => `%${n.replace(/[\\%_]/g, '\\$&')}%`);
  if (!patterns.length) return sql`false`;
  const list = sql.join(
    patterns.map((p) => sql`public.f_unaccent(lower(${p}))`),
    sql`, `,
  );
  return sql`public.f_unaccent(lower(${column}::text)) like any (array[${list}])`;
}
