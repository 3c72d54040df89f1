// The embedded data folder's lock: held for as long as its process lives, however long that
// process's event loop is busy; taken over only from a process that is gone.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { DataDirBusyError, lockDataDir, takeOver } from './lock.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-lock-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const lockFile = () => path.join(dir, 'tenure.lock.json');
/** What the lock file says of its holder, if there is one. */
const holder = () => (fs.existsSync(lockFile()) ? JSON.parse(fs.readFileSync(lockFile(), 'utf8')) : undefined);
/** The pid of a process that has ended. */
const deadPid = () =>
  spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
const age = (file: string, seconds: number) => {
  const then = new Date(Date.now() - seconds * 1000);
  fs.utimesSync(file, then, then);
};

test('a second opener is refused, names the holder and its port, and may open once the holder releases', async () => {
  const lock = await lockDataDir(dir, { command: 'start' });
  lock.setPort(4321);
  const refused = await lockDataDir(dir, { command: 'workspace' }).catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(DataDirBusyError);
  expect((refused as Error).message).toMatch(
    new RegExp(`in use by process ${process.pid} \\("tenure start" on port 4321`),
  );
  expect((refused as DataDirBusyError).owner).toMatchObject({ pid: process.pid, command: 'start', port: 4321 });
  expect(holder()).toMatchObject({ pid: process.pid, command: 'start', port: 4321 });
  await lock.release();
  expect(fs.existsSync(lockFile())).toBe(false);
  expect(holder()).toBeUndefined();
  const next = await lockDataDir(dir, { command: 'workspace' });
  await next.release();
  // Nothing but the data folder's own files is left behind (no temporary lock files).
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('a live holder keeps the lock however long it has not touched it (a busy event loop is not a crash)', async () => {
  const lock = await lockDataDir(dir, { command: 'start' });
  age(lockFile(), 3600);
  await expect(lockDataDir(dir, { command: 'workspace' })).rejects.toBeInstanceOf(DataDirBusyError);
  await lock.release();
});

test('a lock left by a process that is gone is taken over, and so is one whose pid now belongs to another process', async () => {
  fs.writeFileSync(
    lockFile(),
    JSON.stringify({ pid: Number(deadPid()), command: 'start', startedAt: '2026-01-01', token: 'old' }),
  );
  const taken = await lockDataDir(dir, { command: 'workspace' });
  expect(holder()).toMatchObject({ pid: process.pid, command: 'workspace' });
  await taken.release();

  if (!fs.existsSync('/proc/self/stat')) return; // start times are read from /proc (Linux)
  // Our own pid, recorded by an earlier process with another start time (as after a container restart).
  const reused = { pid: process.pid, command: 'start', startedAt: '2026-01-01', token: 'reused', processStart: '1' };
  fs.writeFileSync(lockFile(), JSON.stringify(reused));
  const again = await lockDataDir(dir, { command: 'workspace' });
  expect(holder()).toMatchObject({ command: 'workspace' });
  await again.release();
});

test("an earlier version's lock directory is respected while fresh and cleared once stale", async () => {
  const legacy = path.join(dir, 'tenure.lock');
  fs.mkdirSync(legacy);
  await expect(lockDataDir(dir, { command: 'start' })).rejects.toBeInstanceOf(DataDirBusyError);
  age(legacy, 60);
  const lock = await lockDataDir(dir, { command: 'start' });
  expect(fs.existsSync(legacy)).toBe(false);
  await lock.release();
});

test('a damaged lock file is refused while recent and cleared once old', async () => {
  fs.writeFileSync(lockFile(), '{"pid": 12');
  await expect(lockDataDir(dir, { command: 'start' })).rejects.toBeInstanceOf(DataDirBusyError);
  age(lockFile(), 60);
  const lock = await lockDataDir(dir, { command: 'start' });
  await lock.release();
});

test('a holder whose lock file is removed underneath it is told, so it can stop before losing data', async () => {
  let lost = '';
  const lock = await lockDataDir(dir, { command: 'start' }, { checkEveryMs: 20, onLost: (why) => (lost = why) });
  fs.rmSync(lockFile());
  const deadline = Date.now() + 5_000;
  while (!lost && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(lost).toMatch(/removed or replaced/);
  await lock.release();
});

test('a takeover racing another process puts back the live lock it moved aside, and clears the stale one it meant', () => {
  const stale = { pid: Number(deadPid()), command: 'start', startedAt: '2026-01-01', token: 'stale' };
  // Another process took the stale lock over first and holds its own by the time we move "it".
  const live = { ...stale, pid: process.pid, token: 'live' };
  fs.writeFileSync(lockFile(), JSON.stringify(live));
  takeOver(lockFile(), stale);
  expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8')).token).toBe('live');
  fs.writeFileSync(lockFile(), JSON.stringify(stale));
  takeOver(lockFile(), stale);
  expect(fs.existsSync(lockFile())).toBe(false);
  expect(fs.readdirSync(dir)).toEqual([]);
});
