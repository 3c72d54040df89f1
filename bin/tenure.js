#!/usr/bin/env node
// Runs the CLI. `npm install` prebuilds it into JavaScript bundles (dist/tenure.mjs, and
// dist/tenure-analyst.mjs for the analyst commands and dist/tenure-import.mjs for import and export, by `npm run build:cli`), which start in a fraction of the time and memory of compiling the
// TypeScript at start-up; when the bundle is missing or older than any source file it was built
// from (you are editing src/; bin/bundle.js), the sources run through tsx instead, so what runs is
// always what is there.
//
// `tenure import` runs in a child node process with a capped old-generation heap. A long import
// is mostly garbage (each batch's parsed rows and SQL), and V8 sizes its heap from how fast that
// garbage comes, up to ~365 MB at 1M rows; the cap keeps it under 300 MB at the same speed. V8
// reads the limit only at start-up (v8.setFlagsFromString is too late), and a process-wide cap
// would starve commands such as `tenure clv` that need the heap, hence one re-run of this file,
// for this command only, unless the caller already chose a limit (NODE_OPTIONS or node flags).
// Under such a cap V8 grows the old generation only ~1.3× its live size after each full collection
// (its factor for small heaps), so an 804,198-line file took 55 full collections, ~1.5 CPU s; the
// re-run sets the factor of a large heap (4×, V8's --heap-growing-percent, read at every collection):
// 11 collections, 1.7–2.7 CPU s less, peak memory 145 → 185 MB, the cap unchanged.
// The re-run is for a file of 32 MB or more only (TENURE_IMPORT_CAP_FROM_MB, 0: always): uncapped,
// a smaller file's import peaks far under 300 MB (164 MB for 50,000 customers, 5 MB; 223 MB for
// 804,198 lines, 64 MB), and the second start costs ~0.15 s, a twentieth of such an import.
// The analyst commands on a large file are run again the same way when glibc's malloc should ask
// for transparent huge pages, which it reads only at start-up (bin/huge-pages.js).
// The child has an IPC channel to the parent only to learn that the parent died (even by
// SIGKILL, which no handler sees): it then exits at once instead of working on unseen.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { bundleIsCurrent } from './bundle.js';
import { fileOfAtLeast, hugePagesEnv, rerunFlags } from './huge-pages.js';

const importHeapMb = 160;

const root = path.resolve(import.meta.dirname, '..');
// The analyst commands (no workspace, no database) have an entry of their own that leaves out the
// database stack, whose loading alone takes most of a second: keep this list in step with
// src/cli/commands/analyst.ts.
const analyst = ['clv', 'retention', 'churn', 'survival', 'uplift', 'basket', 'mrr'].includes(process.argv[2]);
// `tenure import` and `export` likewise (src/cli/importer.ts): a third of the bundle, ~0.25 CPU s
// less at every start — a tenth of a 100,000-customer import's start-up and parsing budget.
const importer = ['import', 'export'].includes(process.argv[2]);
const entry = analyst ? 'analyst' : importer ? 'importer' : 'main';
const bundleName = { analyst: 'tenure-analyst', importer: 'tenure-import', main: 'tenure' }[entry];
const bundle = path.join(root, `dist/${bundleName}.mjs`);

const heapChosen = () =>
  [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => /--max[-_]old[-_]space[-_]size/.test(a));

/** Runs this file again with more node flags or another environment, standing in for the child: same stdio, exit status and signals. */
function runAgain({ nodeArgs = [], env = process.env }) {
  const child = spawn(
    process.execPath,
    [...process.execArgv, ...nodeArgs, import.meta.filename, ...process.argv.slice(2)],
    {
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      env: { ...env, TENURE_WATCH_PARENT: '1' },
    },
  );
  // A signal sent to this process alone (kill PID) goes on to the child; Ctrl-C reaches both anyway.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forward = (signal) => child.kill(signal);
  for (const s of signals) process.on(s, forward);
  child.on('error', (err) => {
    process.stderr.write(`error: could not start the ${process.argv[2]} process: ${err.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (code !== null) process.exit(code);
    for (const s of signals) process.off(s, forward);
    process.kill(process.pid, signal);
  });
}

const watchParent = process.env.TENURE_WATCH_PARENT === '1' && process.channel;
delete process.env.TENURE_WATCH_PARENT;
const hugePages = analyst && !watchParent ? hugePagesEnv(process.argv.slice(3), process.env) : null;
const capFromMb = Number(process.env.TENURE_IMPORT_CAP_FROM_MB || 32);
const importCappedFrom = (Number.isFinite(capFromMb) && capFromMb >= 0 ? capFromMb : 32) * 2 ** 20;
if (
  process.argv[2] === 'import' &&
  !watchParent &&
  !heapChosen() &&
  fileOfAtLeast(process.argv.slice(3), importCappedFrom)
) {
  runAgain({ nodeArgs: [`--max-old-space-size=${importHeapMb}`] });
} else if (hugePages) {
  runAgain({ nodeArgs: rerunFlags(process.argv[2]), env: hugePages });
} else {
  if (watchParent) {
    // Started by runAgain: the channel must not keep this process alive, and its end means the parent is gone.
    process.channel.unref();
    process.on('disconnect', () => process.exit(1));
    if (process.argv[2] === 'import') v8.setFlagsFromString('--heap-growing-percent=300');
  }
  if (process.env.TENURE_FROM_SOURCE !== '1' && bundleIsCurrent(root, bundleName)) {
    await import(pathToFileURL(bundle).href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import(`../src/cli/${entry}.ts`);
  }
}
