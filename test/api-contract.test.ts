// Contract tests generated from the OpenAPI document, so every route — today's and every
// later domain's — is held to the same rules: permissions per role, tenant isolation, and
// clear 4xx answers to bad input.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { permissionTable } from '../src/http/permissions.ts';
import type { Role } from '../src/modules/users/index.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { seedOneOfEverything } from './support/fixtures.ts';

type Operation = {
  method: string;
  path: string;
  permission: string;
  body?: { schema: Record<string, any>; example?: unknown };
};

let t: TestApp;
let ops: Operation[];
let spec: any;

const toHonoPath = (p: string, id: string) => `/api/v1${p.replace('/api/v1', '').replace(/\{[^}]+\}/g, id)}`;
const randomId = '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11';

function resolve(schema: any): any {
  if (schema?.$ref) return resolve(spec.components.schemas[schema.$ref.split('/').pop()]);
  return schema;
}

beforeAll(async () => {
  // Public routes are rate-limited per address, and every request here comes from one; the
  // limits themselves are tested in the domains that use them.
  t = await createTestApp({ env: { PUBLIC_FORM_MAX_PER_IP: '100000' } });
  spec = (await t.request('GET', '/openapi.json')).body;
  ops = [];
  for (const [path, item] of Object.entries<any>(spec.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const media = op.requestBody?.content?.['application/json'];
      ops.push({
        method: method.toUpperCase(),
        path,
        permission: op['x-permission'],
        body: media
          ? { schema: resolve(media.schema), example: media.example ?? resolve(media.schema)?.example }
          : undefined,
      });
    }
  }
});
afterAll(() => t.close());

