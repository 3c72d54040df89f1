// The imports API end to end: a raw CSV/NDJSON body streamed into the database, run by the
// imports.run job through the same engine as the CLI, followed through status and errors;
// every kind of bad file, bad request, size, credential and CSRF case.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { runUploadedImport, sweepStalledImports } from '../../workflows/uploaded-import.ts';
import { failReads, failWrites } from '../../../test/support/faults.ts';
import { importBatchSize } from './imports.engine.ts';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { badImportCases, errorKey, seedCustomersCsv, seedProductsCsv } from '../../../test/support/bad-imports.ts';
import { waitFor } from '../../../test/support/wait.ts';

const json = (res: Response): Promise<any> => res.json();
let t: TestApp;
type Ws = Awaited<ReturnType<TestApp['workspace']>>;
let ws: Ws;

const upload = (w: Ws, query: string, body: string | Buffer | ReadableStream, headers: Record<string, string> = {}) =>
  t.app.request(`/api/v1/imports?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${w.ownerToken}`, 'content-type': 'text/csv', ...headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);

/** Uploads, then runs the import's job in-process (what a worker does) and answers its final state. */
async function importVia(w: Ws, query: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const res = await upload(w, query, body, headers);
  const created = await json(res);
  if (res.status !== 202) return { status: res.status, body: created };
  await runUploadedImport(t.deps, { workspaceId: w.id, importId: created.id });
  const final = await t.request('GET', `/api/v1/imports/${created.id}`, { token: w.ownerToken });
  return { status: res.status, body: final.body, created };
}

async function allErrors(w: Ws, id: string) {
  const out: { rowNumber: number; column: string | null; message: string }[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: typeof out; nextCursor: string | null } } = await t.request(
      'GET',
      `/api/v1/imports/${id}/errors?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      { token: w.ownerToken },
    );
    out.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return out;
}

const count = async (table: string, workspaceId: string) =>
  (
    await queryRows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int n from ${sql.identifier(table)} where workspace_id = ${workspaceId}`,
    )
  )[0].n;
const leftovers = async (workspaceId: string) => ({
  imports: await count('imports', workspaceId),
  chunks: await count('import_chunks', workspaceId),
});

beforeAll(async () => {
  // No job queue here: tests run the import job in-process, deterministically. The first test
  // runs a real worker.
  t = await createTestApp({ env: { IMPORT_MAX_BYTES: String(4 * 1024 * 1024) } });
  ws = await t.workspace('Imports API');
});
afterAll(() => t.close());

