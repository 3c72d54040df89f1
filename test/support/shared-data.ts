// Finds the reference data sets (../shared/data beside the repository; CI checks out `shared`
// as a sibling). A worktree may sit deeper, so each ancestor's `shared/data` is tried in turn;
// TENURE_SHARED_DATA overrides. Tests that need the data skip with a message when it is absent.
import fs from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');

function findSharedData(): string | null {
  const override = process.env.TENURE_SHARED_DATA;
  if (override) return fs.existsSync(override) ? override : null;
  for (let dir = path.dirname(repoRoot); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'data');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

export const sharedDataDir = findSharedData();

/** The path of a shared data file, or null (with the reason in `missingDataMessage`). */
export function sharedDataFile(...parts: string[]): string | null {
  if (!sharedDataDir) return null;
  const file = path.join(sharedDataDir, ...parts);
  return fs.existsSync(file) ? file : null;
}

export const missingDataMessage = (what: string) =>
  `skipped: ${what} not found (expected ../shared/data beside the repository, or set TENURE_SHARED_DATA)`;
