// Following the event log: in order, exactly once per consumer, in bounded batches, retried
// after a failing batch, per workspace — and (on PostgreSQL, where transactions overlap) never
// passing an event whose transaction commits after a later-numbered one.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { testDriver } from '../../../test/support/database.ts';
import { consumerPassed } from '../../../test/support/events.ts';
import { waitFor } from '../../../test/support/wait.ts';
import {
  committedIn,
  type EventConsumer,
  type EventRow,
  followEvents,
  followWorkspace,
  recordEvents,
  startFollowing,
} from './index.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('Follow');
});
afterAll(() => t.close());

const record = (workspaceId: string, n: number, label: string) =>
  recordEvents(
    t.deps.db,
    t.deps,
    workspaceId,
    Array.from({ length: n }, (_, i) => ({ type: 'complaint.registered', summary: `${label} ${i}` })),
  );

function consumer(name: string, options: Partial<EventConsumer> = {}) {
  const seen: { workspaceId: string; event: EventRow }[] = [];
  const c: EventConsumer = {
    name,
    start: 'beginning',
    batchSize: 100,
    handle: async (_tx, workspaceId, events) => {
      for (const event of events) seen.push({ workspaceId, event });
    },
    ...options,
  };
  return { c, seen };
}

/** Follows until `until()` holds and a pass reports nothing more, tolerating a briefly held-back horizon on a shared server. */
async function drain(what: string, c: EventConsumer, until: () => boolean) {
  await waitFor(async () => !(await followEvents(t.deps, c)).more && until(), { what, intervalMs: 20 });
}

