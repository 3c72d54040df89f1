// Group commit for the rows the HTTP middleware records after a request: requests that finish
// while a workspace's append is in flight join the next one, so N concurrent requests cost one
// chain lock, one statement and one commit instead of N serialised ones — and each request still
// waits until its own row is committed. One bad row never takes its batch with it: a failed batch
// is retried row by row, and only the row that fails again is lost (logged).
// A batch is one round trip: its rows are linked in here after the chain's end as this process
// last saw it, and go in only if the chain still ends there (checked under the chain's lock);
// when another writer moved the end (a service's own transaction, another process), the end found
// is remembered and the batch linked again.
import type { Database, Db } from '../../db/client.ts';
import type { Logger } from '../../logger.ts';
import { type ChainEnd, extendChain } from './audit.chain.ts';
import { appendAtEnd, chainEnd, insertChainedRows, lockChain, type NewAuditRow } from './audit.repository.ts';

type Ctx = { db: Db; database: Pick<Database, 'executeSql' | 'pglite'>; log: Logger };

type Waiting = { row: NewAuditRow; done: (ok: boolean) => void };
type Queue = { waiting: Waiting[]; flushing: boolean };

/** At most this many rows in one append (one statement's parameters stay far under the driver's limit). */
const MAX_BATCH = 200;

/** Per database (tests open many in one process), per workspace. */
const queues = new WeakMap<Db, Map<string, Queue>>();

/** Per database, per workspace: the chain's end as this process last saw it (a hint, checked at each append). */
const ends = new WeakMap<Db, Map<string, ChainEnd>>();
/** Workspaces whose end is remembered, at most (then forgotten all at once: each costs one more read). */
const MAX_ENDS = 10_000;

/** Tries to append at the remembered end this many times before waiting its turn in a transaction. */
const ATTEMPTS = 3;

/** Appends the row with whatever else is waiting for the same workspace; true once committed. */
export function appendGrouped(ctx: Ctx, row: NewAuditRow): Promise<boolean> {
  let byWorkspace = queues.get(ctx.db);
  if (!byWorkspace) queues.set(ctx.db, (byWorkspace = new Map()));
  let queue = byWorkspace.get(row.workspaceId);
  if (!queue) byWorkspace.set(row.workspaceId, (queue = { waiting: [], flushing: false }));
  const q = queue;
  const result = new Promise<boolean>((done) => q.waiting.push({ row, done }));
  if (!q.flushing) void flush(ctx, row.workspaceId, q, byWorkspace);
  return result;
}

async function flush(ctx: Ctx, workspaceId: string, q: Queue, all: Map<string, Queue>) {
  q.flushing = true;
  try {
    let previous = 0;
    while (q.waiting.length > 0) {
      // Under concurrency (the last batch had company), one turn of the event loop lets the
      // requests answering at this moment join: fewer, larger appends, fewer commits.
      if (previous > 1) await new Promise((r) => setImmediate(r));
      const batch = q.waiting.splice(0, MAX_BATCH);
      previous = batch.length;
      if (
        await append(
          ctx,
          workspaceId,
          batch.map((w) => w.row),
        )
      ) {
        for (const w of batch) w.done(true);
        continue;
      }
      for (const w of batch) {
        const ok = await append(ctx, workspaceId, [w.row], (err) =>
          ctx.log.error({ err, workspaceId, route: w.row.route }, 'could not write the audit row'),
        );
        w.done(ok);
      }
    }
  } finally {
    q.flushing = false;
    if (q.waiting.length === 0) all.delete(workspaceId);
  }
}

async function append(ctx: Ctx, workspaceId: string, rows: NewAuditRow[], onError?: (err: unknown) => void) {
  let known = ends.get(ctx.db);
  if (!known) ends.set(ctx.db, (known = new Map()));
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const expected = known.get(workspaceId) ?? (await chainEnd(ctx.db, workspaceId));
      const r = await appendAtEnd(ctx.database, workspaceId, expected, extendChain(expected, rows).rows);
      if (known.size >= MAX_ENDS && !known.has(workspaceId)) known.clear();
      known.set(workspaceId, r.end);
      if (r.appended) return true;
    }
    // Other writers keep moving the end between our reads of it: append after them, under the lock.
    known.delete(workspaceId);
    await ctx.db.transaction(async (tx) => {
      await lockChain(tx, workspaceId);
      await insertChainedRows(tx, workspaceId, rows);
    });
    return true;
  } catch (err) {
    onError?.(err);
    return false;
  }
}
