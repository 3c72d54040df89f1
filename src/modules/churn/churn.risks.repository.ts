// SQL of a churn run's risk write. `churn_risk` is partitioned by workspace (migration 0047): a
// run builds its workspace's new risks in a table of its own with no index to keep up, indexes
// it once the rows are in (a sorted build), then swaps it in for the workspace's old partition
// inside the run's transaction — readers see the old risks until the commit, then the new ones.
// At 580,007 rows (scratch copy, loaded machine) that cost the server a quarter of deleting the
// old rows and inserting the new ones into the indexed table: every row a random-key insert into
// three btrees beside as many dead entries.
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import type { RiskDriver } from './churn.schema.ts';

export type RiskWrite = {
  customerId: string;
  basis: 'contract' | 'purchase';
  risk: number;
  drivers: RiskDriver[];
  valueAtStakeMinor: number;
  tier: string | null;
  segment: string | null;
  accountManagerId: string | null;
};

/**
 * Rows per statement. Small enough that a batch's strings die young: at 20,000 the write of
 * 580,007 rows cost Node 7.6–7.9 CPU s, most of it collecting them; at 2,000–5,000, 4.0–4.6 s.
 */
const WRITE_BATCH = 5_000;
/** Batches sent ahead of the server: the next is built while it inserts one. */
const IN_FLIGHT = 2;

/**
 * Column values travel as one text each, joined by a record separator and split on the server
 * (`string_to_array`), with a unit separator for null: no per-value quoting or escaping, as an
 * array literal needs. Safe because no value holds these control characters raw: uuids, numbers,
 * the scores' tier and segment codes, and JSON (which escapes every control character).
 */
const SEP = '\u001e';
const NUL = '\u001f';
const split = (values: string) => sql`string_to_array(${values}, ${SEP}, ${NUL})`;
const jsonNumber = (v: number) => (Number.isFinite(v) ? String(v) : 'null');

/** A string as JSON, each distinct one quoted once (the drivers' few codes and levels). */
function quoter(): (s: string) => string {
  const quoted = new Map<string, string>();
  return (s) => {
    let v = quoted.get(s);
    if (v === undefined) quoted.set(s, (v = JSON.stringify(s)));
    return v;
  };
}

/** A row's drivers as JSON text, built directly. */
function driversJson(drivers: RiskDriver[], q: (s: string) => string): string {
  let out = '[';
  for (let k = 0; k < drivers.length; k++) {
    const d = drivers[k];
    const level = d.level === undefined ? '' : `"level":${q(d.level)},`;
    out += `${k ? ',' : ''}{"code":${q(d.code)},${level}"value":${jsonNumber(d.value)},"contribution":${jsonNumber(d.contribution)}}`;
  }
  return `${out}]`;
}

/** Ids are inlined in DDL (a partition bound takes no parameter): only a uuid's characters pass. */
const hexOf = (id: string) => {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new Error(`not a uuid: ${id}`);
  return id.replaceAll('-', '').toLowerCase();
};

/** The name of a workspace's partition of `churn_risk`. */
export const riskPartitionOf = (workspaceId: string) => `churn_risk_ws_${hexOf(workspaceId)}`;

export type RiskSwap = {
  /** Adds a run's risks of one basis (a customer is under one basis only). */
  insert: (rows: RiskWrite[]) => Promise<void>;
  /** Carries the workspace's current risks of `basis` over, but for customers already added. */
  keep: (basis: RiskWrite['basis']) => Promise<void>;
  /** Indexes the new rows (once they are all in). */
  index: () => Promise<void>;
  /** Puts them in place of the workspace's current risks: churn_risk is locked from here to the commit. */
  swap: () => Promise<void>;
};

/**
 * Starts replacing a workspace's risks with a run's, in `tx` (the run's transaction): a new table
 * shaped like `churn_risk`, filled by `insert` (and `keep`), indexed by `index`, put in place by `swap`.
 */