function expectProblem(res: { status: number; headers: Headers; body: any }, status: number | number[]) {
  const statuses = Array.isArray(status) ? status : [status];
  expect(statuses).toContain(res.status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(typeof res.body.code).toBe('string');
  expect(typeof res.body.detail).toBe('string');
}

describe('the OpenAPI document', () => {
  test('describes every route with a permission, and /docs renders', async () => {
    expect(spec.openapi).toBe('3.1.0');
    expect(ops.length).toBeGreaterThan(10);
    for (const op of ops) expect(op.permission, `${op.method} ${op.path}`).toBeTruthy();
    const docs = await t.request('GET', '/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('/docs/assets/start.js');
    expect((await t.request('GET', '/docs/assets/start.js')).text).toContain('/openapi.json');
    const bundle = await t.request('GET', '/docs/assets/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.text.length).toBeGreaterThan(100_000);
    expect((await t.request('GET', '/docs/assets/..%2Fpackage.json')).status).toBe(404);
  });
});

describe('permissions', () => {
  test('each role gets 403 exactly where the permission table denies it', async () => {
    const ws = await t.workspace();
    const checked: string[] = [];
    for (const op of ops.filter((o) => o.permission !== 'public')) {
      const allowed = permissionTable[op.permission as keyof typeof permissionTable] as readonly Role[];
      expect(allowed, `unknown permission ${op.permission}`).toBeDefined();
      for (const role of t.roles) {
        const res = await t.request(op.method, toHonoPath(op.path, randomId), {
          token: await ws.token(role),
          body: {},
        });
        const deniedByRole = res.status === 403 && /role may not/.test(res.body?.detail ?? '');
        expect(deniedByRole, `${role} ${op.method} ${op.path} → ${res.status} ${res.text.slice(0, 200)}`).toBe(
          !allowed.includes(role),
        );
        checked.push(`${role} ${op.method} ${op.path}`);
      }
    }
    expect(checked.length).toBeGreaterThan(50);
  }, 180_000); // every operation × every role: ~1,500 requests

  test('public routes need no credentials: never 401 or 403, and no credentials are asked for', async () => {
    const publicOps = ops.filter((o) => o.permission === 'public' && o.path.includes('/public/'));
    expect(publicOps.length).toBeGreaterThan(0);
    for (const op of publicOps) {
      const res = await t.request(op.method, toHonoPath(op.path, randomId), { body: op.body?.example ?? {} });
      expect([401, 403], `${op.method} ${op.path} → ${res.status}`).not.toContain(res.status);
      expect(res.status, `${op.method} ${op.path}`).toBeLessThan(500);
      const security = spec.paths[op.path][op.method.toLowerCase()].security;
      expect(security, `${op.method} ${op.path} declares no security`).toEqual([]);
    }
  });

  test('without credentials every non-public route answers 401', async () => {
    for (const op of ops.filter((o) => o.permission !== 'public')) {
      const res = await t.request(op.method, toHonoPath(op.path, randomId), { body: {} });
      expectProblem(res, 401);
    }
  });
});

describe('tenant isolation', () => {
  test('no route that takes an id reads or changes another workspace’s row', async () => {
    const a = await t.workspace('Alpha');
    const b = await t.workspace('Beta');
    await seedOneOfEverything(t, b);
    // A person's own sessions belong to the person, not to a workspace (and only a signed-in
    // person, never a token, reaches them): test/account.test.ts shows nobody ends another's.
    const idOps = ops.filter((o) => o.path.includes('{id}') && !o.path.startsWith('/api/v1/auth/sessions/'));
    expect(idOps.length).toBeGreaterThan(0);
    for (const op of idOps) {
      const collection = op.path.replace(/\/\{id\}.*$/, '');
      const list = await t.request('GET', toHonoPath(collection, ''), { token: b.ownerToken });
      expect(list.status, `GET ${collection} lists what ${op.path} addresses`).toBe(200);
      const victim = list.body.items.find((i: { id: string }) => i.id !== b.ownerId) ?? list.body.items[0];
      expect(victim, `workspace B has something at ${collection}`).toBeTruthy();
      const before = await t.request('GET', toHonoPath(collection, ''), { token: b.ownerToken });

      const res = await t.request(op.method, toHonoPath(op.path, victim.id), {
        token: a.ownerToken,
        body: op.body?.example ?? {},
      });
      expect(res.status, `${op.method} ${op.path}: ${res.text.slice(0, 300)}`).toBe(404);
      expectProblem(res, 404);
      const shown = JSON.stringify({ ...res.body, instance: undefined });
      const leaked = Object.values(victim).filter((v) => typeof v === 'string' && v.length > 8 && shown.includes(v));
      expect(leaked, `${op.method} ${op.path} reveals nothing of the row`).toEqual([]);

      const after = await t.request('GET', toHonoPath(collection, ''), { token: b.ownerToken });
      expect(after.body, `${op.method} ${op.path} from another workspace changed nothing`).toEqual(before.body);
    }
  });
});

describe('bad input', () => {
  const bodyOps = () => ops.filter((o) => o.body);

  test('malformed JSON, wrong content type and non-object bodies get a 4xx problem', async () => {
    const ws = await t.workspace();
    for (const op of bodyOps()) {
      const path = toHonoPath(op.path, randomId);
      expectProblem(await t.request(op.method, path, { token: ws.ownerToken, raw: '{"name": "x",' }), 400);
      expectProblem(
        await t.request(op.method, path, {
          token: ws.ownerToken,
          raw: 'name=x',
          headers: { 'content-type': 'text/plain' },
        }),
        [400, 415],
      );
      expectProblem(await t.request(op.method, path, { token: ws.ownerToken, raw: '[1, 2]' }), 422);
      expectProblem(await t.request(op.method, path, { token: ws.ownerToken, raw: 'null' }), [400, 422]);
    }
  });

  test('unknown, missing and mistyped fields are each listed in one 422', async () => {
    const ws = await t.workspace();
    for (const op of bodyOps()) {
      const path = toHonoPath(op.path, randomId);
      const unknown = await t.request(op.method, path, { token: ws.ownerToken, body: { surely_not_a_field: 1 } });
      expectProblem(unknown, 422);
      expect(
        unknown.body.errors.map((e: { path: string }) => e.path),
        `${op.method} ${op.path}`,
      ).toContain('surely_not_a_field');

      const props = Object.keys(op.body?.schema.properties ?? {});
      const mistyped = Object.fromEntries(props.map((p) => [p, [{ nested: [true] }]]));
      const wrong = await t.request(op.method, path, { token: ws.ownerToken, body: mistyped });
      const perItem =
        wrong.status === 200 &&
        Array.isArray(wrong.body?.items) &&
        wrong.body.items.every((i: { status: string; errors?: unknown[] }) => i.status === 'error' && i.errors?.length);
      if (perItem) continue; // bulk endpoints answer item by item: every item refused, nothing written
      expectProblem(wrong, 422);
      const paths = wrong.body.errors.map((e: { path: string }) => e.path.split('.')[0]);
      for (const p of props) expect(paths, `${op.method} ${op.path} lists ${p}`).toContain(p);

      const required: string[] = op.body?.schema.required ?? [];
      if (required.length > 0) {
        const missing = await t.request(op.method, path, { token: ws.ownerToken, body: {} });
        expectProblem(missing, 422);
        for (const r of required) expect(missing.body.errors.map((e: { path: string }) => e.path)).toContain(r);
      }
    }
  });

  test('bodies over 1 MiB get 413 and are not read', async () => {
    const ws = await t.workspace();
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) });
    for (const op of bodyOps()) {
      const res = await t.request(op.method, toHonoPath(op.path, randomId), { token: ws.ownerToken, raw: big });
      expectProblem(res, 413);
    }
  });

  test('ids that are not UUIDs get 422, unknown routes 404, and nothing leaks internals', async () => {
    const ws = await t.workspace();
    for (const op of ops.filter((o) => o.path.includes('{id}'))) {
      const res = await t.request(op.method, toHonoPath(op.path, "1' or '1'='1"), {
        token: ws.ownerToken,
        body: op.body?.example ?? {},
      });
      expectProblem(res, 422);
      expect(res.body.errors[0].path).toBe('param.id');
    }
    expectProblem(await t.request('GET', '/api/v1/nothing-here', { token: ws.ownerToken }), 404);
  });
});
