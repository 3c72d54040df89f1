// Whether a CLI bundle (dist/<name>.mjs) is current: newer than every source file it was built
// from, as listed beside it by `npm run build:cli` (scripts/build-cli.mjs). Without that list (a
// bundle built before it existed) every file of src/ counts. Shared by bin/tenure.js and the
// benchmarks that time whole commands.
import fs from 'node:fs';
import path from 'node:path';

export function bundleIsCurrent(root, name) {
  let built;
  try {
    built = fs.statSync(path.join(root, `dist/${name}.mjs`)).mtimeMs;
  } catch {
    return false;
  }
  let sources;
  try {
    sources = fs
      .readFileSync(path.join(root, `dist/${name}.sources`), 'utf8')
      .split('\n')
      .filter(Boolean);
  } catch {
    const src = path.join(root, 'src');
    sources = fs
      .readdirSync(src, { recursive: true })
      .filter((f) => /\.tsx?$/.test(f))
      .map((f) => path.join('src', f));
  }
  for (const file of sources) {
    // A source gone since the build (renamed, deleted) makes the bundle stale too.
    const stat = fs.statSync(path.join(root, file), { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs > built) return false;
  }
  return true;
}
