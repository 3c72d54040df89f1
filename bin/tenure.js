#!/usr/bin/env node
// Runs the CLI. `npm install` prebuilds it into one JavaScript bundle (dist/tenure.mjs, by
// `npm run build:cli`), which starts in a fraction of the time and memory of compiling the
// TypeScript at start-up; when the bundle is missing or older than any source file (you are
// editing src/), the sources run through tsx instead, so what runs is always what is there.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const bundle = path.join(root, 'dist/tenure.mjs');

function bundleIsCurrent() {
  let built;
  try {
    built = fs.statSync(bundle).mtimeMs;
  } catch {
    return false;
  }
  const src = path.join(root, 'src');
  for (const file of fs.readdirSync(src, { recursive: true })) {
    if (/\.tsx?$/.test(file) && fs.statSync(path.join(src, file)).mtimeMs > built) return false;
  }
  return true;
}

if (process.env.TENURE_FROM_SOURCE !== '1' && bundleIsCurrent()) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
