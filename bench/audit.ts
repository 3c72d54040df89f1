// `npm run bench -- audit [--writes N]`: what the audit log adds to a write. Times PATCH
// /customers/{id} (its audit row, with before/after, is appended inside the update's transaction)
// and POST /customers (a row appended by the middleware after the response), then the audit
// append alone (lock the workspace's chain, read its end, hash, insert, commit) on the same
// embedded database. The share is append / (request − append).
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import type { Deps } from '../src/deps.ts';
import { createApp } from '../src/http/app.ts';
import { silentLogger } from '../src/logger.ts';
import { recordRequest, verifyChain } from '../src/modules/audit/index.ts';
import { createWorkspaceWithOwner } from '../src/workflows/create-workspace.ts';
import { arg } from './args.ts';

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const ms = (n: number) => n.toFixed(2);

async function timed(n: number, fn: (i: number) => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

export async function main(args: string[]) {
  const n = arg(args, 'writes', 300);
  const database = await openDatabase({ dataDir: 'memory' });
  await migrateDatabase(database);
  const deps: Deps = {
    config: loadConfig({ NODE_ENV: 'test' }),
    database,
    db: database.db,
    log: silentLogger,
    now: () => new Date(),
  };
  const app = createApp(deps);
  const created = await createWorkspaceWithOwner(deps, {
    workspace: { name: 'Bench' },
    owner: { email: 'bench@example.com', name: 'Bench', password: 'bench-password-123' },
    withToken: true,
  });
  const headers = { authorization: `Bearer ${created.token?.token}`, 'content-type': 'application/json' };
  const call = async (method: string, path: string, body: unknown) => {
    const res = await app.request(`/api/v1${path}`, { method, headers, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ id: string }>;
  };
  const { id } = await call('POST', '/customers', { name: 'Bench Customer' });
  // Warm up both paths.
  for (let i = 0; i < 20; i++) await call('PATCH', `/customers/${id}`, { name: `Warm ${i}` });
  const patch = await timed(n, (i) => call('PATCH', `/customers/${id}`, { name: `Name ${i}` }).then(() => {}));
  const post = await timed(n, (i) => call('POST', '/customers', { name: `New ${i}` }).then(() => {}));
  const req = {
    workspaceId: created.workspace.id,
    actorType: 'token' as const,
    actorId: 'bench',
    ip: '127.0.0.1',
    userAgent: 'bench',
    method: 'POST',
    route: '/customers',
    requestId: 'r',
    recorded: 0,
  };
  const append = await timed(n, () =>
    recordRequest(deps, req, { action: 'create', entityType: 'customers', entityId: id }, 201).then(() => {}),
  );
  const t0 = performance.now();
  const v = await verifyChain(deps, created.workspace.id);
  const verifyMs = performance.now() - t0;
  const median = (xs: number[]) => quantile(xs, 0.5);
  console.log(`\n### Audit log overhead (PGlite in memory, ${n} sequential writes each)\n`);
  console.log('| measure | median ms | p95 ms |');
  console.log('|---|--:|--:|');
  console.log(
    `| PATCH /customers/{id} (audit row in the transaction) | ${ms(median(patch))} | ${ms(quantile(patch, 0.95))} |`,
  );
  console.log(`| POST /customers (audit row by the middleware) | ${ms(median(post))} | ${ms(quantile(post, 0.95))} |`);
  console.log(`| audit append alone (own transaction) | ${ms(median(append))} | ${ms(quantile(append, 0.95))} |`);
  const share = (xs: number[]) => `${((100 * median(append)) / (median(xs) - median(append))).toFixed(0)} %`;
  console.log(`\nAppend / (request − append): PATCH ${share(patch)}, POST ${share(post)}.`);
  console.log(`Verify: ${v.rows.toLocaleString('en')} rows in ${verifyMs.toFixed(0)} ms (ok: ${v.ok}).`);
  await database.close();
}
