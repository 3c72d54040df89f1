// The audit log through the API on a real database: writes and audited reads are recorded with
// actor, route pattern and status (before/after where the service knows them); the hash chain
// shows a row altered or deleted by hand; redaction and retention keep it verifying; 50
// concurrent writes do not fork it; concurrent reads share appends and one unwritable row loses
// only itself; appends from several processes and services' own transactions interleave into one
// chain; only owners and admins read it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { failWrites } from '../../../test/support/faults.ts';
import type { Db } from '../../db/client.ts';
import { detailHashOf, extendChain } from './audit.chain.ts';
import { appendAtEnd, chainEnd } from './audit.repository.ts';
import { type AuditRequest, purgeExpiredAudit, recordRequest, redactCustomerInAudit, verifyChain } from './index.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const sql = (text: string, values: unknown[] = []) => t.deps.database.executeSql(text, values);

async function setup() {
  const ws = await t.workspace();
  const call = async (method: string, path: string, body?: unknown, token = ws.ownerToken) =>
    t.request(method, `/api/v1${path}`, { token, body, headers: { 'user-agent': 'audit-test/1' } });
  const created = await call('POST', '/customers', { name: 'Ana Souza', email: 'ana.souza@example.com' });
  expect(created.status, created.text).toBe(201);
  return { ws, call, customerId: created.body.id as string };
}

