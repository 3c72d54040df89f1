// The input rules every entry point shares (issue #15): text that cannot be stored (NUL, lone
// surrogates) is a 422 naming the field, dates have a range (1900..2200, and purchases no more
// than a year after the workspace clock's today — in the API, the batch endpoint and imports,
// where a bad row is a row error, not a stopped import), cursors are checked by one codec, and an
// empty PATCH is a no-op. `hostile-input.test.ts` walks every route; these pin each defect.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runUploadedImport } from '../src/workflows/uploaded-import.ts';
import { createTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
type Ws = Awaited<ReturnType<TestApp['workspace']>>;
let ws: Ws;
let customerId: string;

const call = (method: string, path: string, body?: unknown) =>
  t.request(method, `/api/v1${path}`, { token: ws.ownerToken, body });
const paths = (res: { body: any }) => (res.body?.errors ?? []).map((e: { path: string }) => e.path);
const purchase = (occurredAt: string, externalId?: string) => ({
  customerId,
  occurredAt,
  externalId,
  lines: [{ unitPriceMinor: 1000, quantity: 1 }],
});

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-06-01T12:00:00Z'));
  ws = await t.workspace('Input rules');
  const customer = await call('POST', '/customers', { name: 'Rita Rules', externalId: 'rita' });
  expect(customer.status).toBe(201);
  customerId = customer.body.id;
});
afterAll(() => t.close());