describe('POST /api/v1/imports', () => {
  test('a CSV body answers 202 with a Location, a worker runs it, and its progress reads as done', async () => {
    const withJobs = await createTestApp({ jobs: true });
    try {
      const w = await withJobs.workspace('Worker');
      const csv = 'external_id,name,email\nA1,Ana,ana@example.com\nA2,Bia,bia@example.com\n';
      const res = await withJobs.app.request('/api/v1/imports?entity=customers&fileName=first.csv', {
        method: 'POST',
        headers: { authorization: `Bearer ${w.ownerToken}`, 'content-type': 'text/csv' },
        body: csv,
      });
      expect(res.status).toBe(202);
      const created = await json(res);
      expect(res.headers.get('location')).toBe(`/api/v1/imports/${created.id}`);
      expect(created).toMatchObject({
        entity: 'customers',
        format: 'csv',
        source: 'api',
        status: 'queued',
        fileName: 'first.csv',
        rowsTotal: 2,
        rowsDone: 0,
        progress: 0,
        bytes: Buffer.byteLength(csv),
      });
      expect(created.createdBy).toMatch(/^token:/);

      const state = await waitFor(
        async () => {
          const s = (await withJobs.request('GET', `/api/v1/imports/${created.id}`, { token: w.ownerToken })).body;
          return ['completed', 'failed'].includes(s.status) && s;
        },
        { what: 'the worker to finish the import', timeoutMs: 45_000, intervalMs: 200 },
      );
      expect(state).toMatchObject({
        status: 'completed',
        rowsTotal: 2,
        rowsDone: 2,
        rowsCommitted: 2,
        rowsRejected: 0,
        errorCount: 0,
        progress: 1,
        failure: null,
      });
      expect(state.finishedAt).toBeTruthy();
      const [{ n, chunks }] = await queryRows<{ n: number; chunks: number }>(
        withJobs.deps.db,
        sql`select (select count(*)::int from customers where workspace_id = ${w.id}) n, (select count(*)::int from import_chunks where workspace_id = ${w.id}) chunks`,
      );
      expect({ n, chunks }).toEqual({ n: 2, chunks: 0 });

      const list = await withJobs.request('GET', '/api/v1/imports', { token: w.ownerToken });
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ items: [{ id: created.id }], nextCursor: null });
    } finally {
      await withJobs.close();
    }
  }, 60_000);

  test('the list pages newest first with a cursor, and filters by status and entity', async () => {
    const w = await t.workspace('Listing');
    const ids: string[] = [];
    for (const entity of ['customers', 'products', 'customers']) {
      const body = entity === 'customers' ? 'external_id,name\nLI1,Lia\n' : seedProductsCsv;
      ids.push((await json(await upload(w, `entity=${entity}`, body))).id);
    }
    const first = await t.request('GET', '/api/v1/imports?limit=2', { token: w.ownerToken });
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual([ids[2], ids[1]]);
    const second = await t.request('GET', `/api/v1/imports?limit=2&cursor=${first.body.nextCursor}`, {
      token: w.ownerToken,
    });
    expect(second.body).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null });
    const products = await t.request('GET', '/api/v1/imports?entity=products&status=queued', { token: w.ownerToken });
    expect(products.body.items.map((i: { id: string }) => i.id)).toEqual([ids[1]]);
    expect((await t.request('GET', '/api/v1/imports?status=lost', { token: w.ownerToken })).status).toBe(422);
    expect((await t.request('GET', '/api/v1/imports?cursor=x', { token: w.ownerToken })).status).toBe(422);
  });

  test('row errors are listed in file order, paginated (several per row), and as CSV', async () => {
    const r = await importVia(
      ws,
      'entity=customers',
      'external_id,name,email,birth_date\nE1,Ok,e1@example.com,\nE2,,not-an-email,1990-02-30\nE3,Fine,,\nE4,Bad,also-bad,\n',
    );
    expect(r.body).toMatchObject({
      status: 'completed',
      rowsDone: 4,
      rowsCommitted: 2,
      rowsRejected: 2,
      errorCount: 4,
    });
    const errors = await allErrors(ws, r.body.id);
    // File order; within a row, by message (a stable order for the cursor).
    expect(errors.map(errorKey)).toEqual(['2:email', '2:name', '2:birth_date', '4:email']);
    // Each error has a stable code and the values it names, for the reader's language; the English sentence stays.
    const page = await t.request('GET', `/api/v1/imports/${r.body.id}/errors`, { token: ws.ownerToken });
    expect(page.body.items.slice(0, 3)).toEqual([
      {
        rowNumber: 2,
        column: 'email',
        code: 'email',
        params: { got: 'not-an-email' },
        message: 'is not an email address (got "not-an-email")',
      },
      { rowNumber: 2, column: 'name', code: 'required', params: null, message: 'is required' },
      {
        rowNumber: 2,
        column: 'birth_date',
        code: 'day',
        params: { got: '1990-02-30' },
        message: 'must be a date YYYY-MM-DD (got "1990-02-30")',
      },
    ]);
    // A row stored before codes (migration 0043) is still listed, with its sentence and no code.
    await t.deps.db.execute(
      sql`insert into import_errors (workspace_id, import_id, row_number, "column", message) values (${ws.id}, ${r.body.id}, 9, 'name', 'is required')`,
    );
    const old = await t.request('GET', `/api/v1/imports/${r.body.id}/errors?limit=10`, { token: ws.ownerToken });
    expect(old.body.items.at(-1)).toEqual({
      rowNumber: 9,
      column: 'name',
      code: null,
      params: null,
      message: 'is required',
    });
    await t.deps.db.execute(sql`delete from import_errors where import_id = ${r.body.id} and row_number = 9`);
    const csv = await t.app.request(`/api/v1/imports/${r.body.id}/errors?format=csv`, {
      headers: { authorization: `Bearer ${ws.ownerToken}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('row_number,column,code,message');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatch(/^4,email,email,/);
    const bad = await t.request('GET', `/api/v1/imports/${r.body.id}/errors?cursor=nonsense`, { token: ws.ownerToken });
    expect(bad.status).toBe(422);
  });

  test('the CLI options: map, delimiter (tab), file name; NDJSON by its content type', async () => {
    const tsv = await importVia(
      ws,
      'entity=customers&delimiter=tab&map=Code%3Dexternal_id&map=Full%20name%3Dname',
      'Code\tFull name\tShoe size\nTB1\tTeresa\t38\n',
    );
    expect(tsv.body).toMatchObject({
      status: 'completed',
      rowsCommitted: 1,
      delimiter: '\t',
      mapping: { Code: 'external_id', 'Full name': 'name' },
    });
    // A warning, like a row error, has a code and the values it names for the reader's language.
    expect(tsv.body.warnings).toEqual([
      {
        code: 'unknown_columns',
        params: { columns: 'Shoe size', count: 1 },
        message: 'Ignored unknown column: Shoe size',
      },
    ]);
    const nd = await importVia(
      ws,
      'entity=customers',
      '{"external_id":"ND1","name":"Nadia"}\n[1]\n{"external_id":"ND2","name":"Noel"}\n',
      { 'content-type': 'application/x-ndjson' },
    );
    expect(nd.body).toMatchObject({
      format: 'ndjson',
      status: 'completed',
      rowsDone: 3,
      rowsCommitted: 2,
      rowsRejected: 1,
    });
  });

  test('a file that fails as a whole says why with a code; a warning stored as a bare sentence has none', async () => {
    // Blank lines pass the upload (bytes arrived) but hold no record: the run fails the file.
    const blank = await importVia(ws, 'entity=customers', '\n\n  \n', { 'content-type': 'application/x-ndjson' });
    expect(blank.body).toMatchObject({
      status: 'failed',
      failure: { code: 'empty_file', params: null, message: 'The file is empty' },
    });
    // Written by a server older than migration 0045 (a rolling deploy): shown as it was written.
    await t.deps.db.execute(sql`update imports set warnings = '["Something odd"]'::jsonb where id = ${blank.body.id}`);
    const old = await t.request('GET', `/api/v1/imports/${blank.body.id}`, { token: ws.ownerToken });
    expect(old.body.warnings).toEqual([{ code: null, params: null, message: 'Something odd' }]);
  });

  test('an NDJSON line over 1,000,000 characters is a row error, never held whole (the CLI heap is capped)', async () => {
    const long = JSON.stringify({ external_id: 'LONG1', name: 'x'.repeat(1_500_000) });
    const nd = await importVia(
      ws,
      'entity=customers',
      `{"external_id":"LN1","name":"Lena"}\r\n${long}\r\n{"external_id":"LN2","name":"Lars"}`,
      { 'content-type': 'application/x-ndjson' },
    );
    expect(nd.body).toMatchObject({
      format: 'ndjson',
      status: 'completed',
      rowsDone: 3,
      rowsCommitted: 2,
      rowsRejected: 1,
    });
    expect(await allErrors(ws, nd.body.id)).toEqual([
      expect.objectContaining({ rowNumber: 2, message: 'row is longer than 1,000,000 characters' }),
    ]);
  });

  test('a file over 1 MiB (the JSON limit) streams in chunks and imports every row', async () => {
    const rows = 14_000;
    const lines = ['external_id,name,email'];
    for (let i = 0; i < rows; i++) lines.push(`BIG${i},Customer number ${i} ${'x'.repeat(80)},big${i}@example.com`);
    const body = Buffer.from(`${lines.join('\n')}\n`);
    expect(body.length).toBeGreaterThan(1.5 * 1024 * 1024);
    const big = await t.workspace('Big');
    const res = await upload(big, 'entity=customers', body);
    const created = await json(res);
    expect(res.status, JSON.stringify(created)).toBe(202);
    expect(created.rowsTotal).toBe(rows);
    expect(await count('import_chunks', big.id)).toBe(2);
    await runUploadedImport(t.deps, { workspaceId: big.id, importId: created.id });
    expect((await t.request('GET', `/api/v1/imports/${created.id}`, { token: big.ownerToken })).body).toMatchObject({
      status: 'completed',
      rowsCommitted: rows,
    });
    const [{ total, distinct }] = await queryRows<{ total: number; distinct: number }>(
      t.deps.db,
      sql`select count(*)::int total, count(distinct external_id)::int "distinct" from customers where workspace_id = ${big.id}`,
    );
    expect({ total, distinct }).toEqual({ total: rows, distinct: rows });
    // The engine analysed the table it filled: the planner's row estimate counts every row, so
    // the next file's lookups by external id are planned for the table as it is now.
    const [stats] = await queryRows<{ estimated: number; actual: number }>(
      t.deps.db,
      sql`select (select reltuples from pg_class where oid = 'customers'::regclass)::int estimated, (select count(*) from customers)::int actual`,
    );
    expect(stats.estimated).toBe(stats.actual);
  }, 60_000);
});

describe('bad files through the API', () => {
  let target: Ws;
  beforeAll(async () => {
    target = await t.workspace('Bad files');
    expect((await importVia(target, 'entity=products', seedProductsCsv)).body.status).toBe('completed');
    expect((await importVia(target, 'entity=customers', seedCustomersCsv)).body.status).toBe('completed');
  });

  for (const c of badImportCases) {
    test(c.name, async () => {
      const before = await leftovers(target.id);
      const r = await importVia(
        target,
        `entity=${c.entity}${c.delimiter ? `&delimiter=${encodeURIComponent(c.delimiter)}` : ''}`,
        c.body,
      );
      if (c.refused) {
        expect(r.status, JSON.stringify(r.body)).toBe(422);
        expect(r.body.code).toBe('validation_failed');
        expect(r.body.detail).toMatch(c.refused);
        expect(await leftovers(target.id)).toEqual(before);
        return;
      }
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      expect(r.body, JSON.stringify(r.body)).toMatchObject({ status: 'completed', rowsCommitted: c.committed });
      expect((await allErrors(target, r.body.id)).map(errorKey)).toEqual(expect.arrayContaining(c.errors ?? []));
      expect(r.body.errorCount).toBeGreaterThanOrEqual(c.errors?.length ?? 0);
      if (!c.errors?.length) expect(r.body.errorCount).toBe(0);
      const table = c.entity === 'transactions' ? 'transactions' : 'customers';
      const ids = await queryRows<{ external_id: string }>(
        t.deps.db,
        sql`select external_id from ${sql.identifier(table)} where workspace_id = ${target.id}`,
      );
      for (const id of c.present ?? []) expect(ids.map((i) => i.external_id)).toContain(id);
    });
  }

  test('a re-upload of the same file converges to the same state (upsert on external id)', async () => {
    const csv = 'external_id,name\nRE1,Rita\nRE2,Rui\n';
    await importVia(target, 'entity=customers', csv);
    const n = await count('customers', target.id);
    const again = await importVia(target, 'entity=customers', csv);
    expect(again.body).toMatchObject({ status: 'completed', rowsCommitted: 2 });
    expect(await count('customers', target.id)).toBe(n);
  });
});

describe('bad requests', () => {
  test('query: missing or unknown entity, bad map, bad delimiter, unknown parameter → 422', async () => {
    for (const q of [
      '',
      'entity=planets',
      'entity=customers&map=nothing',
      'entity=customers&delimiter=%22',
      'entity=customers&delimiter=ab',
      'entity=customers&sneaky=1',
    ]) {
      const res = await upload(ws, q, 'external_id,name\nX,Y\n');
      expect(res.status, q).toBe(422);
      expect((await json(res)).code).toBe('validation_failed');
    }
  });

  test('content types: JSON, text/plain, forms, other charsets and compressed bodies → 415', async () => {
    const before = await leftovers(ws.id);
    const cases: Record<string, string>[] = [
      { 'content-type': 'application/json' },
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'multipart/form-data; boundary=x' },
      { 'content-type': 'text/csv; charset=latin1' },
      { 'content-type': 'text/csv', 'content-encoding': 'gzip' },
    ];
    for (const headers of cases) {
      const res = await upload(ws, 'entity=customers', 'external_id,name\nX,Y\n', headers);
      expect(res.status, JSON.stringify(headers)).toBe(415);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const none = await t.app.request('/api/v1/imports?entity=customers', {
      method: 'POST',
      headers: { authorization: `Bearer ${ws.ownerToken}` },
      body: 'x',
    });
    expect(none.status).toBe(415);
    expect(await leftovers(ws.id)).toEqual(before);
  });

  test('over IMPORT_MAX_BYTES → 413, declared up front or found while streaming; nothing is kept', async () => {
    const before = await leftovers(ws.id);
    const declared = await upload(ws, 'entity=customers', 'external_id,name\n', {
      'content-length': String(5 * 1024 * 1024),
    });
    expect(declared.status).toBe(413);
    const piece = new TextEncoder().encode(`${'Z,'.padEnd(1023, 'z')}\n`);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('external_id,name\n'));
      },
      pull(controller) {
        sent++;
        if (sent > 6 * 1024) controller.close();
        else controller.enqueue(piece);
      },
    });
    const streamed = await upload(ws, 'entity=customers', endless);
    expect(streamed.status).toBe(413);
    expect((await json(streamed)).code).toBe('payload_too_large');
    expect(sent).toBeLessThan(5 * 1024);
    expect(await leftovers(ws.id)).toEqual(before);
  });

  test('a header line over 1 MiB (a file with no line breaks) → 422', async () => {
    const res = await upload(ws, 'entity=customers', `external_id,name,${'x'.repeat(1024 * 1024 + 10)}`);
    expect(res.status).toBe(422);
    expect((await json(res)).errors).toEqual([
      expect.objectContaining({ path: 'body', code: 'header_too_long', params: { max: 1024 * 1024 } }),
    ]);
  });

  test('a refused file says why with a code and its values (the web app words them); detail stays English', async () => {
    const refusal = async (body: string) => {
      const res = await upload(ws, 'entity=customers', body);
      expect(res.status).toBe(422);
      const problem = await json(res);
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors).toHaveLength(1);
      expect(problem.errors[0].message).toBe(problem.detail);
      return problem;
    };
    const semicolons = await refusal('external_id;name\nX1;Xavier\n');
    expect(semicolons.errors[0]).toMatchObject({
      path: 'body',
      code: 'missing_columns',
      params: { columns: 'external_id, name', count: 2, found: 'external_id;name', separator: 'semicolon' },
    });
    // The API's own hints (its query parameters) are in the English sentence only.
    expect(semicolons.detail).toMatch(
      /^Missing required columns: external_id, name\. .*add delimiter=%3B to the query/,
    );
    expect((await refusal('external_id,name,name\nZ1,Zoe,Zed\n')).errors[0]).toEqual({
      path: 'body',
      code: 'columns_twice',
      params: { columns: 'name', count: 1 },
      message: 'Column named twice: name',
    });
    expect((await refusal('')).errors[0]).toEqual({ path: 'body', code: 'empty_file', message: 'The file is empty' });
  });
});

describe('credentials and CSRF', () => {
  test('a session cookie works like a token; CSRF: a cookie with a form-sendable content type is refused', async () => {
    const { cookie } = await t.signIn(ws.ownerEmail, ws.password);
    const ok = await t.app.request('/api/v1/imports?entity=customers', {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/csv', origin: 'http://localhost' },
      body: 'external_id,name\nCK1,Cookie\n',
    });
    expect(ok.status).toBe(202);
    expect((await json(ok)).createdBy).toMatch(/^user:/);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=----x']) {
      // From another site the Origin check refuses it first; from our own pages the type does.
      const forged = await t.app.request('/api/v1/imports?entity=customers', {
        method: 'POST',
        headers: { cookie, 'content-type': type, origin: 'https://evil.example' },
        body: 'external_id,name\nEV1,Evil\n',
      });
      expect(forged.status, type).toBe(403);
      const formSendable = await t.app.request('/api/v1/imports?entity=customers', {
        method: 'POST',
        headers: { cookie, 'content-type': type, origin: 'http://localhost' },
        body: 'external_id,name\nEV1,Evil\n',
      });
      expect(formSendable.status, type).toBe(415);
    }
  });

  test('no credentials → 401; a role without imports:run → 403; another workspace’s import → 404', async () => {
    const anon = await t.app.request('/api/v1/imports?entity=customers', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'external_id,name\nX,Y\n',
    });
    expect(anon.status).toBe(401);
    const agent = await t.app.request('/api/v1/imports?entity=customers', {
      method: 'POST',
      headers: { authorization: `Bearer ${await ws.token('agent')}`, 'content-type': 'text/csv' },
      body: 'external_id,name\nX,Y\n',
    });
    expect(agent.status).toBe(403);
    const mine = (await t.request('GET', '/api/v1/imports', { token: ws.ownerToken })).body.items[0];
    const other = await t.workspace('Other');
    expect((await t.request('GET', `/api/v1/imports/${mine.id}`, { token: other.ownerToken })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/imports/${mine.id}/errors`, { token: other.ownerToken })).status).toBe(404);
    expect((await t.request('GET', '/api/v1/imports', { token: other.ownerToken })).body.items).toEqual([]);
  });
});

