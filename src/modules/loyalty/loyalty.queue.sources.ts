// The earn queue's SQL: id ranges of transactions waiting to earn, added by a trigger on
// `transactions` (see the custom migration), worked through by the earning workflow; and the
// transactions that failed on their own, each moved to a row of its own that counts its attempts
// and, after too many, is parked until an admin retries or dismisses it.
// Every query is scoped by workspace.
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { uuids } from './loyalty.repository.ts';

export type QueuedRange = { workspaceId: string; id: string; fromTransactionId: string; toTransactionId: string };

type RangeRow = { workspace_id: string; id: string; from_transaction_id: string; to_transaction_id: string };
const toRange = (r: RangeRow): QueuedRange => ({
  workspaceId: r.workspace_id,
  id: r.id,
  fromTransactionId: r.from_transaction_id,
  toTransactionId: r.to_transaction_id,
});
const num = (v: unknown): number => Number(v ?? 0);
const ready = (now: Date) => sql`parked_at is null and (not_before is null or not_before <= ${now})`;

/** Up to `limit` ranges ready to work on, locked so a second worker takes others. */
export async function claimRanges(
  db: Db,
  workspaceId: string | undefined,
  now: Date,
  limit: number,
): Promise<QueuedRange[]> {
  const rows = await queryRows<RangeRow>(
    db,
    sql`select workspace_id, id, from_transaction_id, to_transaction_id from loyalty_earn_queue
        where ${ready(now)} ${workspaceId ? sql`and workspace_id = ${workspaceId}` : sql``}
        order by workspace_id, from_transaction_id limit ${limit} for update skip locked`,
  );
  return rows.map(toRange);
}

/** One range claimed again (as it is now), unless it is gone, parked, not due or another worker has it. */
export async function claimRange(
  db: Db,
  range: Pick<QueuedRange, 'workspaceId' | 'id'>,
  now: Date,
): Promise<QueuedRange | undefined> {
  const [row] = await queryRows<RangeRow>(
    db,
    sql`select workspace_id, id, from_transaction_id, to_transaction_id from loyalty_earn_queue
        where workspace_id = ${range.workspaceId} and id = ${range.id} and ${ready(now)} for update skip locked`,
  );
  return row && toRange(row);
}

