// Walks every operation of /openapi.json and sends it hostile input — NUL characters, lone
// UTF-16 surrogates, year 0000 and year 9999 dates, garbage cursors, very long strings, wrong
// types, empty bodies — in each body field, query parameter and path parameter. Input is never
// a reason for a 5xx, so any 5xx fails the test, listed with the operation and the case. The
// rest of the request is made valid (seeded ids, synthesised bodies) so the hostile value gets
// as far into the route as it can.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from './support/app.ts';
import { seedOneOfEverything } from './support/fixtures.ts';

type Schema = Record<string, any>;
type Param = { name: string; in: 'query' | 'path' | 'header' | 'cookie'; required?: boolean; schema: Schema };
type Operation = { method: string; path: string; params: Param[]; body?: Schema; raw?: { type: string; text: string } };
type Case = { name: string; path: string; body?: unknown; raw?: { type: string; text: string } };

let t: TestApp;
let spec: any;
let token: string;
let ops: Operation[];
const ids = new Map<string, string>();

const randomId = '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11';

function resolve(schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(spec.components.schemas[schema.$ref.split('/').pop()]);
  const alternatives: Schema[] | undefined = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const picked = alternatives.map(resolve).find((s) => s.type !== 'null') ?? {};
    return { ...picked, ...(schema.example !== undefined ? { example: schema.example } : {}) };
  }
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map(resolve));
  return schema;
}

const typeOf = (s: Schema): string | undefined =>
  Array.isArray(s.type) ? s.type.find((x: string) => x !== 'null') : s.type;

/** Hard to make up from a schema alone: values that the routes accept, keyed by field name. */
function known(name: string): unknown {
  if (name === 'customerId' || name === 'sourceId') return ids.get('customer');
  if (name === 'productId') return ids.get('product');
  if (name === 'rewardId') return ids.get('reward');
  if (name === 'complaintId') return ids.get('complaint');
  if (name === 'userId' || name === 'assigneeId' || name === 'accountManagerId') return ids.get('owner');
  if (name === 'teamId') return ids.get('team');
  if (name === 'sku') return 'SEED-1';
  if (name === 'email') return 'hostile@example.com';
  if (name === 'url') return 'https://hooks.example.com/hostile';
  if (name === 'currency') return 'EUR';
  if (name === 'category') return 'billing';
  if (name === 'reasonCode') return 'price';
  if (name === 'defectionId') return ids.get('defection');
  if (name === 'contractId') return ids.get('contract');
  if (name === 'quantity') return 1;
  return undefined;
}

/** A value the schema accepts, as far as a schema can tell: required fields only. */
function sample(raw: Schema | undefined, name = ''): unknown {
  const s = resolve(raw);
  const k = known(name);
  if (k !== undefined && (typeOf(s) === 'string' || s.type === undefined || typeOf(s) === 'number')) return k;
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  switch (typeOf(s)) {
    case 'string':
      if (s.format === 'uuid') return randomId;
      if (s.format === 'email') return 'hostile@example.com';
      if (s.format === 'date-time') return '2026-01-15T10:00:00Z';
      if (s.format === 'date') return '2026-01-15';
      if (s.format === 'uri') return 'https://hooks.example.com/hostile';
      return 'hostile'.padEnd(s.minLength ?? 0, 'x').slice(0, s.maxLength ?? 100);
    case 'integer':
    case 'number':
      return Math.min(Math.max(s.minimum ?? 1, (s.exclusiveMinimum ?? 0) + 1), s.maximum ?? Number.MAX_SAFE_INTEGER);
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 0) }, () => sample(s.items, name));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = sample(s.properties?.[key], key);
      return out;
    }
    default:
      return 'hostile';
  }
}

/** Every scalar a body can hold, as a path into the body and the schema found there. */
function leaves(
  raw: Schema | undefined,
  path: (string | number)[] = [],
  depth = 0,
): { path: (string | number)[]; schema: Schema }[] {
  const s = resolve(raw);
  if (depth > 4) return [];
  if (typeOf(s) === 'object' && s.properties)
    return Object.entries<Schema>(s.properties).flatMap(([k, v]) => leaves(v, [...path, k], depth + 1));
  if (typeOf(s) === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object')
    return leaves(s.additionalProperties, [...path, 'hostile_key'], depth + 1);
  if (typeOf(s) === 'array') return leaves(s.items, [...path, 0], depth + 1);
  return [{ path, schema: s }];
}

/** The base body with the value at `path` replaced (parents made up as needed). */
function withValue(base: unknown, schema: Schema | undefined, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const s = resolve(schema);
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const arr = Array.isArray(base) && base.length ? [...base] : [sample(s.items)];
    arr[0] = withValue(arr[0], s.items, rest, value);
    return arr;
  }
  const obj = base && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  const child =
    s.properties?.[head] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
  obj[head] = withValue(obj[head] ?? (rest.length ? sample(child, head) : undefined), child, rest, value);
  return obj;
}

// Not compressible, so a long value cannot hide in an index entry by compression.
const long = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + ((i * 7919) % 26))).join('');
const b64 = (v: string) => Buffer.from(v).toString('base64url');