describe('the event follower', () => {
  test('hands every event over once, in order, in bounded batches, per workspace', async () => {
    const other = await t.workspace('Follow other');
    const mine = await record(ws.id, 7, 'mine');
    const theirs = await record(other.id, 2, 'theirs');
    const { c, seen } = consumer('test-order', { batchSize: 3 });

    // On a shared server another transaction may hold the horizon back for a moment.
    const first = await waitFor(
      async () => {
        const r = await followWorkspace(t.deps.db, c, ws.id);
        return r.handled > 0 && r;
      },
      { what: 'a first batch' },
    );
    expect(first).toEqual({ handled: 3, more: true });
    await drain('all nine events', c, () => seen.length >= 9);
    expect(seen.filter((s) => s.workspaceId === ws.id).map((s) => s.event.id)).toEqual(mine);
    expect(seen.filter((s) => s.workspaceId === other.id).map((s) => s.event.id)).toEqual(theirs);

    const again = await followEvents(t.deps, c);
    expect(again.handled).toBe(0);
    expect(seen).toHaveLength(9);
  });

  test('with setAside, an event that fails on its own is handed to it and passed; the others are handled once, in order', async () => {
    const w = await t.workspace('Follow poisoned');
    const ids = await record(w.id, 9, 'poisoned');
    const bad = new Set([ids[0], ids[5]]);
    const handled: string[] = [];
    const setAside: { id: string; error: string }[] = [];
    const { c } = consumer('test-set-aside', {
      batchSize: 100,
      handle: async (_tx, workspaceId, events) => {
        const poison = events.find((e) => bad.has(e.id));
        if (poison) throw new Error(`cannot handle ${poison.id}`);
        // Only pushed once nothing can throw, so `handled` is what committed.
        if (workspaceId === w.id) handled.push(...events.map((e) => e.id));
      },
      setAside: async (_tx, _ws, event, error) => {
        setAside.push({ id: event.id, error });
      },
    });
    await drain('the nine events handled or set aside', c, () => handled.length + setAside.length >= 9);
    expect(handled).toEqual(ids.filter((id) => !bad.has(id)));
    expect(setAside).toEqual([...bad].map((id) => ({ id, error: `cannot handle ${id}` })));
    expect((await followWorkspace(t.deps.db, c, w.id)).handled).toBe(0);
  });

  test('a batch whose handler throws is rolled back and comes again whole', async () => {
    const ids = await record(ws.id, 2, 'retry');
    let fail = true;
    const attempted: string[] = [];
    const handled: string[] = [];
    const { c } = consumer('test-retry', {
      start: 'beginning',
      handle: async (tx, workspaceId, events) => {
        await recordEvents(tx, t.deps, workspaceId, [{ type: 'complaint.closed', summary: 'written by the handler' }]);
        if (fail) {
          attempted.push(...events.map((e) => e.id));
          throw new Error('receiver down');
        }
        handled.push(...events.map((e) => e.id));
      },
    });
    const before = (await t.request('GET', '/api/v1/events?limit=500', { token: ws.ownerToken })).body.items.length;
    // On a shared server another transaction may hold the horizon (and so the new events) back
    // for a moment: fail until a batch has reached them.
    await waitFor(
      () =>
        followWorkspace(t.deps.db, c, ws.id).then(
          () => false,
          (err: Error) => {
            if (err.message !== 'receiver down') throw err;
            return ids.every((id) => attempted.includes(id));
          },
        ),
      { what: 'a failing batch holding the new events' },
    );
    expect(
      (await t.request('GET', '/api/v1/events?limit=500', { token: ws.ownerToken })).body.items.length,
      'the handler’s writes rolled back',
    ).toBe(before);
    fail = false;
    await waitFor(
      async () => {
        await followWorkspace(t.deps.db, c, ws.id);
        return ids.every((id) => handled.includes(id));
      },
      { what: 'the batch handled again' },
    );
    expect(new Set(handled).size).toBe(handled.length);
  });

  test('a consumer that starts "now" skips the history', async () => {
    const old = await record(ws.id, 2, 'old');
    const { c, seen } = consumer('test-now', { start: 'now' });
    await startFollowing(t.deps.db, ws.id, c);
    const fresh = await record(ws.id, 1, 'fresh');
    await drain('the fresh event', c, () => seen.length >= 1);
    expect(seen.map((s) => s.event.id)).toEqual(fresh);
    expect(seen.map((s) => s.event.id)).not.toContain(old[0]);
  });

  test('two followers at once hand each event over exactly once', async () => {
    const ids = await record(ws.id, 40, 'race');
    const { c, seen } = consumer('test-race', { batchSize: 7 });
    const mineSeen = () => seen.filter((s) => ids.includes(s.event.id)).length;
    const worker = () =>
      waitFor(
        async () => {
          await followEvents(t.deps, c);
          return mineSeen() >= ids.length;
        },
        { what: () => `${ids.length} events handed over (got ${mineSeen()})`, intervalMs: 1 },
      );
    await Promise.all([worker(), worker()]);
    const mine = seen.filter((s) => ids.includes(s.event.id)).map((s) => s.event.id);
    expect(mine).toEqual(ids);
    // The cursor is past the last of them, so no later pass can hand one over again.
    expect(await consumerPassed(t.deps.db, ws.id, c.name, ids.at(-1) as string)).toBe(true);
  });

  test.runIf(testDriver() === 'pg')('"now" skips the history even while an older transaction is open', async () => {
    // A transaction with an id, open across the history and the start (any session on the server
    // holds the snapshot's xmin back like this, another database's included).
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let began = false;
    const open = t.deps.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_current_xact_id()`);
      began = true;
      await held;
    });
    await waitFor(() => began, { what: 'the open transaction to take an id', intervalMs: 10 });
    const old = await record(ws.id, 2, 'old while open');
    const { c, seen } = consumer('test-now-open', { start: 'now' });
    await startFollowing(t.deps.db, ws.id, c);
    release();
    await open;
    const fresh = await record(ws.id, 1, 'fresh after open');
    await drain('the fresh event', c, () => seen.length >= 1);
    expect(seen.map((s) => s.event.id)).toEqual(fresh);
    expect(seen.map((s) => s.event.id)).not.toContain(old[0]);
  });

  test.runIf(testDriver() === 'pg')('never passes an event whose transaction commits after a later one', async () => {
    const { c, seen } = consumer('test-late-commit', { start: 'now' });
    await startFollowing(t.deps.db, ws.id, c);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let lateId = '';
    // The first event gets its id (and transaction) first, but commits last.
    const slow = t.deps.db.transaction(async (tx) => {
      [lateId] = await recordEvents(tx, t.deps, ws.id, [{ type: 'complaint.registered', summary: 'slow transaction' }]);
      await held;
    });
    await waitFor(() => lateId, { what: 'the slow transaction to record its event', intervalMs: 10 });
    const [quickId] = await record(ws.id, 1, 'quick');
    expect(lateId < quickId).toBe(true);

    for (let i = 0; i < 3; i++) await followEvents(t.deps, c);
    expect(
      seen.map((s) => s.event.id),
      'nothing is read past an open transaction',
    ).not.toContain(quickId);

    release();
    await slow;
    await drain('both events', c, () => seen.length >= 2);
    expect(seen.map((s) => s.event.id)).toEqual([lateId, quickId]);
  });

  test('reads snapshots the way PostgreSQL does', () => {
    expect(committedIn('100:105:101,103', '99')).toBe(true);
    expect(committedIn('100:105:101,103', '100')).toBe(true);
    expect(committedIn('100:105:101,103', '101')).toBe(false);
    expect(committedIn('100:105:101,103', '102')).toBe(true);
    expect(committedIn('100:105:101,103', '105')).toBe(false);
    expect(committedIn('100:100:', '100')).toBe(false);
  });
});
