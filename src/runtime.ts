// Owns opening Tenure's resources for one process: the data-folder lock (embedded only),
// the database, migrations, and the Deps bundle every service receives.
import type { Config } from './config.ts';
import { openDatabase } from './db/client.ts';
import { lockDataDir } from './db/lock.ts';
import { migrateDatabase } from './db/migrate.ts';
import type { Deps } from './deps.ts';
import type { Logger } from './logger.ts';

export type Runtime = { deps: Deps; setPort: (port: number) => void; close: () => Promise<void> };

export async function openRuntime(
  config: Config,
  options: { command: string; log: Logger; migrate?: boolean },
): Promise<Runtime> {
  const lock = config.databaseUrl ? undefined : await lockDataDir(config.dataDir, { command: options.command });
  try {
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      poolSize: config.databasePoolSize,
      dataDir: config.dataDir,
    });
    if (options.migrate !== false) await migrateDatabase(database);
    const deps: Deps = { config, database, db: database.db, log: options.log, now: () => new Date() };
    return {
      deps,
      setPort: (port) => lock?.setPort(port),
      close: async () => {
        await database.close();
        await lock?.release();
      },
    };
  } catch (err) {
    await lock?.release();
    throw err;
  }
}
