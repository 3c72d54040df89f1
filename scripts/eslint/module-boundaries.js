// ESLint rule `tenure/module-boundaries`: a domain (src/modules/<domain>/) is imported from outside
// only through its index.ts, never through its repositories or schema (STYLE.md, docs/architecture.md).
//
// - `*.repository.ts` of a domain: never imported from outside that domain (tests included: a test
//   outside the domain goes through the domain's services and sources like any other caller).
// - `*.schema.ts` of a domain: imported from outside only by another domain's `*.schema.ts` (foreign
//   keys) and by `src/db/schema.ts` (the one schema Drizzle and the migrations read).
// - Any other file of a domain (its internals): imported from outside only through `index.ts`, or
//   a declared extra entry point (`entryPoints` below). Test files, `test/`, `bench/` and `web/`
//   are excepted from this part only: tests and benchmarks measure internals (the model library's
//   simulators), and the web app shares pure modules (the complaint state machine) that it cannot
//   reach through a server barrel.
import path from 'node:path';

/** Entry points besides index.ts, with the reason each exists. */
const entryPoints = new Map([
  // The offline CSV analyses: the analyst CLI bundle loads these without the database, routes or HTTP.
  ['analytics', new Set(['files.ts'])],
]);

const modulesDir = `${path.sep}src${path.sep}modules${path.sep}`;

/** `{ root, domain, rest }` of a path inside src/modules, else null. */
function moduleOf(file) {
  const at = file.lastIndexOf(modulesDir);
  if (at < 0) return null;
  const tail = file.slice(at + modulesDir.length).split(path.sep);
  if (tail.length < 2) return null;
  return { root: file.slice(0, at), domain: tail[0], rest: tail.slice(1).join('/') };
}

const isTestFile = (file, root) => {
  const rel = path.relative(root, file).split(path.sep).join('/');
  return /\.test\.tsx?$/.test(rel) || /(^|\/)test\//.test(rel) || rel.startsWith('bench/') || rel.startsWith('web/');
};

export const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: "forbid importing another domain's repository, schema or internals" },
    schema: [],
    messages: {
      repository:
        "'{{source}}' is the {{domain}} domain's repository: import what you need from src/modules/{{domain}}/index.ts (a service or a declared source).",
      schema:
        "'{{source}}' is the {{domain}} domain's schema: only another *.schema.ts (foreign keys) and src/db/schema.ts import it; read its tables through the domain's sources.",
      internal: "'{{source}}' is internal to the {{domain}} domain: import it from src/modules/{{domain}}/index.ts.",
    },
  },
  create(context) {
    const file = path.resolve(context.filename);
    const from = moduleOf(file);
    const check = (node) => {
      const source = node.source && node.source.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = moduleOf(path.resolve(path.dirname(file), source));
      if (!target || (from && from.domain === target.domain)) return;
      const base = path.posix.basename(target.rest);
      const data = { source, domain: target.domain };
      if (base.endsWith('.repository.ts')) return context.report({ node: node.source, messageId: 'repository', data });
      if (base.endsWith('.schema.ts')) {
        const rel = path.relative(target.root, file).split(path.sep).join('/');
        if ((from && file.endsWith('.schema.ts')) || rel === 'src/db/schema.ts') return;
        return context.report({ node: node.source, messageId: 'schema', data });
      }
      if (target.rest === 'index.ts' || entryPoints.get(target.domain)?.has(target.rest)) return;
      if (isTestFile(file, target.root)) return;
      context.report({ node: node.source, messageId: 'internal', data });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { 'module-boundaries': moduleBoundaries } };
