// Builds the CLI's bundles (`npm run build:cli`, run by `npm install`). Beside each bundle it writes
// the list of the files it was built from (dist/<bundle>.sources), so `bin/tenure.js` checks
// whether a bundle is current by those files alone: the analyst entry is built from 58 of src/'s
// ~740 files, and statting all of them cost 15–80 ms of every `tenure clv` start (measured on a
// busy machine).
//
// Two builds:
// - The server, the analyst commands and the workers leave every package external.
// - `tenure import | export` (the third bundle) is built for its start-up, which a
//   50,000-customer import waited on for a fifth of its time:
//   - Its packages are bundled in. Resolving and linking ~250 package files as ES modules took
//     most of that start-up. Left external: PGlite (it loads its WebAssembly beside its own
//     files), pino-pretty (a pino transport, run from a file of its own in a worker thread; the
//     one-shot commands never log through one), and the native and optional packages the import
//     never loads.
//   - pg asks whether it runs on Cloudflare Workers by touching the global Response, which on
//     Node 20 loads undici, fetch's implementation: 35–90 ms of every start. This bundle runs on
//     Node only, so the question is answered before it is asked (pgOnNode).
//   - A source file of ours none of whose exports the import uses is left out whole. Every
//     domain's index.ts re-exports its HTTP routes, whose schemas are built as the module loads.
//     esbuild keeps a module's top-level calls unless told the module has no side effects, and
//     no file of src/ is imported for its side effects alone (eslint's no-restricted-syntax
//     forbids a bare `import './x'` there). 350 source files became ~100.
//   Its list of sources includes package-lock.json, so a changed dependency makes it stale.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'src') + path.sep;

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
  metafile: true,
};

/** Marks every source file of ours as free of side effects (see above). */
const sourcesWithoutSideEffects = {
  name: 'sources-without-side-effects',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData?.resolving || !args.importer.startsWith(src)) return undefined;
      const { path: resolved, errors } = await b.resolve(args.path, {
        importer: args.importer,
        resolveDir: args.resolveDir,
        kind: args.kind,
        pluginData: { resolving: true },
      });
      return errors.length ? { errors } : { path: resolved, sideEffects: false };
    });
  },
};

/** pg's Cloudflare check without the global Response (see above); pg as it is if its check changed. */
const pgOnNode = {
  name: 'pg-on-node',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      const check = "typeof Response === 'function'";
      if (!text.includes(check)) return { contents: text, loader: 'js', warnings: [{ text: `${check} not found` }] };
      return { contents: text.replace(check, 'false'), loader: 'js' };
    });
  },
};

const builds = await Promise.all([
  build({
    ...common,
    entryPoints: {
      tenure: 'src/cli/main.ts',
      'tenure-analyst': 'src/cli/analyst.ts',
      'tenure-clv-read': 'src/modules/analytics/analytics.clv-read.worker.ts',
      'tenure-churn-fit': 'src/modules/churn/churn.fit.worker.ts',
    },
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: { 'tenure-import': 'src/cli/importer.ts' },
    external: ['@electric-sql/pglite', 'pino-pretty', 'nodemailer', 'pg-native', '@node-rs/argon2'],
    // Bundled CommonJS packages (pg, commander) call require(), which an ES module lacks.
    banner: {
      js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);",
    },
    plugins: [sourcesWithoutSideEffects, pgOnNode],
  }),
]);

for (const { metafile } of builds) {
  for (const [output, meta] of Object.entries(metafile.outputs)) {
    if (!output.endsWith('.mjs')) continue;
    const inputs = Object.keys(meta.inputs);
    const sources = inputs.filter((f) => f.startsWith('src/'));
    if (inputs.some((f) => f.includes('node_modules/'))) sources.push('package-lock.json');
    fs.writeFileSync(path.join(root, output.replace(/\.mjs$/, '.sources')), `${sources.join('\n')}\n`);
  }
}
