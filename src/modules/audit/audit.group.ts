// Group commit for the rows the HTTP middleware records after a request: requests that finish
// while a workspace's append is in flight join the next one, so N concurrent requests cost one
// chain lock, one statement and one commit instead of N serialised ones — and each request still
// waits until its own row is committed. One bad row never takes its batch with it: a failed batch
// is retried row by row, and only the row that fails again is lost (logged).
import type { Db } from '../../db/client.ts';
import type { Logger } from '../../logger.ts';
import { insertChainedRows, lockChain, type NewAuditRow } from './audit.repository.ts';

type Waiting = { row: NewAuditRow; done: (ok: boolean) => void };
type Queue = { waiting: Waiting[]; flushing: boolean };

/** At most this many rows in one append (one statement's parameters stay far under the driver's limit). */
const MAX_BATCH = 200;

/** Per database (tests open many in one process), per workspace. */
const queues = new WeakMap<Db, Map<string, Queue>>();

/** Appends the row with whatever else is waiting for the same workspace; true once committed. */
export function appendGrouped(ctx: { db: Db; log: Logger }, row: NewAuditRow): Promise<boolean> {
  let byWorkspace = queues.get(ctx.db);
  if (!byWorkspace) queues.set(ctx.db, (byWorkspace = new Map()));
  let queue = byWorkspace.get(row.workspaceId);
  if (!queue) byWorkspace.set(row.workspaceId, (queue = { waiting: [], flushing: false }));
  const q = queue;
  const result = new Promise<boolean>((done) => q.waiting.push({ row, done }));
  if (!q.flushing) void flush(ctx, row.workspaceId, q, byWorkspace);
  return result;
}

async function flush(ctx: { db: Db; log: Logger }, workspaceId: string, q: Queue, all: Map<string, Queue>) {
  q.flushing = true;
  try {
    while (q.waiting.length > 0) {
      const batch = q.waiting.splice(0, MAX_BATCH);
      if (
        await append(
          ctx.db,
          workspaceId,
          batch.map((w) => w.row),
        )
      ) {
        for (const w of batch) w.done(true);
        continue;
      }
      for (const w of batch) {
        const ok = await append(ctx.db, workspaceId, [w.row], (err) =>
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

async function append(db: Db, workspaceId: string, rows: NewAuditRow[], onError?: (err: unknown) => void) {
  try {
    await db.transaction(async (tx) => {
      await lockChain(tx, workspaceId);
      await insertChainedRows(tx, workspaceId, rows);
    });
    return true;
  } catch (err) {
    onError?.(err);
    return false;
  }
}