export async function startRiskSwap(tx: Db, workspaceId: string, runId: string, now: Date): Promise<RiskSwap> {
  const live = riskPartitionOf(workspaceId);
  const wsLiteral = sql.raw(`'${workspaceId}'`);
  const staged = sql.identifier(`churn_risk_run_${hexOf(runId)}`);
  // The bound's check is free on an empty table and lets the attach skip scanning the new rows.
  await tx.execute(sql`create table ${staged} (like churn_risk including defaults including constraints,
    check (workspace_id = ${wsLiteral}::uuid))`);
  const computedAt = now.toISOString();
  const quote = quoter();

  const insertBatch = (rows: RiskWrite[], from: number, to: number) => {
    const cols: string[][] = Array.from({ length: 9 }, () => new Array<string>(to - from));
    for (let i = from; i < to; i++) {
      const r = rows[i];
      const k = i - from;
      cols[0][k] = r.customerId;
      cols[1][k] = r.basis;
      cols[2][k] = String(r.risk);
      cols[3][k] = driversJson(r.drivers, quote);
      cols[4][k] = String(Math.round(r.valueAtStakeMinor));
      cols[5][k] = String(Math.round(r.risk * r.valueAtStakeMinor));
      cols[6][k] = r.tier ?? NUL;
      cols[7][k] = r.segment ?? NUL;
      cols[8][k] = r.accountManagerId ?? NUL;
    }
    const [c, basis, risk, drivers, stake, loss, tier, segment, manager] = cols.map((v) => split(v.join(SEP)));
    return tx.execute(
      sql`insert into ${staged} (workspace_id, customer_id, run_id, basis, risk, drivers, value_at_stake_minor,
            expected_loss_minor, tier, segment, account_manager_id, computed_at)
          select ${workspaceId}::uuid, u.c, ${runId}::uuid, u.b, u.r, u.d::json, u.v, u.l, u.t, u.s, u.m, ${computedAt}::timestamptz
          from unnest(${c}::uuid[], ${basis}, ${risk}::float8[], ${drivers}, ${stake}::bigint[], ${loss}::bigint[], ${tier}, ${segment}, ${manager}::uuid[])
            as u(c, b, r, d, v, l, t, s, m)`,
    );
  };

  return {
    async insert(rows) {
      const sent: Promise<unknown>[] = [];
      for (let from = 0; from < rows.length; from += WRITE_BATCH) {
        if (sent.length >= IN_FLIGHT) await sent.shift();
        // A promise of its own: drizzle's query runs again on every `then` of the one it returns.
        const batch = Promise.resolve(insertBatch(rows, from, Math.min(from + WRITE_BATCH, rows.length)));
        batch.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
        sent.push(batch);
      }
      await Promise.all(sent);
    },
    async keep(basis) {
      await tx.execute(
        sql`insert into ${staged} select * from churn_risk r
            where r.workspace_id = ${workspaceId} and r.basis = ${basis}
              and not exists (select 1 from ${staged} n where n.customer_id = r.customer_id)`,
      );
    },
    async index() {
      // The same keys as churn_risk's indexes (churn.schema.ts), so the attach adopts them instead of building its own.
      await tx.execute(sql`alter table ${staged} add primary key (workspace_id, customer_id)`);
      await tx.execute(sql`create index on ${staged} (workspace_id, expected_loss_minor desc, customer_id)`);
      await tx.execute(
        sql`create index on ${staged} (workspace_id, account_manager_id, expected_loss_minor desc, customer_id)
            where account_manager_id is not null`,
      );
    },
    async swap() {
      // From here to the commit, churn_risk is locked (detach): only catalogue changes follow.
      const [{ exists }] = await queryRows<{ exists: boolean }>(
        tx,
        sql`select to_regclass(${live}) is not null as exists`,
      );
      if (exists) {
        await tx.execute(sql`alter table churn_risk detach partition ${sql.identifier(live)}`);
        await tx.execute(sql`drop table ${sql.identifier(live)}`);
      } else {
        await tx.execute(sql`delete from churn_risk_default where workspace_id = ${workspaceId}`);
      }
      await tx.execute(sql`alter table churn_risk attach partition ${staged} for values in (${wsLiteral})`);
      await tx.execute(sql`alter table ${staged} rename to ${sql.identifier(live)}`);
    },
  };
}
