// The analyst commands on a large file run again with glibc's malloc asking for transparent huge
// pages (bin/huge-pages.js): when that is decided, and that the second process is the command
// as the user ran it (its output, its exit codes, its messages).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hugePagesEnv, hugePageTunable, rerunFlags } from '../bin/huge-pages.js';
import { bin } from './support/processes.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-huge-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A grouped transaction log of about `mb` MB, 2023–2024, of customers who differ in how often they buy and how soon they leave. */
function log(name: string, mb: number): string {
  const lines = ['customer_id,date,amount'];
  let seed = 7;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const day = (d: number) => new Date(Date.UTC(2023, 0, 1 + d)).toISOString().slice(0, 10);
  for (let k = 0; lines.length * 24 < mb << 20; k++) {
    // Each customer buys every ~gap days until they drop out, with a chance of their own after each purchase.
    const id = `C${String(k).padStart(7, '0')}`;
    const gap = 10 + next(150);
    const drop = next(100);
    for (let d = next(500); d < 730; d += 1 + next(2 * gap)) {
      lines.push(`${id},${day(d)},${(5 + next(5000) / 100).toFixed(2)}`);
      if (next(100) < drop) break;
    }
  }
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('huge pages for the analyst commands (bin/huge-pages.js)', () => {
  const small = path.join(dir, 'small.csv');
  fs.writeFileSync(small, 'customer_id,date\nC1,2024-01-01\n');
  const large = log('large.csv', 65);
  const linux = { platform: 'linux', thpMode: 'madvise', glibc: true };

  it('asks for them only on Linux with glibc, in madvise mode, for a file of 64 MB or more not already tuned', () => {
    expect(hugePagesEnv(['clv', large], {}, linux)).toEqual({ GLIBC_TUNABLES: hugePageTunable });
    expect(hugePagesEnv([large, '--json'], { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, linux)).toEqual({
      GLIBC_TUNABLES: `glibc.malloc.arena_max=2:${hugePageTunable}`,
    });
    // A tunable the caller chose is kept, not overridden.
    expect(hugePagesEnv([large], { GLIBC_TUNABLES: 'glibc.malloc.top_pad=0' }, linux)).toEqual({
      GLIBC_TUNABLES: 'glibc.malloc.top_pad=0:glibc.malloc.hugetlb=1:glibc.malloc.trim_threshold=536870912',
    });
    expect(hugePagesEnv([small, '--json'], {}, linux)).toBeNull();
    expect(hugePagesEnv(['--out', path.join(dir, 'missing.csv')], {}, linux)).toBeNull();
    expect(hugePagesEnv([large], { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }, linux)).toBeNull();
    expect(hugePagesEnv([large], {}, { ...linux, platform: 'darwin' })).toBeNull();
    expect(hugePagesEnv([large], {}, { ...linux, thpMode: 'always' })).toBeNull();
    expect(hugePagesEnv([large], {}, { ...linux, thpMode: 'never' })).toBeNull();
    expect(hugePagesEnv([large], {}, { ...linux, glibc: false })).toBeNull();
  });

  it('has `tenure clv` compile on its running threads on a machine of fewer than four cores', () => {
    expect(rerunFlags('clv', 2)).toEqual(['--no-concurrent-recompilation']);
    expect(rerunFlags('clv', 8)).toEqual([]);
    expect(rerunFlags('retention', 2)).toEqual([]);
  });

  it('runs `tenure clv` on a large file as the user ran it: one JSON object, or exit 65 and the message', () => {
    const run = (calibrationEnd: string) =>
      spawnSync(
        process.execPath,
        [bin, 'clv', large, '--customer-col', 'customer_id', '--date-col', 'date', '--amount-col', 'amount'].concat([
          '--calibration-end',
          calibrationEnd,
          '--json',
        ]),
        { encoding: 'utf8', env: { ...process.env, GLIBC_TUNABLES: '' }, timeout: 120_000 },
      );
    const ok = run('2024-06-30');
    expect(ok.status, ok.stderr).toBe(0);
    const result = JSON.parse(ok.stdout);
    expect(result.transactions).toBe(fs.readFileSync(large, 'utf8').trimEnd().split('\n').length - 1);
    expect(result.converged).toBe(true);
    const bad = run('2020-01-01');
    expect(bad.status).toBe(65);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/--calibration-end 2020-01-01 is before the first transaction/);
  });
});
