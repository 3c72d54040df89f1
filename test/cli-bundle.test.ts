// The `tenure` command runs the prebuilt bundle (dist/tenure.mjs, made by `npm install`) while it
// is current and the TypeScript sources through tsx otherwise: both must be the same program.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { bundleIsCurrent } from '../bin/bundle.js';
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

  it('builds the import bundle with its packages and without the sources it never uses (the HTTP routes)', () => {
    const sources = fs
      .readFileSync(path.resolve(import.meta.dirname, '../dist/tenure-import.sources'), 'utf8')
      .split('\n')
      .filter(Boolean);
    // Its packages are bundled in, so a changed dependency must make it stale.
    expect(sources).toContain('package-lock.json');
    expect(sources).toContain('src/modules/customers/customers.import.ts');
    expect(sources.filter((f) => /routes\.ts$/.test(f))).toEqual([]);
    const code = fs.readFileSync(path.resolve(import.meta.dirname, '../dist/tenure-import.mjs'), 'utf8');
    expect(code).not.toMatch(/^import .* from ["'](drizzle-orm|pg|pino)\b/m);
    // pg's Cloudflare check answered without touching Response (which loads undici): see build-cli.mjs.
    expect(code).toContain('function isCloudflareRuntime');
    expect(code).not.toContain("typeof Response === 'function'");
  });

  it('answers a usage error from the bundle with exit code 2 and the missing option', () => {
    const r = run(['import', 'customers']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/required option '--workspace/);
  });
});

describe('whether a bundle is current (bin/bundle.js)', () => {
  const checkout = (files: Record<string, number>) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-bundle-'));
    for (const [file, ageSeconds] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), '');
      const at = Date.now() / 1000 - ageSeconds;
      fs.utimesSync(path.join(root, file), at, at);
    }
    return root;
  };

  it('looks only at the sources listed beside the bundle, and any of them newer makes it stale', () => {
    const root = checkout({ 'dist/x.mjs': 50, 'src/a.ts': 100, 'src/b.ts': 100, 'src/other.ts': 10 });
    fs.writeFileSync(path.join(root, 'dist/x.sources'), 'src/a.ts\nsrc/b.ts\n');
    fs.utimesSync(path.join(root, 'dist/x.mjs'), Date.now() / 1000 - 50, Date.now() / 1000 - 50);
    // src/other.ts is newer, but the bundle was not built from it.
    expect(bundleIsCurrent(root, 'x')).toBe(true);
    fs.utimesSync(path.join(root, 'src/b.ts'), Date.now() / 1000, Date.now() / 1000);
    expect(bundleIsCurrent(root, 'x')).toBe(false);
    fs.rmSync(path.join(root, 'src/b.ts'));
    expect(bundleIsCurrent(root, 'x'), 'a listed source gone since the build').toBe(false);
    expect(bundleIsCurrent(root, 'missing')).toBe(false);
    fs.rmSync(root, { recursive: true });
  });

  it('without a list (an older build) every file of src/ counts', () => {
    const root = checkout({ 'dist/x.mjs': 50, 'src/a.ts': 100, 'src/deep/b.ts': 100 });
    expect(bundleIsCurrent(root, 'x')).toBe(true);
    fs.utimesSync(path.join(root, 'src/deep/b.ts'), Date.now() / 1000, Date.now() / 1000);
    expect(bundleIsCurrent(root, 'x')).toBe(false);
    fs.rmSync(root, { recursive: true });
  });

  it('is listed for every bundle `npm install` builds', () => {
    for (const name of ['tenure', 'tenure-analyst', 'tenure-import']) {
      const sources = fs.readFileSync(path.resolve(import.meta.dirname, `../dist/${name}.sources`), 'utf8');
      expect(sources).toContain(
        `src/cli/${name === 'tenure' ? 'main' : name === 'tenure-import' ? 'importer' : 'analyst'}.ts`,
      );
    }
  });
});
