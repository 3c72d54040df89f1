// Owns the database connection: PGlite (embedded, in a data folder or in memory) or a
// node-postgres pool, both behind one Drizzle handle and one raw SQL function.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { useDrizzleParsers } from './pglite-parsers.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Driver = 'pglite' | 'pg';
export type SqlRows = { rows: Record<string, unknown>[]; rowCount?: number | null };

export type Database = {
  db: Db;
  driver: Driver;
  /** One statement with parameters, or (no parameters) any number of statements. */
  executeSql: (text: string, values?: unknown[]) => Promise<SqlRows>;
  close: () => Promise<void>;
  /** The underlying pool (pg) or instance (PGlite), for pg-boss, COPY and migrations. */
  pool?: pg.Pool;
  pglite?: PGlite;
};

// int8 (bigint, counts) as JS numbers would silently lose precision past 2^53; we read
// them as strings and convert where a safe range is known. numeric stays a string.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export type OpenOptions = {
  databaseUrl?: string;
  poolSize?: number;
  dataDir?: string | 'memory';
  /** PGlite only: start from a dumped cluster (`dumpDataDir`) instead of an empty one. */
  loadDataDir?: Blob;
};

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir ?? 'memory', options.loadDataDir);
}

/** The PGlite cluster lives in a sub-folder so the data folder can also hold the lock file. */
export const pgliteDir = (dataDir: string) => path.join(dataDir, 'pglite');

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<Database> {
  let dir: string | undefined;
  if (dataDir !== 'memory') {
    dir = pgliteDir(dataDir);
    fs.mkdirSync(dir, { recursive: true });
  }
  const client = await PGlite.create({ dataDir: dir, loadDataDir, extensions: { pg_trgm, btree_gin, unaccent } });
  const asPglite = useDrizzleParsers(client);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  const executeSql = async (text: string, values?: unknown[]): Promise<SqlRows> => {
    if (values && values.length > 0) {
      const r = asPglite(await client.query<Record<string, unknown>>(text, values));
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    }
    // PGlite's query() takes exactly one statement; exec() takes a script.
    const results = await client.exec(text);
    const last = results.at(-1);
    if (last) asPglite(last);
    return { rows: (last?.rows ?? []) as Record<string, unknown>[], rowCount: last?.affectedRows ?? 0 };
  };
  return { db, driver: 'pglite', executeSql, close: () => client.close(), pglite: client };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  // PGAPPNAME (libpq's own variable) names a process's sessions in pg_stat_activity, e.g. one per
  // API process and worker when several share the database; 'tenure' otherwise.
  const applicationName = process.env.PGAPPNAME || 'tenure';
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: applicationName });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const executeSql = async (text: string, values?: unknown[]): Promise<SqlRows> => {
    const r = await pool.query(text, values as unknown[] | undefined);
    const last = Array.isArray(r) ? r.at(-1) : r;
    return { rows: last?.rows ?? [], rowCount: last?.rowCount };
  };
  return { db, driver: 'pg', executeSql, close: () => pool.end(), pool };
}

type ExecResult = { rows?: Record<string, unknown>[]; rowCount?: number | null; affectedRows?: number };

/** Rows of a raw SQL query; both drivers return `{ rows }`. */
export async function queryRows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as ExecResult;
  return (result.rows ?? []) as T[];
}

/** How many rows a raw SQL statement changed (node-postgres: rowCount; PGlite: affectedRows). */
export async function execCount(db: Db, query: SQL): Promise<number> {
  const result = (await db.execute(query)) as unknown as ExecResult;
  return Number(result.rowCount ?? result.affectedRows ?? 0);
}