describe('runs, leases and the stalled-import sweep', () => {
  test('a run resumes after the rows an earlier run settled, and a second run of the same import does nothing', async () => {
    const w = await t.workspace('Resume');
    const res = await upload(w, 'entity=customers', 'external_id,name\nS1,One\nS2,Two\nS3,Three\nS4,Four\n');
    const { id } = await json(res);
    // As if a dead worker had settled the first two rows (but they were never written).
    await t.deps.db.execute(
      sql`update imports set status = 'running', rows_done = 2, rows_committed = 2, heartbeat_at = now() - interval '1 hour' where id = ${id}`,
    );
    expect(await runUploadedImport(t.deps, { workspaceId: w.id, importId: id })).toBe('not_claimed');
    t.clock.set(new Date());
    const swept = await sweepStalledImports({ ...t.deps, jobs: undefined });
    expect(swept.requeued).toBeGreaterThanOrEqual(1);
    expect(await runUploadedImport(t.deps, { workspaceId: w.id, importId: id })).toBe('completed');
    expect(await runUploadedImport(t.deps, { workspaceId: w.id, importId: id })).toBe('not_claimed');
    const names = await queryRows<{ external_id: string }>(
      t.deps.db,
      sql`select external_id from customers where workspace_id = ${w.id} order by external_id`,
    );
    expect(names.map((n) => n.external_id)).toEqual(['S3', 'S4']);
    expect((await t.request('GET', `/api/v1/imports/${id}`, { token: w.ownerToken })).body).toMatchObject({
      status: 'completed',
      rowsDone: 4,
      rowsCommitted: 4,
      rowsTotal: 4,
    });
  });

  test('a run that lost its lease (presumed dead, taken over) writes nothing more', async () => {
    const w = await t.workspace('Lease');
    const lines = ['external_id,name'];
    const n = importBatchSize(t.deps.database.driver);
    for (let i = 0; i < 3 * n; i++) lines.push(`L${i},Name ${i}`);
    const { id } = await json(await upload(w, 'entity=customers', `${lines.join('\n')}\n`));
    // Right after the first batch commits, another worker takes the import over (as the sweep
    // allows when a run goes silent): a trigger voids the lease in that batch's transaction.
    await t.deps.database.executeSql(
      `create function void_lease() returns trigger language plpgsql as $$ begin new.lease_id := null; new.status := 'queued'; return new; end $$`,
    );
    await t.deps.database.executeSql(
      `create trigger void_lease before update on imports for each row when (old.id = '${id}' and old.rows_done < ${n} and new.rows_done >= ${n}) execute function void_lease()`,
    );
    try {
      expect(await runUploadedImport(t.deps, { workspaceId: w.id, importId: id })).toBe('lease_lost');
    } finally {
      await t.deps.database.executeSql('drop trigger void_lease on imports; drop function void_lease()');
    }
    const [row] = await queryRows<{ rows_done: number; n: number }>(
      t.deps.db,
      sql`select rows_done, (select count(*)::int from customers where workspace_id = ${w.id}) n from imports where id = ${id}`,
    );
    expect(row).toEqual({ rows_done: n, n });
    // The taking-over run carries on from there.
    expect(await runUploadedImport(t.deps, { workspaceId: w.id, importId: id })).toBe('completed');
    expect(await count('customers', w.id)).toBe(3 * n);
  });

  test('the sweep fails an abandoned upload (dropping its chunks) and a killed CLI run', async () => {
    const w = await t.workspace('Sweep');
    const old = new Date(Date.now() - 3_600_000).toISOString();
    await t.deps.db.execute(
      sql`insert into imports (workspace_id, id, entity, format, source, status, heartbeat_at) values (${w.id}, '0193a7e2-7c1e-7cc0-b3a4-000000000001', 'customers', 'csv', 'api', 'uploading', ${old}), (${w.id}, '0193a7e2-7c1e-7cc0-b3a4-000000000002', 'customers', 'csv', 'cli', 'running', ${old})`,
    );
    await t.deps.db.execute(
      sql`insert into import_chunks (workspace_id, import_id, seq, data) values (${w.id}, '0193a7e2-7c1e-7cc0-b3a4-000000000001', 0, '\\x41'::bytea)`,
    );
    t.clock.set(new Date());
    const swept = await sweepStalledImports({ ...t.deps, jobs: undefined });
    expect(swept.failed).toBeGreaterThanOrEqual(2);
    const rows = (await t.request('GET', '/api/v1/imports', { token: w.ownerToken })).body.items.reverse();
    expect(rows.map((r: { status: string }) => r.status)).toEqual(['failed', 'failed']);
    expect(rows[0].failure).toEqual({
      code: 'upload_stopped',
      params: null,
      message: expect.stringMatching(/upload stopped/),
    });
    expect(rows[1].failure).toEqual({
      code: 'process_ended',
      params: null,
      message: expect.stringMatching(/run it again/),
    });
    expect(await count('import_chunks', w.id)).toBe(0);
  });

  test('an import the sweep cannot change does not stop it for the others', async () => {
    const w = await t.workspace('Sweep stuck');
    const old = new Date(Date.now() - 3_600_000).toISOString();
    const [bad, good] = ['0193a7e2-7c1e-7cc0-b3a4-000000000011', '0193a7e2-7c1e-7cc0-b3a4-000000000012'];
    await t.deps.db.execute(
      sql`insert into imports (workspace_id, id, entity, format, source, status, heartbeat_at) values (${w.id}, ${bad}, 'customers', 'csv', 'cli', 'running', ${old}), (${w.id}, ${good}, 'customers', 'csv', 'cli', 'running', ${old})`,
    );
    const heal = await failWrites(t, 'imports', 'UPDATE', `new.id = '${bad}'`);
    try {
      t.clock.set(new Date());
      await sweepStalledImports({ ...t.deps, jobs: undefined });
    } finally {
      await heal();
    }
    const status = async () =>
      (
        await queryRows<{ status: string }>(
          t.deps.db,
          sql`select status from imports where workspace_id = ${w.id} order by id`,
        )
      ).map((r) => r.status);
    expect(await status()).toEqual(['running', 'failed']);
    await sweepStalledImports({ ...t.deps, jobs: undefined });
    expect(await status()).toEqual(['failed', 'failed']);
  });

  test('stored chunks the database cannot read fail the run for a retry, never a row error that ends the file', async () => {
    const w = await t.workspace();
    const { id } = await json(await upload(w, 'entity=customers', 'external_id,name\nO1,Olga\nO2,Omar\n'));
    const heal = await failReads(t, 'import_chunks', `r.import_id = '${id}'`);
    const failure = await runUploadedImport(t.deps, { workspaceId: w.id, importId: id }).then(
      () => undefined,
      (err: unknown) => err,
    );
    await heal();
    expect(String((failure as Error).cause)).toMatch(/simulated connection failure/);
    const back = (await t.request('GET', `/api/v1/imports/${id}`, { token: w.ownerToken })).body;
    expect(back).toMatchObject({ status: 'queued', rowsCommitted: 0 });
    expect(await allErrors(w, id)).toEqual([]);
    // The retry reads the whole file.
    expect(await runUploadedImport(t.deps, { workspaceId: w.id, importId: id })).toBe('completed');
    const done = (await t.request('GET', `/api/v1/imports/${id}`, { token: w.ownerToken })).body;
    expect(done).toMatchObject({ status: 'completed', rowsCommitted: 2, rowsRejected: 0 });
  });
});
