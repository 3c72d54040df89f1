// The `tenure` command runs the prebuilt bundle (dist/tenure.mjs, made by `npm install`) while it
// is current and the TypeScript sources through tsx otherwise: both must be the same program.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin } from './support/processes.ts';

const bundle = path.resolve(import.meta.dirname, '../dist/tenure.mjs');
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });

describe('the tenure command', { timeout: 180_000 }, () => {
  it('is built at install and answers the same as the sources do', () => {
    expect(fs.existsSync(bundle), 'dist/tenure.mjs is missing: `npm install` runs `npm run build:cli`').toBe(true);
    const fromBundle = run(['--help']);
    const fromSource = run(['--help'], { TENURE_FROM_SOURCE: '1' });
    expect(fromBundle.status).toBe(0);
    expect(fromSource.status).toBe(0);
    expect(fromBundle.stdout).toContain('clv');
    expect(fromBundle.stdout).toBe(fromSource.stdout);
  });

  it('runs import and export from their own bundle (dist/tenure-import.mjs), the same commands as the full CLI', () => {
    expect(fs.existsSync(path.resolve(import.meta.dirname, '../dist/tenure-import.mjs'))).toBe(true);
    for (const command of ['import', 'export']) {
      const own = run([command, '--help']);
      const full = run(['help', command]);
      expect(own.status).toBe(0);
      expect(own.stdout).toContain(`Usage: tenure ${command}`);
      expect(own.stdout).toBe(full.stdout);
    }
  });

  it('answers a usage error from the bundle with exit code 2 and the missing option', () => {
    const r = run(['import', 'customers']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/required option '--workspace/);
  });
});