const stringCases = (s: Schema): [string, unknown][] => {
  const cases: [string, unknown][] = [
    ['NUL', 'a\u0000b'],
    ['lone surrogate', 'a\uD800b'],
    ['long string', long(10_000)],
    ['wrong type', { nested: [true] }],
  ];
  if (s.format === 'date-time' || /date|At$|From$|To$/i.test(s.description ?? '')) {
    cases.push(
      ['year 0000', '0000-01-01T00:00:00Z'],
      ['year 9999', '9999-12-31T23:59:59Z'],
      ['before 1900', '1000-06-15T00:00:00Z'],
    );
  }
  if (s.format === 'date') cases.push(['year 0000 date', '0000-01-01'], ['year 9999 date', '9999-12-31']);
  return cases;
};
const numberCases: [string, unknown][] = [
  ['huge number', 1e20],
  ['negative', -1],
  ['fraction', 0.5],
  ['number as string', '1'],
];
const valueCases = (s: Schema): [string, unknown][] => {
  const type = typeOf(s);
  if (type === 'integer' || type === 'number') return numberCases;
  if (type === 'boolean') return [['wrong type', 'yes']];
  if (type === 'string' || type === undefined) return stringCases(s);
  return [['wrong type', 'hostile']];
};

// Query and path values as they appear in a URL, already percent-encoded.
const urlCases = (p: Param): [string, string][] => {
  const cases: [string, string][] = [
    ['NUL', 'a%00b'],
    ['lone surrogate (CESU-8 bytes)', 'a%ED%A0%80b'],
    ['broken percent-encoding', 'a%E0%A4%A'],
    ['long string', long(3_000)],
  ];
  const s = resolve(p.schema);
  if (p.name === 'cursor' || p.name === 'after' || p.name === 'before') {
    cases.push(
      ['garbage cursor', 'garbage'],
      ['cursor of wrong JSON', b64('["x","y"]')],
      ['cursor of an object', b64('{"a":1}')],
      ['cursor with NUL', b64('["\\u0000","\\u0000"]')],
      ['cursor of bytes', b64('\u0000\u00ff')],
    );
  }
  if (s.format === 'date-time' || /from|to|At$/i.test(p.name))
    cases.push(['year 0000', '0000-01-01T00:00:00Z'], ['year 9999', '9999-12-31T23:59:59Z']);
  if (s.format === 'date') cases.push(['year 0000 date', '0000-01-01']);
  const type = typeOf(s);
  if (type === 'integer' || type === 'number') cases.push(['huge number', '1e20'], ['negative', '-1']);
  return cases;
};

function pathValue(op: Operation, name: string): string {
  if (name === 'slug') return ids.get('slug') as string;
  if (name === 'token') return ids.get(op.path.includes('/exit-survey/') ? 'exitSurveyToken' : 'statusToken') as string;
  if (name === 'code') return ids.get(op.path.startsWith('/api/v1/defection-reasons') ? 'reason' : 'voucher') as string;
  if (name === 'externalId') return ids.get('customerExternal') as string;
  // A real row, so the request gets past "not found" to whatever the row's handler does.
  return ids.get(`path:${op.path.replace(/\/\{id\}.*$/, '')}`) ?? randomId;
}

function url(op: Operation, overrides: { path?: Record<string, string>; query?: Record<string, string> } = {}): string {
  let path = op.path;
  for (const p of op.params.filter((x) => x.in === 'path'))
    path = path.replace(`{${p.name}}`, overrides.path?.[p.name] ?? encodeURIComponent(pathValue(op, p.name)));
  const query = new URLSearchParams();
  for (const p of op.params.filter((x) => x.in === 'query' && x.required))
    query.set(p.name, String(sample(p.schema, p.name)));
  let qs = query.toString();
  for (const [k, v] of Object.entries(overrides.query ?? {})) qs += `${qs ? '&' : ''}${k}=${v}`;
  return qs ? `${path}?${qs}` : path;
}

/** Bodies a schema cannot describe well enough to be accepted (a real account; batch items). */
function overrides(): Record<string, { base: unknown; schema?: Schema }> {
  const transaction = {
    customerId: ids.get('customer'),
    occurredAt: '2026-01-15T10:00:00Z',
    lines: [{ sku: 'SEED-1', quantity: 1 }],
  };
  return {
    'POST /api/v1/auth/login': { base: { email: ids.get('ownerEmail'), password: ids.get('ownerPassword') } },
    'POST /api/v1/transactions': { base: transaction },
    'POST /api/v1/transactions/batch': {
      base: { items: [transaction] },
      schema: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: resolve(spec.paths['/api/v1/transactions'].post.requestBody.content['application/json'].schema),
          },
        },
      },
    },
  };
}

