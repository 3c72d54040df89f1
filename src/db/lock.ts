// Owns the exclusive lock on an embedded data folder. PGlite has no cross-process locking:
// a second process opening the same folder silently loses writes, so we never allow one.
import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';

export type LockOwner = { pid: number; command: string; port?: number; startedAt: string };

export class DataDirBusyError extends Error {
  override name = 'DataDirBusyError';
  readonly owner: LockOwner | undefined;
  constructor(dataDir: string, owner: LockOwner | undefined) {
    const who = owner
      ? `process ${owner.pid} ("tenure ${owner.command}"${owner.port ? ` on port ${owner.port}` : ''}, since ${owner.startedAt})`
      : 'another process';
    super(
      `The data folder ${dataDir} is in use by ${who}.\n` +
        'The embedded database can be opened by one process at a time; opening it twice would lose writes, so nothing was done.\n' +
        (owner?.port
          ? `Use the running server instead (API: http://localhost:${owner.port}/docs), or stop it and run this command again.`
          : 'Stop that process and run this command again.') +
        '\nTo run several processes at once, use PostgreSQL: set DATABASE_URL.',
    );
    this.owner = owner;
  }
}

const ownerFile = (dataDir: string) => path.join(dataDir, 'owner.json');

export function readLockOwner(dataDir: string): LockOwner | undefined {
  try {
    return JSON.parse(fs.readFileSync(ownerFile(dataDir), 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/** Locks the folder for this process; throws DataDirBusyError when another process holds it. */
export async function lockDataDir(
  dataDir: string,
  owner: Omit<LockOwner, 'pid' | 'startedAt'>,
): Promise<{ release: () => Promise<void>; setPort: (port: number) => void }> {
  fs.mkdirSync(dataDir, { recursive: true });
  let release: () => Promise<void>;
  try {
    // The lock is refreshed every few seconds; a crashed holder's lock goes stale after 10 s.
    release = await lockfile.lock(dataDir, {
      lockfilePath: path.join(dataDir, 'tenure.lock'),
      stale: 10_000,
      update: 2_500,
      retries: 0,
      onCompromised: (err) => {
        // Someone removed our lock: continuing could corrupt data, so stop hard.
        console.error(`Lost the lock on ${dataDir}: ${err.message}. Exiting to protect the data.`);
        process.exit(70);
      },
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') throw new DataDirBusyError(dataDir, readLockOwner(dataDir));
    throw err;
  }
  const info: LockOwner = { pid: process.pid, startedAt: new Date().toISOString(), ...owner };
  const write = () => fs.writeFileSync(ownerFile(dataDir), JSON.stringify(info));
  write();
  return {
    setPort: (port) => {
      info.port = port;
      write();
    },
    release: async () => {
      fs.rmSync(ownerFile(dataDir), { force: true });
      await release();
    },
  };
}
