// A fresh, migrated database for one test file: in-memory PGlite loaded from the cluster
// global-setup migrated and dumped, or a copy of the PostgreSQL template it made.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { adminUrl, testDriver, withDatabase } from '../global-setup.ts';

export { testDriver };

export type TestDatabase = { database: Database; url?: string; drop: () => Promise<void> };

let templateBlob: Blob | undefined;

/** The migrated PGlite cluster global-setup dumped, read once per test process. */
function pgliteTemplate(): Blob | undefined {
  const file = process.env.VITEST ? inject('pgliteTemplate') : undefined;
  if (!file) return undefined;
  templateBlob ??= new Blob([fs.readFileSync(file)]);
  return templateBlob;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDriver() !== 'pg') {
    const template = pgliteTemplate();
    const database = await openDatabase({ dataDir: 'memory', loadDataDir: template });
    if (!template) await migrateDatabase(database);
    return { database, drop: () => database.close() };
  }
  // Outside Vitest (a benchmark reusing a test's rig, e.g. bench/scale-out.ts) there is no template
  // from global-setup: the database is made empty and migrated here.
  const template = process.env.VITEST ? inject('pgTemplate') : undefined;
  const name = template
    ? `tenure_t_${template.replace('tenure_tpl_', '')}_${randomBytes(4).toString('hex')}`
    : `tenure_b_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    // Copies from one template may collide on its lock; a short retry settles it.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
        break;
      } catch (err) {
        if (attempt >= 10) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
      }
    }
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl(), name);
  const database = await openDatabase({ databaseUrl: url, poolSize: 20 });
  if (!template) await migrateDatabase(database);
  return {
    database,
    url,
    drop: async () => {
      await database.close();
      const a = new pg.Client({ connectionString: adminUrl() });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
