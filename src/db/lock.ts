// Owns the exclusive lock on an embedded data folder. PGlite has no cross-process locking:
// a second process opening the same folder silently loses writes, so we never allow one.
//
// The lock is a file naming its holder (pid, and on Linux the process's start time). It is held
// for as long as that process lives: no heartbeat, so a holder whose event loop is busy for a
// while (PGlite runs queries on the main thread) can never be taken for a crashed one. A lock
// whose process is gone, or whose pid now belongs to another process, is stale and taken over.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type LockOwner = { pid: number; command: string; port?: number; startedAt: string };
type LockFile = LockOwner & { token: string; processStart?: string };

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

const lockPath = (dataDir: string) => path.join(dataDir, 'tenure.lock.json');
// Earlier versions locked with a directory refreshed every few seconds, stale after 10 s.
const legacyLockPath = (dataDir: string) => path.join(dataDir, 'tenure.lock');
const LEGACY_STALE_MS = 10_000;
// Every lock file is written whole before it appears, so one that cannot be read for this long is damaged.
const DAMAGED_MS = 10_000;

/** The process's start time in clock ticks since boot (Linux), so a reused pid is not taken for the holder. */
function processStart(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isAlive(owner: LockFile): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!owner.processStart) return true;
  const start = processStart(owner.pid);
  return start === undefined || start === owner.processStart;
}

function readLock(file: string): LockFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockFile;
  } catch {
    return undefined;
  }
}

/** Writes the file whole under a temporary name first, so no reader ever sees half of it. */
function writeTemp(dataDir: string, content: LockFile): string {
  const temp = path.join(dataDir, `.tenure.lock.${content.token}.${crypto.randomUUID()}`);
  fs.writeFileSync(temp, JSON.stringify(content));
  return temp;
}

function clearLegacyLock(dataDir: string): void {
  const legacy = legacyLockPath(dataDir);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(legacy);
  } catch {
    return;
  }
  if (Date.now() - stat.mtimeMs < LEGACY_STALE_MS) throw new DataDirBusyError(dataDir, undefined);
  fs.rmSync(legacy, { recursive: true, force: true });
  fs.rmSync(path.join(dataDir, 'owner.json'), { force: true });
}

/** Moves a stale lock aside; puts it back when another process replaced it in the meantime. */
export function takeOver(file: string, stale: LockFile): void {
  const aside = `${file}.stale.${crypto.randomUUID()}`;
  try {
    fs.renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (readLock(aside)?.token !== stale.token) {
    // A live holder's new lock: put it back unless a third process has linked its own since (then
    // the holder's watch finds its file gone and stops, as it would if anyone removed it).
    try {
      fs.linkSync(aside, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  fs.rmSync(aside, { force: true });
}

/** Locks the folder for this process; throws DataDirBusyError when another live process holds it. */
export async function lockDataDir(
  dataDir: string,
  owner: Omit<LockOwner, 'pid' | 'startedAt'>,
  options: { checkEveryMs?: number; onLost?: (reason: string) => void } = {},
): Promise<{ release: () => Promise<void>; setPort: (port: number) => void }> {
  fs.mkdirSync(dataDir, { recursive: true });
  clearLegacyLock(dataDir);
  const file = lockPath(dataDir);
  const info: LockFile = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    ...owner,
    token: crypto.randomUUID(),
    processStart: processStart(process.pid),
  };
  const temp = writeTemp(dataDir, info);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        fs.linkSync(temp, file); // atomic, and fails when the file exists
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const held = readLock(file);
      if (attempt >= 3 || (held && isAlive(held))) throw new DataDirBusyError(dataDir, held);
      if (held) takeOver(file, held);
      // Unreadable: released between our link and our read (try again), or damaged long ago.
      else if (Date.now() - (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > DAMAGED_MS)
        fs.rmSync(file, { force: true });
    }
  } finally {
    fs.rmSync(temp, { force: true });
  }

  const ours = () => readLock(file)?.token === info.token;
  const onLost =
    options.onLost ??
    ((reason: string) => {
      // Someone removed our lock: continuing could corrupt data, so stop hard.
      console.error(`Lost the lock on ${dataDir}: ${reason}. Exiting to protect the data.`);
      process.exit(70);
    });
  const watch = setInterval(() => {
    if (ours()) return;
    clearInterval(watch);
    onLost(`${file} was removed or replaced`);
  }, options.checkEveryMs ?? 2_500);
  watch.unref();
  const removeIfOurs = () => {
    if (ours()) fs.rmSync(file, { force: true });
  };
  process.on('exit', removeIfOurs);

  return {
    setPort: (port) => {
      info.port = port;
      fs.renameSync(writeTemp(dataDir, info), file); // atomic replace
    },
    release: async () => {
      clearInterval(watch);
      process.off('exit', removeIfOurs);
      removeIfOurs();
    },
  };
}