describe('transaction dates', () => {
  test('the API refuses a purchase dated 9999-12-31, or more than a year after today by the workspace clock', async () => {
    const far = await call('POST', '/transactions', purchase('9999-12-31T23:59:59Z'));
    expect(far.status).toBe(422);
    expect(far.body.errors).toContainEqual({
      path: 'occurredAt',
      message: 'must be between 1900-01-01 and 2200-01-01',
    });

    const nextYear = await call('POST', '/transactions', purchase('2027-07-01T00:00:00Z'));
    expect(nextYear.status).toBe(422);
    expect(nextYear.body.errors).toContainEqual({
      path: 'occurredAt',
      code: 'too_far_ahead',
      message: 'must not be more than a year after today',
    });

    expect((await call('POST', '/transactions', purchase('1899-12-31T23:59:59Z'))).status).toBe(422);
    expect((await call('POST', '/transactions', purchase('2027-05-31T00:00:00Z', 'ahead-but-fine'))).status).toBe(201);
  });

  test('the batch endpoint refuses those items one by one and records the rest', async () => {
    const res = await call('POST', '/transactions/batch', {
      items: [
        purchase('2026-05-30T10:00:00Z', 'batch-ok'),
        purchase('9999-12-31T23:59:59Z', 'batch-9999'),
        purchase('2030-01-01T00:00:00Z', 'batch-2030'),
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { status: string }) => i.status)).toEqual(['created', 'error', 'error']);
    expect(res.body.items[1].errors).toContainEqual({
      path: 'occurredAt',
      message: 'must be between 1900-01-01 and 2200-01-01',
    });
    expect(res.body.items[2].errors).toContainEqual({
      path: 'occurredAt',
      code: 'too_far_ahead',
      message: 'must not be more than a year after today',
    });
  });

  test('a return dated years ahead is refused', async () => {
    const bought = await call('POST', '/transactions', purchase('2026-05-01T10:00:00Z', 'to-return'));
    const res = await call('POST', `/transactions/${bought.body.id}/returns`, { occurredAt: '2031-01-01T00:00:00Z' });
    expect(res.status).toBe(422);
    expect(paths(res)).toEqual(['occurredAt']);
  });

  test('an import reports such rows as row errors and commits the others', async () => {
    const csv = [
      'external_id,customer_external_id,occurred_at,quantity,unit_price_minor',
      'imp-ok,rita,2026-05-02T10:00:00Z,1,500',
      'imp-9999,rita,9999-12-31T23:59:59Z,1,500',
      'imp-0000,rita,0000-01-01,1,500',
      'imp-2030,rita,2030-01-01,1,500',
      'imp-ok-2,rita,2026-05-03,1,500',
    ].join('\n');
    const res = await t.app.request('/api/v1/imports?entity=transactions&fileName=dates.csv', {
      method: 'POST',
      headers: { authorization: `Bearer ${ws.ownerToken}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await runUploadedImport(t.deps, { workspaceId: ws.id, importId: id });
    const done = await call('GET', `/imports/${id}`);
    expect(done.body).toMatchObject({ status: 'completed', rowsDone: 5, rowsCommitted: 2, rowsRejected: 3 });
    const errors = await call('GET', `/imports/${id}/errors`);
    expect(
      errors.body.items.map((e: { rowNumber: number; column: string; message: string }) => [
        e.rowNumber,
        e.column,
        e.message.replace(/ \(got.*$/, ''),
      ]),
    ).toEqual([
      [2, 'occurred_at', 'must be between 1900-01-01 and 2200-01-01'],
      [3, 'occurred_at', 'must be between 1900-01-01 and 2200-01-01'],
      [4, 'occurred_at', 'must not be more than a year after today'],
    ]);
  });
});

describe('dates in other bodies and filters', () => {
  test('year 0000 and year 9999 are a 422 naming the field, in bodies and in query filters', async () => {
    const contract = await call('POST', '/contracts', {
      customerId,
      plan: 'Basic',
      startedAt: '0000-01-01T00:00:00Z',
      monthlyValueMinor: 100,
    });
    expect(contract.status).toBe(422);
    expect(paths(contract)).toEqual(['startedAt']);
    const birth = await call('PATCH', `/customers/${customerId}`, { birthDate: '0000-01-01' });
    expect(birth.status).toBe(422);
    expect(paths(birth)).toEqual(['birthDate']);
    for (const path of [
      '/transactions?from=0000-01-01T00:00:00Z',
      '/customers?createdFrom=9999-12-31T00:00:00Z',
      '/loyalty/reports/overview?to=0000-01-01T00:00:00Z',
    ]) {
      const res = await call('GET', path);
      expect(res.status, path).toBe(422);
      expect(paths(res)[0], path).toMatch(/^query\./);
    }
  });
});

describe('text that cannot be stored', () => {
  test('a NUL in the unauthenticated login is a 422, not a 500', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', {
      body: { email: 'a\u0000@example.com', password: 'whatever-123' },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { path: 'email', code: 'nul', message: 'must not contain NUL characters (U+0000)' },
    ]);
  });

  test('a lone surrogate in a body field, or a NUL in a key, a query or a path parameter, is a 422 naming it', async () => {
    await call('PUT', '/loyalty/program', { name: 'Club', pointsPerUnit: '1' });
    const reason = await call('POST', `/customers/${customerId}/loyalty/adjustments`, {
      points: 10,
      reason: 'typo \uD800',
    });
    expect(reason.status).toBe(422);
    expect(reason.body.errors).toEqual([
      { path: 'reason', code: 'surrogate', message: 'must not contain unpaired UTF-16 surrogates (not valid Unicode)' },
    ]);
    const key = await call('POST', '/customers', { name: 'Key', 'bad\u0000key': 1 });
    expect(paths(key)).toEqual(['bad\u0000key']);
    const nested = await call('POST', '/transactions', {
      ...purchase('2026-05-01T00:00:00Z'),
      lines: [{ sku: 'X\u0000', quantity: 1 }],
    });
    expect(paths(nested)).toEqual(['lines.0.sku']);
    for (const [path, field] of [
      ['/customers?q=a%00b', 'query.q'],
      ['/customers?tag=vip%00', 'query.tag'],
      ['/products?category=%00', 'query.category'],
    ]) {
      const res = await call('GET', path);
      expect(res.status, path).toBe(422);
      expect(paths(res), path).toEqual([field]);
    }
    const slug = await t.request('GET', '/api/v1/public/workspaces/a%00b/complaint-form');
    expect(slug.status).toBe(422);
    expect(paths(slug)).toEqual(['param.slug']);
  });

  test('an NDJSON import reports a lone surrogate or a nested NUL as a row error and commits the others', async () => {
    const ndjson = [
      '{"external_id":"nd-1","name":"Good"}',
      '{"external_id":"nd-2","name":"Bad \\ud800"}',
      '{"external_id":"nd-3","name":"Tags","tags":["vip\\u0000"]}',
      '{"external_id":"nd-4","name":"Also good"}',
    ].join('\n');
    const res = await t.app.request('/api/v1/imports?entity=customers&fileName=text.ndjson', {
      method: 'POST',
      headers: { authorization: `Bearer ${ws.ownerToken}`, 'content-type': 'application/x-ndjson' },
      body: ndjson,
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await runUploadedImport(t.deps, { workspaceId: ws.id, importId: id });
    expect((await call('GET', `/imports/${id}`)).body).toMatchObject({
      status: 'completed',
      rowsCommitted: 2,
      rowsRejected: 2,
    });
    const errors = await call('GET', `/imports/${id}/errors`);
    expect(errors.body.items.map((e: { rowNumber: number; column: string }) => [e.rowNumber, e.column])).toEqual([
      [2, 'name'],
      [3, 'tags'],
    ]);
  });

  test('paired surrogates (emoji) and other text are stored as sent', async () => {
    const res = await call('POST', '/customers', { name: 'Zoë 😀 \u200b' });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('Zoë 😀 \u200b');
  });
});

describe('cursors', () => {
  test('a made-up cursor on /contracts and /products is a 422 naming query.cursor; real cursors still page', async () => {
    for (let i = 0; i < 3; i++) {
      expect(
        (
          await call('POST', '/contracts', {
            customerId,
            plan: `Plan ${i}`,
            startedAt: '2026-01-01T00:00:00Z',
            monthlyValueMinor: 100,
          })
        ).status,
      ).toBe(201);
      expect(
        (await call('POST', '/products', { sku: `SKU-${i}`, name: `Product ${i}`, listPriceMinor: 100 })).status,
      ).toBe(201);
    }
    const garbage = [
      'garbage',
      Buffer.from('["x","y"]').toString('base64url'),
      Buffer.from('"\\u0000"').toString('base64url'),
      '%00',
      Buffer.from([0, 255]).toString('base64url'),
    ];
    for (const list of ['/contracts', '/products']) {
      for (const cursor of garbage) {
        const res = await call('GET', `${list}?cursor=${cursor}`);
        expect(res.status, `${list} ${cursor}`).toBe(422);
        expect(paths(res), `${list} ${cursor}`).toEqual(['query.cursor']);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await call(
          'GET',
          `${list}?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...page.body.items.map((i) => i.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen.length, list).toBe(3);
      expect(new Set(seen).size, list).toBe(3);
    }
  });
});

describe('PATCH with nothing to change', () => {
  test('PATCH /interactions/{id} with {} answers the interaction unchanged, like every other PATCH', async () => {
    const created = await call('POST', '/interactions', {
      customerId,
      occurredAt: '2026-05-01T10:00:00Z',
      channel: 'phone',
      direction: 'inbound',
      type: 'support',
      summary: 'Called',
    });
    expect(created.status).toBe(201);
    const res = await call('PATCH', `/interactions/${created.body.id}`, {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual(created.body);
  });
});

describe('the OpenAPI document', () => {
  test('publishes patterns as plain ECMAScript sources (no trailing regex flags); the attachment contentType pattern matches media types', async () => {
    const spec = (await t.request('GET', '/openapi.json')).text;
    const patterns = [...spec.matchAll(/"pattern":("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]) as string);
    expect(patterns.length).toBeGreaterThan(0);
    for (const p of patterns) expect(p, p).not.toMatch(/\$\/[a-z]*$/);
    const contentType = JSON.parse(spec).components.schemas.AttachmentMeta.properties.contentType.pattern;
    expect(new RegExp(contentType, 'u').test('image/png')).toBe(true);
    expect(new RegExp(contentType, 'u').test('Application/PDF')).toBe(true);
    expect(new RegExp(contentType, 'u').test('not a type')).toBe(false);
  });
});
