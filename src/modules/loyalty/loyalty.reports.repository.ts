// The loyalty domain's SQL for its reports and the ledger invariants (tenure loyalty check).
// Every query is scoped by workspace.
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { num } from './loyalty.repository.ts';

export async function programTotals(
  db: Db,
  workspaceId: string,
  now: Date,
): Promise<{ members: number; outstanding: number; debt: number; spendable: number; pending: number }> {
  const [a] = await queryRows<Record<string, string>>(
    db,
    sql`select count(*)::text as members, coalesce(sum(balance), 0)::text as outstanding, coalesce(sum(debt), 0)::text as debt from loyalty_accounts where workspace_id = ${workspaceId}`,
  );
  const [l] = await queryRows<Record<string, string>>(
    db,
    sql`select coalesce(sum(remaining) filter (where available_at <= ${now}), 0)::text as spendable, coalesce(sum(remaining) filter (where available_at > ${now}), 0)::text as pending
        from loyalty_lots where workspace_id = ${workspaceId} and remaining > 0 and (expires_at is null or expires_at > ${now})`,
  );
  return {
    members: num(a?.members),
    outstanding: num(a?.outstanding),
    debt: num(a?.debt),
    spendable: num(l?.spendable),
    pending: num(l?.pending),
  };
}

const period = (from?: Date, to?: Date) =>
  sql`${from ? sql`and occurred_at >= ${from}` : sql``} ${to ? sql`and occurred_at < ${to}` : sql``}`;

export async function periodTotals(
  db: Db,
  workspaceId: string,
  from?: Date,
  to?: Date,
): Promise<{ earned: number; redeemed: number; expired: number }> {
  const [r] = await queryRows<Record<string, string>>(
    db,
    sql`select coalesce(sum(points) filter (where kind = 'earn'), 0)::text as earned, coalesce(-sum(points) filter (where kind = 'redeem'), 0)::text as redeemed,
               coalesce(-sum(points) filter (where kind = 'expire'), 0)::text as expired
        from loyalty_entries where workspace_id = ${workspaceId} ${period(from, to)}`,
  );
  return { earned: num(r?.earned), redeemed: num(r?.redeemed), expired: num(r?.expired) };
}

export async function membersPerLevel(
  db: Db,
  workspaceId: string,
): Promise<{ levelId: string | null; members: number }[]> {
  const rows = await queryRows<{ level_id: string | null; members: string }>(
    db,
    sql`select level_id, count(*)::text as members from loyalty_accounts where workspace_id = ${workspaceId} group by level_id`,
  );
  return rows.map((r) => ({ levelId: r.level_id, members: num(r.members) }));
}

export type MonthRow = {
  month: string;
  earned: number;
  redeemed: number;
  expired: number;
  reversed: number;
  adjusted: number;
  compensated: number;
};

/** Points by kind per calendar month in the workspace's time zone. */
export async function monthlyTotals(
  db: Db,
  workspaceId: string,
  timeZone: string,
  from?: Date,
  to?: Date,
): Promise<MonthRow[]> {
  const rows = await queryRows<Record<string, string>>(
    db,
    sql`select to_char(date_trunc('month', occurred_at at time zone ${timeZone}), 'YYYY-MM') as month,
               coalesce(sum(points) filter (where kind = 'earn'), 0)::text as earned, coalesce(-sum(points) filter (where kind = 'redeem'), 0)::text as redeemed,
               coalesce(-sum(points) filter (where kind = 'expire'), 0)::text as expired, coalesce(-sum(points) filter (where kind = 'reversal'), 0)::text as reversed,
               coalesce(sum(points) filter (where kind = 'adjust'), 0)::text as adjusted, coalesce(sum(points) filter (where kind = 'compensation'), 0)::text as compensated
        from loyalty_entries where workspace_id = ${workspaceId} ${period(from, to)}
        group by 1 order by 1`,
  );
  return rows.map((r) => ({
    month: r.month,
    earned: num(r.earned),
    redeemed: num(r.redeemed),
    expired: num(r.expired),
    reversed: num(r.reversed),
    adjusted: num(r.adjusted),
    compensated: num(r.compensated),
  }));
}

// ---- invariants (tenure loyalty check)

export type Violation = { customerId: string; problem: string };

