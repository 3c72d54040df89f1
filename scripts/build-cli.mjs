// Builds the CLI's bundles (`npm run build:cli`, run by `npm install`): one esbuild run over every
// entry, packages left external. Beside each bundle it writes the list of the source files it was
// built from (dist/<bundle>.sources), so `bin/tenure.js` checks whether a bundle is current by
// those files alone: the analyst entry is built from 58 of src/'s ~740 files, and statting all of
// them cost 15–80 ms of every `tenure clv` start (measured on a busy machine).
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const entryPoints = {
  tenure: 'src/cli/main.ts',
  'tenure-analyst': 'src/cli/analyst.ts',
  'tenure-import': 'src/cli/importer.ts',
  'tenure-clv-read': 'src/modules/analytics/analytics.clv-read.worker.ts',
  'tenure-churn-fit': 'src/modules/churn/churn.fit.worker.ts',
};

const result = await build({
  absWorkingDir: root,
  entryPoints,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
  metafile: true,
});
for (const [output, meta] of Object.entries(result.metafile.outputs)) {
  if (!output.endsWith('.mjs')) continue;
  const sources = Object.keys(meta.inputs).filter((f) => f.startsWith('src/'));
  fs.writeFileSync(path.join(root, output.replace(/\.mjs$/, '.sources')), `${sources.join('\n')}\n`);
}
