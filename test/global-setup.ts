// Prepares the database side of a test run. On PostgreSQL (TENURE_TEST_DRIVER=pg) it builds
// one migrated template database; each test file then gets a fresh copy of it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { openDatabase } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
    pgliteTemplate: string;
  }
}

export const testDriver = () => (process.env.TENURE_TEST_DRIVER === 'pg' ? 'pg' : 'pglite');

export function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    throw new Error(
      'TENURE_TEST_DRIVER=pg needs TEST_DATABASE_URL=postgres://user@host:port/db (a database the tests may create databases from)',
    );
  return url;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  if (testDriver() !== 'pg') {
    // A new PGlite cluster costs an initdb (seconds on a busy machine) and the migrations;
    // each test file instead loads one migrated cluster dumped here.
    const database = await openDatabase({ dataDir: 'memory' });
    await migrateDatabase(database);
    const dump = await database.pglite!.dumpDataDir('none');
    await database.close();
    const file = path.join(os.tmpdir(), `tenure-pglite-template-${process.pid}.tar`);
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('pgTemplate', '');
    project.provide('pgliteTemplate', file);
    return () => fs.rmSync(file, { force: true });
  }
  project.provide('pgliteTemplate', '');
  const url = adminUrl();
  const template = `tenure_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const database = await openDatabase({ databaseUrl: withDatabase(url, template), poolSize: 2 });
  await migrateDatabase(database);
  await database.close();
  project.provide('pgTemplate', template);

  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like 'tenure\\_t\\_${process.pid}\\_%' or datname = $1`,
      [template],
    );
    for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
    await admin.end();
  };
}