function casesOf(op: Operation): Case[] {
  const cases: Case[] = [];
  const override = overrides()[`${op.method} ${op.path}`];
  const base = override ? override.base : op.body ? sample(op.body) : undefined;
  const bodySchema = override?.schema ?? op.body;
  const send = (name: string, path: string, body: unknown = base) => cases.push({ name, path, body, raw: op.raw });
  if (op.method !== 'DELETE') send('valid', url(op));
  for (const p of op.params.filter((x) => x.in === 'path'))
    for (const [name, v] of urlCases(p)) send(`path ${p.name}: ${name}`, url(op, { path: { [p.name]: v } }));
  // Hostile values in the body and the query only matter when the rest of the request can
  // reach the handler; a DELETE with a made-up id would only prove "not found".
  for (const p of op.params.filter((x) => x.in === 'query'))
    for (const [name, v] of urlCases(p)) send(`query ${p.name}: ${name}`, url(op, { query: { [p.name]: v } }));
  if (op.body) {
    send('empty object body', url(op), {});
    for (const leaf of leaves(bodySchema)) {
      for (const [name, v] of valueCases(leaf.schema))
        send(`body ${leaf.path.join('.') || '(root)'}: ${name}`, url(op), withValue(base, bodySchema, leaf.path, v));
    }
  }
  return cases;
}

beforeAll(async () => {
  t = await createTestApp({
    env: {
      PUBLIC_FORM_MAX_PER_IP: '1000000',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000000',
      LOGIN_MAX_FAILURES_PER_IP: '1000000',
    },
  });
  spec = (await t.request('GET', '/openapi.json')).body;
  const ws = await t.workspace('Hostile');
  token = ws.ownerToken;
  const seeds = await seedOneOfEverything(t, ws);
  ids
    .set('customer', seeds.customerId)
    .set('product', seeds.productId)
    .set('reward', seeds.loyaltyRewardId)
    .set('complaint', seeds.complaintId);
  ids
    .set('team', seeds.complaintTeamId)
    .set('owner', ws.ownerId)
    .set('voucher', seeds.voucherCode)
    .set('customerExternal', `seed-${ws.id}`)
    .set('defection', seeds.defectionId)
    .set('contract', seeds.contractId)
    .set('reason', 'seed_reason')
    .set('exitSurveyToken', seeds.exitSurveyToken);
  ids.set('ownerEmail', ws.ownerEmail).set('ownerPassword', ws.password);
  const workspace = await t.request('GET', '/api/v1/workspace', { token });
  ids.set('slug', workspace.body.slug);
  await t.request('PATCH', '/api/v1/complaint-settings', { token, body: { publicFormEnabled: true } });
  const registered = await t.request('POST', `/api/v1/public/workspaces/${workspace.body.slug}/complaints`, {
    body: {
      name: 'Hostile Person',
      email: 'hostile-person@example.com',
      category: 'billing',
      subject: 'Status page',
      description: 'For the status token',
    },
  });
  expect(registered.status, registered.text).toBe(201);
  ids.set('statusToken', registered.body.statusToken);

  ops = [];
  for (const [path, item] of Object.entries<any>(spec.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const content = op.requestBody?.content ?? {};
      ops.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).map((p: Param) => ({ ...p, schema: resolve(p.schema) })),
        body: content['application/json'] ? resolve(content['application/json'].schema) : undefined,
        raw: content['text/csv'] ? { type: 'text/csv', text: 'external_id,name\nhostile-1,Hostile\n' } : undefined,
      });
    }
  }
  // Rows for the path ids: the first item each collection lists.
  for (const op of ops.filter(
    (o) => o.method === 'GET' && !o.path.includes('{') && !o.params.some((p) => p.in === 'query' && p.required),
  )) {
    const list = await t.request('GET', op.path, { token });
    const first = list.body?.items?.find((i: { id?: string }) => i.id && i.id !== ws.ownerId) ?? list.body?.items?.[0];
    if (first?.id) ids.set(`path:${op.path}`, first.id);
  }
  // DELETEs last, so they run after everything else has used the seeded rows.
  ops.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
});
afterAll(() => t?.close());

describe('hostile input', () => {
  // ~2,500 requests: ~12 s on PostgreSQL and ~30 s on PGlite on a quiet machine; CI runs files side by side.
  test('no operation of /openapi.json answers any hostile input with a 5xx', async () => {
    const failures: string[] = [];
    let sent = 0;
    let succeeded = 0;
    for (const op of ops) {
      for (const c of casesOf(op)) {
        const init =
          c.raw && op.raw ? { raw: op.raw.text, headers: { 'content-type': op.raw.type } } : { body: c.body };
        const res = await t.request(op.method, c.path, { token, ...init });
        sent++;
        if (res.status < 300) succeeded++;
        if (res.status >= 500)
          failures.push(`${op.method} ${op.path} — ${c.name} → ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
    // The walk means something only if the owner stayed signed in and requests got through.
    expect((await t.request('GET', '/api/v1/auth/me', { token })).status).toBe(200);
    expect(sent).toBeGreaterThan(1000);
    expect(
      succeeded,
      'requests that reached a handler and succeeded (the valid baselines, values a route accepts)',
    ).toBeGreaterThan(100);
    expect(failures, `${failures.length} of ${sent} hostile requests got a 5xx:\n${failures.join('\n')}`).toEqual([]);
  }, 300_000);
});