/** Every member whose ledger breaks an accounting identity, with what is wrong. Set-based. */
export async function ledgerViolations(db: Db, workspaceId: string): Promise<Violation[]> {
  const ws = workspaceId;
  const balances = await queryRows<{
    customer_id: string;
    balance: string | null;
    debt: string | null;
    total: string;
    remaining: string;
  }>(
    db,
    sql`with a as (select customer_id, balance, debt from loyalty_accounts where workspace_id = ${ws}),
             e as (select customer_id, sum(points)::bigint as total from loyalty_entries where workspace_id = ${ws} group by customer_id),
             l as (select customer_id, sum(remaining)::bigint as remaining from loyalty_lots where workspace_id = ${ws} group by customer_id)
        select coalesce(a.customer_id, e.customer_id) as customer_id, a.balance::text, a.debt::text, coalesce(e.total, 0)::text as total, coalesce(l.remaining, 0)::text as remaining
        from a full join e on e.customer_id = a.customer_id left join l on l.customer_id = coalesce(a.customer_id, e.customer_id)
        where a.customer_id is null or a.balance <> coalesce(e.total, 0) or coalesce(l.remaining, 0) - a.debt <> coalesce(e.total, 0)`,
  );
  const out: Violation[] = balances.map((r) =>
    r.balance === null
      ? { customerId: r.customer_id, problem: `has entries (sum ${r.total}) but no account` }
      : num(r.balance) !== num(r.total)
        ? { customerId: r.customer_id, problem: `account balance ${r.balance} ≠ sum of entries ${r.total}` }
        : {
            customerId: r.customer_id,
            problem: `points left in lots ${r.remaining} − debt ${r.debt} ≠ sum of entries ${r.total}`,
          },
  );
  const lots = await queryRows<{
    customer_id: string;
    entry_id: string;
    points: number;
    remaining: number;
    allocated: string;
  }>(
    db,
    sql`select l.customer_id, l.entry_id, l.points, l.remaining, coalesce(sum(x.points), 0)::text as allocated
        from loyalty_lots l left join loyalty_allocations x on x.workspace_id = l.workspace_id and x.lot_entry_id = l.entry_id
        where l.workspace_id = ${ws} group by l.customer_id, l.entry_id, l.points, l.remaining
        having l.remaining <> l.points - coalesce(sum(x.points), 0)`,
  );
  for (const r of lots)
    out.push({
      customerId: r.customer_id,
      problem: `lot ${r.entry_id}: ${r.remaining} left ≠ ${r.points} earned − ${r.allocated} allocated`,
    });
  const credits = await queryRows<{ customer_id: string; id: string; problem: string }>(
    db,
    sql`select e.customer_id, e.id, case when l.entry_id is null then 'credit entry without a lot' else 'lot does not match its credit entry' end as problem
        from loyalty_entries e left join loyalty_lots l on l.workspace_id = e.workspace_id and l.entry_id = e.id
        where e.workspace_id = ${ws} and e.points > 0 and (l.entry_id is null or l.points <> e.points or l.customer_id <> e.customer_id)
        union all
        select l.customer_id, l.entry_id, 'lot without a credit entry' from loyalty_lots l left join loyalty_entries e on e.workspace_id = l.workspace_id and e.id = l.entry_id
        where l.workspace_id = ${ws} and (e.id is null or e.points <= 0)`,
  );
  for (const r of credits) out.push({ customerId: r.customer_id, problem: `${r.problem} (${r.id})` });
  const debits = await queryRows<{ customer_id: string; id: string; kind: string; owed: number; allocated: string }>(
    db,
    sql`select e.customer_id, e.id, e.kind, -e.points as owed, coalesce(sum(x.points), 0)::text as allocated
        from loyalty_entries e left join loyalty_allocations x on x.workspace_id = e.workspace_id and x.debit_entry_id = e.id
        where e.workspace_id = ${ws} and e.points < 0 group by e.customer_id, e.id, e.kind, e.points
        having coalesce(sum(x.points), 0) > -e.points or (e.kind <> 'adjust' and coalesce(sum(x.points), 0) <> -e.points)`,
  );
  for (const r of debits)
    out.push({
      customerId: r.customer_id,
      problem: `${r.kind} entry ${r.id} of ${r.owed} points is covered by ${r.allocated} from lots`,
    });
  const debts = await queryRows<{ customer_id: string; debt: string; unpaid: string }>(
    db,
    sql`with u as (
          select e.customer_id, sum(-e.points - coalesce((select sum(x.points) from loyalty_allocations x where x.workspace_id = e.workspace_id and x.debit_entry_id = e.id), 0)) as unpaid
          from loyalty_entries e where e.workspace_id = ${ws} and e.kind = 'adjust' and e.points < 0 group by e.customer_id)
        select a.customer_id, a.debt::text, coalesce(u.unpaid, 0)::text as unpaid from loyalty_accounts a left join u on u.customer_id = a.customer_id
        where a.workspace_id = ${ws} and a.debt <> coalesce(u.unpaid, 0)`,
  );
  for (const r of debts)
    out.push({ customerId: r.customer_id, problem: `debt ${r.debt} ≠ unpaid claw-backs ${r.unpaid}` });
  const crossed = await queryRows<{ customer_id: string; debit_entry_id: string }>(
    db,
    sql`select coalesce(d.customer_id, l.customer_id) as customer_id, x.debit_entry_id
        from loyalty_allocations x left join loyalty_entries d on d.workspace_id = x.workspace_id and d.id = x.debit_entry_id
        left join loyalty_lots l on l.workspace_id = x.workspace_id and l.entry_id = x.lot_entry_id
        where x.workspace_id = ${ws} and (d.id is null or l.entry_id is null or d.customer_id <> l.customer_id or d.points >= 0)`,
  );
  for (const r of crossed)
    out.push({
      customerId: r.customer_id,
      problem: `allocation of debit ${r.debit_entry_id} does not join a debit and a lot of the same member`,
    });
  return out;
}

export async function checkCounts(
  db: Db,
  workspaceId: string,
  now: Date,
): Promise<{ members: number; entries: number; overdueLots: number }> {
  const [r] = await queryRows<Record<string, string>>(
    db,
    sql`select (select count(*) from loyalty_accounts where workspace_id = ${workspaceId})::text as members,
               (select count(*) from loyalty_entries where workspace_id = ${workspaceId})::text as entries,
               (select count(*) from loyalty_lots where workspace_id = ${workspaceId} and remaining > 0 and expires_at <= ${now})::text as overdue`,
  );
  return { members: num(r?.members), entries: num(r?.entries), overdueLots: num(r?.overdue) };
}