/** The uuid right after this one (as a 128-bit number), so a range can continue after an id. */
export function nextUuid(id: string): string {
  const hex = (BigInt(`0x${id.replace(/-/g, '')}`) + 1n).toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Worked through up to `lastId`: the range continues after it, or (null, or its end) is done. */
export async function advanceRange(db: Db, range: QueuedRange, lastId: string | null): Promise<void> {
  if (lastId === null || lastId >= range.toTransactionId)
    await db.execute(
      sql`delete from loyalty_earn_queue where workspace_id = ${range.workspaceId} and id = ${range.id}`,
    );
  else
    await db.execute(
      sql`update loyalty_earn_queue set from_transaction_id = ${nextUuid(lastId)} where workspace_id = ${range.workspaceId} and id = ${range.id}`,
    );
}

/** Queues single transactions again (returns waiting for their purchase), from `notBefore` on. */
export async function requeue(
  db: Db,
  workspaceId: string,
  transactionIds: string[],
  notBefore: Date | null,
): Promise<void> {
  if (transactionIds.length === 0) return;
  await db.execute(
    sql`insert into loyalty_earn_queue (workspace_id, id, from_transaction_id, to_transaction_id, transactions, not_before)
        select ${workspaceId}, gen_random_uuid(), t, t, 1, ${notBefore} from unnest(${uuids(transactionIds)}) as t`,
  );
}

export type Failure = { transactionId: string; customerId: string; error: string; at: Date };

/**
 * Records that a transaction failed when earned on its own. It leaves its range for a row of its
 * own (the range goes on after it), which counts the attempt and is retried at `retryAt(attempts)`
 * or, when that gives null, parked. Nothing happens when the range has moved past the transaction
 * or another worker holds it (that worker meets the transaction itself). Returns the attempts.
 */
export async function recordFailure(
  db: Db,
  range: QueuedRange,
  f: Failure,
  retryAt: (attempts: number) => Date | null,
): Promise<{ attempts: number; parked: boolean } | undefined> {
  const [row] = await queryRows<RangeRow & { attempts: number }>(
    db,
    sql`select workspace_id, id, from_transaction_id, to_transaction_id, attempts from loyalty_earn_queue
        where workspace_id = ${range.workspaceId} and id = ${range.id} and parked_at is null for update skip locked`,
  );
  if (!row || row.from_transaction_id > f.transactionId || row.to_transaction_id < f.transactionId) return undefined;
  // Only a row of one transaction carries attempts: a range's failing item always leaves it.
  const alone = row.to_transaction_id === f.transactionId;
  const attempts = (alone ? num(row.attempts) : 0) + 1;
  const next = retryAt(attempts);
  const state = sql`attempts = ${attempts}, last_error = ${f.error}, failed_at = ${f.at}, customer_id = ${f.customerId}, not_before = ${next}, parked_at = ${next ? null : f.at}`;
  if (alone) {
    await db.execute(
      sql`update loyalty_earn_queue set from_transaction_id = ${f.transactionId}, transactions = 1, ${state} where workspace_id = ${range.workspaceId} and id = ${range.id}`,
    );
  } else {
    await db.execute(
      sql`update loyalty_earn_queue set from_transaction_id = ${nextUuid(f.transactionId)} where workspace_id = ${range.workspaceId} and id = ${range.id}`,
    );
    await db.execute(
      sql`insert into loyalty_earn_queue (workspace_id, id, from_transaction_id, to_transaction_id, transactions, attempts, last_error, failed_at, customer_id, not_before, parked_at)
          values (${range.workspaceId}, gen_random_uuid(), ${f.transactionId}, ${f.transactionId}, 1, ${attempts}, ${f.error}, ${f.at}, ${f.customerId}, ${next}, ${next ? null : f.at})`,
    );
  }
  return { attempts, parked: next === null };
}

/**
 * Which of these transactions a queued range (other than those being worked on) still covers.
 * Parked rows count: a return waits for its parked purchase until it earns or is dismissed.
 */
export async function coveredByQueue(
  db: Db,
  workspaceId: string,
  transactionIds: string[],
  except: string[],
): Promise<Set<string>> {
  if (transactionIds.length === 0) return new Set();
  const rows = await queryRows<{ t: string }>(
    db,
    sql`select t from unnest(${uuids(transactionIds)}) as t where exists (
          select 1 from loyalty_earn_queue q where q.workspace_id = ${workspaceId} and q.from_transaction_id <= t and q.to_transaction_id >= t
            ${except.length ? sql`and q.id <> all(${uuids(except)})` : sql``})`,
  );
  return new Set(rows.map((r) => r.t));
}

/** Transactions waiting to earn (an upper bound: ranges may overlap or hold already-earned ones); parked ones are not counted. */
export async function queueDepth(db: Db, workspaceId: string): Promise<number> {
  const [r] = await queryRows<{ n: string }>(
    db,
    sql`select coalesce(sum(transactions), 0)::text as n from loyalty_earn_queue where workspace_id = ${workspaceId} and parked_at is null`,
  );
  return num(r?.n);
}

/**
 * Queues every transaction of the workspace (one range); already earned ones are skipped when
 * worked. `idRange`: commerce's `transactionIdRange` of the workspace (one row `from_id, to_id,
 * n`, none without transactions), handed in by the earning workflow.
 */
export async function enqueueAll(db: Db, workspaceId: string, idRange: SQL): Promise<number> {
  const [r] = await queryRows<{ n: string }>(
    db,
    sql`insert into loyalty_earn_queue (workspace_id, id, from_transaction_id, to_transaction_id, transactions)
        select ${workspaceId}, gen_random_uuid(), r.from_id, r.to_id, r.n from (${idRange}) r where r.n > 0
        returning transactions::text as n`,
  );
  return num(r?.n);
}

/** Workspaces with queued ranges ready to work on. */
export async function workspacesWithQueue(db: Db, now: Date): Promise<string[]> {
  const rows = await queryRows<{ workspace_id: string }>(
    db,
    sql`select distinct workspace_id from loyalty_earn_queue where ${ready(now)}`,
  );
  return rows.map((r) => r.workspace_id);
}

// ---- parked transactions

export type ParkedRow = {
  id: string;
  transactionId: string;
  customerId: string | null;
  attempts: number;
  error: string;
  failedAt: Date;
  parkedAt: Date;
  enqueuedAt: Date;
};

/** The workspace's parked transactions, most recently parked first, and how many there are. */
export async function listParkedRows(
  db: Db,
  workspaceId: string,
  limit: number,
): Promise<{ items: ParkedRow[]; total: number }> {
  const rows = await queryRows<{
    id: string;
    from_transaction_id: string;
    customer_id: string | null;
    attempts: number;
    last_error: string | null;
    failed_at: Date | string | null;
    parked_at: Date | string;
    enqueued_at: Date | string;
    total: string;
  }>(
    db,
    sql`select id, from_transaction_id, customer_id, attempts, last_error, failed_at, parked_at, enqueued_at, count(*) over ()::text as total
        from loyalty_earn_queue where workspace_id = ${workspaceId} and parked_at is not null
        order by parked_at desc, id limit ${limit}`,
  );
  const items = rows.map((r) => ({
    id: r.id,
    transactionId: r.from_transaction_id,
    customerId: r.customer_id,
    attempts: num(r.attempts),
    error: r.last_error ?? '',
    failedAt: new Date(r.failed_at ?? r.parked_at),
    parkedAt: new Date(r.parked_at),
    enqueuedAt: new Date(r.enqueued_at),
  }));
  return { items, total: num(rows[0]?.total) };
}

/** Puts parked transactions (one, or all of the workspace's) back in the queue, due at once; returns how many. */
export async function unparkRows(db: Db, workspaceId: string, id?: string): Promise<number> {
  const rows = await queryRows(
    db,
    sql`update loyalty_earn_queue set parked_at = null, not_before = null
        where workspace_id = ${workspaceId} and parked_at is not null ${id ? sql`and id = ${id}` : sql``} returning id`,
  );
  return rows.length;
}

/** Drops a parked transaction from the queue: it will not earn. */
export async function deleteParkedRow(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const rows = await queryRows(
    db,
    sql`delete from loyalty_earn_queue where workspace_id = ${workspaceId} and id = ${id} and parked_at is not null returning id`,
  );
  return rows.length > 0;
}