describe('recording', () => {
  test('a customer update is recorded with the fields before and after, the actor and the route pattern', async () => {
    const { ws, call, customerId } = await setup();
    const res = await call('PATCH', `/customers/${customerId}`, { name: 'Ana Lima', tags: ['vip'] });
    expect(res.status, res.text).toBe(200);
    const page = await call('GET', `/audit?entityType=customers&entityId=${customerId}`);
    expect(page.status, page.text).toBe(200);
    const [update, create] = page.body.items;
    expect(update).toMatchObject({
      action: 'customer.update',
      actorType: 'token',
      method: 'PATCH',
      route: '/customers/{id}',
      entityId: customerId,
      customerId,
      userAgent: 'audit-test/1',
      detail: { before: { name: 'Ana Souza', tags: [] }, after: { name: 'Ana Lima', tags: ['vip'] } },
    });
    expect(update.requestId).toBeTruthy();
    expect(update.detail.before).not.toHaveProperty('email');
    // The create went through the generic middleware: route, status, no detail.
    expect(create).toMatchObject({ action: 'create', method: 'POST', route: '/customers', status: 201 });
    expect((await verifyChain(t.deps, ws.id)).ok).toBe(true);
  });

  test('a contract change is recorded with before/after; a failed one (rolled back) only with its status', async () => {
    const { ws, call, customerId } = await setup();
    const contract = await call('POST', '/contracts', {
      customerId,
      plan: 'Basic',
      startedAt: '2026-01-01T00:00:00Z',
      monthlyValueMinor: 1990,
    });
    expect(contract.status, contract.text).toBe(201);
    const id = contract.body.id as string;
    expect((await call('PATCH', `/contracts/${id}`, { plan: 'Plus', monthlyValueMinor: 2990 })).status).toBe(200);
    expect((await call('PATCH', `/contracts/${id}`, { endsAt: '2020-01-01T00:00:00Z' })).status).toBe(422);
    const items = (await call('GET', `/audit?entityType=contracts&entityId=${id}`)).body.items;
    expect(items.map((i: { action: string }) => i.action)).toEqual(['update', 'contract.update', 'create']);
    expect(items[0]).toMatchObject({ status: 422, detail: null });
    expect(items[1].detail).toEqual({
      before: { plan: 'Basic', monthlyValueMinor: 1990 },
      after: { plan: 'Plus', monthlyValueMinor: 2990 },
    });
    expect((await verifyChain(t.deps, ws.id)).ok).toBe(true);
  });

  test('a refused write is recorded with its status; the 360 overview read is recorded', async () => {
    const { ws, call, customerId } = await setup();
    const analyst = await ws.token('analyst');
    expect((await call('PATCH', `/customers/${customerId}`, { name: 'X' }, analyst)).status).toBe(403);
    expect((await call('GET', `/customers/${customerId}/overview`)).status).toBe(200);
    const items = (await call('GET', '/audit')).body.items;
    expect(items[0]).toMatchObject({ action: 'read', route: '/customers/{id}/overview', status: 200, customerId });
    expect(items[1]).toMatchObject({ action: 'update', route: '/customers/{id}', status: 403 });
  });

  test('only owners and admins read the log; only owners verify it', async () => {
    const { ws, call } = await setup();
    for (const role of ['manager', 'analyst', 'agent'] as const) {
      expect((await call('GET', '/audit', undefined, await ws.token(role))).status).toBe(403);
    }
    const admin = await ws.token('admin');
    expect((await call('GET', '/audit', undefined, admin)).status).toBe(200);
    expect((await call('GET', '/audit/verify', undefined, admin)).status).toBe(403);
    const verified = await call('GET', '/audit/verify');
    expect(verified.body).toMatchObject({ ok: true, broken: null });
  });

  test('cursor paging walks the log newest first without repeats', async () => {
    const { call, customerId } = await setup();
    for (let i = 0; i < 4; i++) await call('PATCH', `/customers/${customerId}`, { name: `Name ${i}` });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { seq: number }[]; nextCursor: string | null } } = await call(
        'GET',
        `/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((i) => i.seq));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([5, 4, 3, 2, 1]);
    expect((await call('GET', '/audit?cursor=bogus')).status).toBe(422);
  });
});

describe('tamper evidence', () => {
  test('a row altered by hand breaks the chain at that seq; a deleted row shows as missing', async () => {
    const { ws, call, customerId } = await setup();
    for (let i = 0; i < 4; i++) await call('PATCH', `/customers/${customerId}`, { name: `Name ${i}` });
    expect(await verifyChain(t.deps, ws.id)).toMatchObject({ ok: true, rows: 5, lastSeq: 5 });

    await sql(`update audit_log set actor_id = 'someone-else' where workspace_id = $1 and seq = 3`, [ws.id]);
    expect(await verifyChain(t.deps, ws.id)).toMatchObject({ ok: false, broken: { seq: 3, reason: 'hash' } });
    const api = await call('GET', '/audit/verify');
    expect(api.body).toMatchObject({ ok: false, broken: { seq: 3, reason: 'hash' } });

    await sql(`delete from audit_log where workspace_id = $1 and seq = 3`, [ws.id]);
    expect(await verifyChain(t.deps, ws.id)).toMatchObject({ ok: false, broken: { seq: 3, reason: 'missing' } });
  });

  test('detail changed without redaction is flagged; redaction keeps the chain valid', async () => {
    const { ws, call, customerId } = await setup();
    await call('PATCH', `/customers/${customerId}`, { name: 'Ana Lima' });
    await call('PATCH', `/customers/${customerId}`, { phone: '+5511999990000' });
    await sql(`update audit_log set detail = '{"before":{},"after":{}}' where workspace_id = $1 and seq = 2`, [ws.id]);
    expect(await verifyChain(t.deps, ws.id)).toMatchObject({ ok: false, broken: { seq: 2, reason: 'detail' } });
    await sql(`update audit_log set detail = null where workspace_id = $1 and seq = 2`, [ws.id]);

    // Erasure: every row about the customer, by id or quoting the name.
    const redacted = await t.deps.db.transaction((tx) =>
      redactCustomerInAudit(tx, ws.id, customerId, { values: ['Ana Lima'] }),
    );
    expect(redacted).toBe(3);
    const rows = (await sql(`select detail, redacted_at from audit_log where workspace_id = $1 and seq = 2`, [ws.id]))
      .rows;
    expect(rows[0]?.detail).toEqual({ redacted: true });
    expect(await verifyChain(t.deps, ws.id)).toMatchObject({ ok: true, rows: 3 });
    const items = (await call('GET', `/audit?entityId=${customerId}`)).body.items;
    expect(JSON.stringify(items)).not.toContain('Ana Lima');
  });

  test('50 concurrent writes in one workspace do not fork the chain', async () => {
    const { ws, call } = await setup();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call('POST', '/customers', { name: `Concurrent ${i}` })),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(await verifyChain(t.deps, ws.id)).toMatchObject({ ok: true, rows: 51, lastSeq: 51 });
  });

  test('concurrent 360 reads share appends, each recorded once; a row that cannot be written loses only itself', async () => {
    const { ws, call, customerId } = await setup();
    const other = await call('POST', '/customers', { name: 'Bea Lima' });
    const heal = await failWrites(t, 'audit_log', 'INSERT', `new.entity_id = '${other.body.id}'`);
    try {
      const reads = await Promise.all(
        Array.from({ length: 30 }, (_, i) => call('GET', `/customers/${i % 3 ? customerId : other.body.id}/overview`)),
      );
      expect(reads.map((r) => r.status)).toEqual(Array(30).fill(200));
    } finally {
      await heal();
    }
    const page = await call('GET', `/audit?entityType=customers&action=read&limit=100`);
    expect(page.body.items.map((r: { entityId: string }) => r.entityId)).toEqual(Array(20).fill(customerId));
    expect(await verifyChain(t.deps, ws.id)).toMatchObject({ ok: true, rows: 22, lastSeq: 22 });
  });

  test('retention deletes a prefix and the chain verifies from its anchor', async () => {
    const { ws, call, customerId } = await setup();
    expect((await call('PUT', '/audit/settings', { retentionDays: 30 })).status).toBe(200);
    t.clock.advance(40 * 86_400_000);
    await call('PATCH', `/customers/${customerId}`, { name: 'Later' });
    const removed = await purgeExpiredAudit(t.deps);
    expect(removed).toBeGreaterThanOrEqual(2);
    const v = await verifyChain(t.deps, ws.id);
    expect(v).toMatchObject({ ok: true, fromSeq: 2, rows: 1, lastSeq: 3 });
    expect((await call('GET', '/audit/settings')).body).toEqual({ retentionDays: 30 });
    expect((await call('PUT', '/audit/settings', { retentionDays: 5 })).status).toBe(422);
  });

  // Another process appending to the same workspace remembers the chain's end on its own: a second
  // handle on the database stands for it (the end is remembered per handle).
  const otherProcess = () => ({ ...t.deps, db: Object.create(t.deps.db) as Db });
  const readOf = (workspaceId: string, userAgent = 'audit-test/1'): AuditRequest => ({
    workspaceId,
    actorType: 'system',
    actorId: null,
    ip: null,
    userAgent,
    method: 'GET',
    route: '/customers/{id}/overview',
    requestId: null,
    recorded: 0,
  });
  const read = (ctx: typeof t.deps, workspaceId: string, customerId: string, userAgent?: string) =>
    recordRequest(
      ctx,
      readOf(workspaceId, userAgent),
      { action: 'read', entityType: 'customers', entityId: customerId, customerId },
      200,
    );

  test('appends of two processes and writes in services’ own transactions interleave into one chain', async () => {
    const { ws, call, customerId } = await setup();
    const other = otherProcess();
    for (let i = 0; i < 5; i++) {
      const done = await Promise.all([
        read(t.deps, ws.id, customerId),
        read(other, ws.id, customerId),
        read(t.deps, ws.id, customerId),
        call('PATCH', `/customers/${customerId}`, { name: `Name ${i}` }),
        read(other, ws.id, customerId),
      ]);
      expect(done.map((d) => (typeof d === 'boolean' ? d : d.status))).toEqual([true, true, true, 200, true]);
    }
    // 1 create + 5 × (4 reads + 1 update), gapless.
    expect(await verifyChain(t.deps, ws.id)).toMatchObject({ ok: true, rows: 26, lastSeq: 26 });
    const seqs = (await sql(`select seq from audit_log where workspace_id = $1 order by seq`, [ws.id])).rows;
    expect(seqs.map((r) => Number(r.seq))).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
  });

  test('an end remembered before retention deleted the whole chain (and rows written after it) is not reused', async () => {
    const { ws, call, customerId } = await setup();
    expect((await call('PUT', '/audit/settings', { retentionDays: 30 })).status).toBe(200);
    expect(await read(t.deps, ws.id, customerId)).toBe(true); // this process remembers the end: seq 3
    expect(await read(otherProcess(), ws.id, customerId)).toBe(true); // seq 4, unseen here
    t.clock.advance(40 * 86_400_000);
    await purgeExpiredAudit(t.deps);
    const left = await sql(`select count(*)::int as n from audit_log where workspace_id = $1`, [ws.id]);
    expect(left.rows[0]?.n).toBe(0); // all of it: the anchor is seq 4
    expect(await read(t.deps, ws.id, customerId)).toBe(true);
    expect(await verifyChain(t.deps, ws.id)).toMatchObject({ ok: true, fromSeq: 4, rows: 1, lastSeq: 5 });
  });

  test('an append stores every column as given (details, nulls, times), and on PGlite runs as a named statement', async () => {
    const { ws, customerId } = await setup();
    const detail = {
      before: { name: `O'Brien \\ "x"` },
      after: { name: 'ç 日本 😀', n: 1.5, none: null, list: [1, 'a'] },
    };
    const at = new Date('2026-03-04T05:06:07.089Z');
    const row = (id: string, d: Record<string, unknown> | null) => ({
      workspaceId: ws.id,
      id,
      at,
      actorType: 'system',
      actorId: null,
      ip: '10.0.0.1',
      userAgent: null,
      method: 'PATCH',
      route: '/customers/{id}',
      action: 'customer.update',
      entityType: 'customers',
      entityId: customerId,
      customerId,
      requestId: 'req-1',
      status: 200,
      detail: d,
      detailHash: detailHashOf(d),
    });
    const end = await chainEnd(t.deps.db, ws.id);
    const linked = extendChain(end, [row(crypto.randomUUID(), detail), row(crypto.randomUUID(), null)]).rows;
    expect(await appendAtEnd(t.deps.database, ws.id, end, linked)).toMatchObject({ appended: true });
    const stored = await sql(
      `select detail, at, actor_id, user_agent, status, seq::int as seq from audit_log where workspace_id = $1 and seq > $2 order by seq`,
      [ws.id, end.seq],
    );
    expect(stored.rows).toEqual([
      { detail, at, actor_id: null, user_agent: null, status: 200, seq: end.seq + 1 },
      { detail: null, at, actor_id: null, user_agent: null, status: 200, seq: end.seq + 2 },
    ]);
    // Appended after an end that has moved on: nothing goes in, and the end found is answered.
    expect(await appendAtEnd(t.deps.database, ws.id, end, linked)).toEqual({
      appended: false,
      end: { seq: end.seq + 2, hash: linked[1]?.hash },
    });
    expect(await verifyChain(t.deps, ws.id)).toMatchObject({ ok: true, lastSeq: end.seq + 2 });
    if (t.deps.database.driver !== 'pglite') return;
    const prepared = await sql(`select name from pg_prepared_statements`);
    expect(prepared.rows.map((r) => r.name)).toContain('audit_append_at_end');
  });

  test('quotes, backslashes and any letters in what a request sends are stored as sent', async () => {
    const { ws, customerId } = await setup();
    const agent = `O'Brien\\' ); drop table audit_log; -- "ç" 日本 😀 \\x00`;
    expect(await read(t.deps, ws.id, customerId, agent)).toBe(true);
    const rows = (await sql(`select user_agent from audit_log where workspace_id = $1 and seq = 2`, [ws.id])).rows;
    expect(rows[0]?.user_agent).toBe(agent);
    expect(await verifyChain(t.deps, ws.id)).toMatchObject({ ok: true, rows: 2 });
  });
});
