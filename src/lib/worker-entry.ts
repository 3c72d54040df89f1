// Owns starting a worker thread on one of our entry files, from the sources or from a bundle.
// From the sources (tsx, vitest: the caller's URL ends in .ts) the worker registers tsx itself
// before importing the TypeScript entry; from a bundle in dist/ it loads the entry's own bundle
// beside the caller's (`npm run build:cli` names each one). Null when the thread cannot start.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * `callerUrl`: the caller's import.meta.url; `source`: the entry relative to it (`./x.worker.ts`);
 * `bundle`: the entry's bundle in dist/ (`tenure-x.mjs`).
 */
export function startWorker(
  callerUrl: string,
  entry: { source: string; bundle: string },
  workerData: unknown,
): Worker | null {
  try {
    if (callerUrl.endsWith('.ts')) {
      const require = createRequire(callerUrl);
      const pkg = require.resolve('tsx/package.json');
      const api = pathToFileURL(path.join(path.dirname(pkg), 'dist/esm/api/index.mjs')).href;
      const source = new URL(entry.source, callerUrl).href;
      const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(source)}); })`;
      return new Worker(code, { eval: true, workerData });
    }
    return new Worker(new URL(`./${entry.bundle}`, callerUrl), { workerData });
  } catch {
    return null;
  }
}
