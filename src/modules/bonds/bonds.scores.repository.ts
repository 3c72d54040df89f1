// SQL of the bond index: one set-based read of every live customer's bond inputs (this domain's
// records plus the declared sources of interactions, commerce, contracts and loyalty), the bulk
// upsert of the computed scores, and the reads of the workspace summary and the validation.
import { type SQL, sql } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.ts';
import { type Db, execCount, queryRows } from '../../db/client.ts';
import { productLineFacts } from '../commerce/index.ts';
import { contractBondFacts } from '../contracts/index.ts';
import { customerTenureFacts, liveCustomers } from '../customers/index.ts';
import { interactionHandlerFacts } from '../interactions/index.ts';
import { loyaltyBondFacts } from '../loyalty/index.ts';
import type { BondInputs } from './bonds.model.ts';
import { bondScores } from './bonds.schema.ts';

export type InputRow = BondInputs & {
  customerId: string;
  levelName: string | null;
  levelBenefits: { prioritySupport: boolean; freeItems: string[]; perks: string[] } | null;
};

type RawInput = Record<string, unknown> & { customer_id: string };

const num = (v: unknown) => Number(v ?? 0);

const toInput = (r: RawInput): InputRow => ({
  customerId: r.customer_id,
  relationships: num(r.relationships),
  contacts12m: num(r.contacts_12m),
  topHandlerContacts: num(r.top_handler_contacts),
  preferences: num(r.preferences),
  timesActedOn: num(r.times_acted_on),
  structuralTies: num(r.structural_ties),
  automaticPayment: r.automatic_payment === true,
  productLines: num(r.product_lines),
  pointsBalance: num(r.points_balance),
  pointsValueMinor: num(r.points_value_minor),
  levelPosition: num(r.level_position),
  levelCount: num(r.level_count),
  pendingVouchers: num(r.pending_vouchers),
  vouchersValueMinor: num(r.vouchers_value_minor),
  earlyTerminationFeeMinor: num(r.early_termination_fee_minor),
  levelName: (r.level_name as string | null) ?? null,
  levelBenefits: (r.level_benefits as InputRow['levelBenefits']) ?? null,
});

/** Every live customer's inputs as of `at` (or one customer's: the filter reaches each grouped source by equality). */
function inputsQuery(workspaceId: string, at: Date, customerId?: string): SQL {
  return sql`select c.id customer_id,
      coalesce(r.n, 0) relationships, coalesce(h.contacts_12m, 0) contacts_12m, coalesce(h.top_handler_contacts, 0) top_handler_contacts,
      coalesce(pf.n, 0) preferences, coalesce(pf.acted, 0) times_acted_on,
      coalesce(st.n, 0) structural_ties, coalesce(st.fee, 0) early_termination_fee_minor,
      coalesce(ct.automatic_payment, false) automatic_payment,
      coalesce(pl.product_lines, 0) + coalesce(ct.running_plans, 0) product_lines,
      coalesce(lf.balance, 0) points_balance, coalesce(lf.points_value_minor, 0) points_value_minor,
      coalesce(lf.level_position, 0) level_position, coalesce(lf.level_count, 0) level_count,
      lf.level_name, lf.level_benefits,
      coalesce(lf.pending_vouchers, 0) pending_vouchers, coalesce(lf.vouchers_value_minor, 0) vouchers_value_minor
    from (${liveCustomers(workspaceId)}) c
    left join (select customer_id, count(*)::int n from bond_relationships
               where workspace_id = ${workspaceId} and (ended_at is null or ended_at > ${at}) group by customer_id) r on r.customer_id = c.id
    left join (${interactionHandlerFacts(workspaceId, at)}) h on h.customer_id = c.id
    left join (select customer_id, count(*)::int n, sum(times_acted_on)::bigint acted from bond_preferences
               where workspace_id = ${workspaceId} group by customer_id) pf on pf.customer_id = c.id
    left join (select customer_id, count(*)::int n,
                 sum(early_termination_fee_minor) filter (where kind = 'contract_terms' and (term_ends_at is null or term_ends_at > ${at}))::bigint fee
               from bond_structural where workspace_id = ${workspaceId} and (ended_at is null or ended_at > ${at})
               group by customer_id) st on st.customer_id = c.id
    left join (${contractBondFacts(workspaceId)}) ct on ct.customer_id = c.id
    left join (${productLineFacts(workspaceId, at)}) pl on pl.customer_id = c.id
    left join (${loyaltyBondFacts(workspaceId, at)}) lf on lf.customer_id = c.id
    ${customerId ? sql`where c.id = ${customerId}` : sql``}`;
}

export async function readInputs(db: Db, workspaceId: string, at: Date): Promise<InputRow[]> {
  return (await queryRows<RawInput>(db, inputsQuery(workspaceId, at))).map(toInput);
}

export async function readCustomerInputs(
  db: Db,
  workspaceId: string,
  customerId: string,
  at: Date,
): Promise<InputRow | undefined> {
  const [row] = await queryRows<RawInput>(db, inputsQuery(workspaceId, at, customerId));
  return row ? toInput(row) : undefined;
}

export type ScoreRow = typeof bondScores.$inferInsert;

/** Upserts scores in one statement (callers pass bounded batches). */
export async function upsertScores(db: Db, rows: ScoreRow[]): Promise<void> {
  await insertUnnest(db, bondScores, rows, {
    onConflict: sql`on conflict (workspace_id, customer_id) do update set bond_index = excluded.bond_index,
      social = excluded.social, customisation = excluded.customisation, structural = excluded.structural,
      financial = excluded.financial, continuity = excluded.continuity,
      switching_cost_minor = excluded.switching_cost_minor, points_balance = excluded.points_balance,
      pending_vouchers = excluded.pending_vouchers, computed_at = excluded.computed_at`,
  });
}

/** Drops the scores a run did not write (customers deleted or merged since). */
export const dropStaleScores = (db: Db, workspaceId: string, before: Date): Promise<number> =>
  execCount(db, sql`delete from bond_scores where workspace_id = ${workspaceId} and computed_at < ${before}`);

export async function storedScore(
  db: Db,
  workspaceId: string,
  customerId: string,
): Promise<{ index: number; computedAt: Date } | undefined> {
  const [row] = await queryRows<{ bond_index: number; computed_at: Date | string }>(
    db,
    sql`select bond_index, computed_at from bond_scores where workspace_id = ${workspaceId} and customer_id = ${customerId}`,
  );
  return row ? { index: Number(row.bond_index), computedAt: new Date(row.computed_at) } : undefined;
}

export type SummaryRow = {
  scored: number;
  computed_at: Date | string | null;
  mean: number | null;
  median: number | null;
  social: number | null;
  customisation: number | null;
  structural: number | null;
  financial: number | null;
  switching_total: string | number | null;
  switching_mean: number | null;
};

export async function summaryFacts(db: Db, workspaceId: string): Promise<{ row: SummaryRow; bands: number[] }> {
  const [row] = await queryRows<SummaryRow>(
    db,
    sql`select count(*)::int scored, max(computed_at) computed_at, avg(bond_index)::float8 mean,
          percentile_cont(0.5) within group (order by bond_index)::float8 median,
          round(avg(social))::int social, round(avg(customisation))::int customisation,
          round(avg(structural))::int structural, round(avg(financial))::int financial,
          sum(switching_cost_minor)::bigint switching_total, avg(switching_cost_minor)::float8 switching_mean
        from bond_scores where workspace_id = ${workspaceId}`,
  );
  const bandRows = await queryRows<{ band: number; n: number }>(
    db,
    sql`select least(bond_index / 10, 9)::int band, count(*)::int n from bond_scores
        where workspace_id = ${workspaceId} group by 1`,
  );
  const bands = Array.from({ length: 10 }, () => 0);
  for (const b of bandRows) bands[Number(b.band)] = Number(b.n);
  return { row, bands };
}

/** Each scored live customer's index and follow-up, in customer id order: `index, since, defected_at`. */
export async function validationFacts(
  db: Db,
  workspaceId: string,
): Promise<{ index: number; since: Date; defectedAt: Date | null }[]> {
  const rows = await queryRows<{ bond_index: number; since: Date | string; defected_at: Date | string | null }>(
    db,
    sql`select s.bond_index, c.since, case when c.defected then coalesce(c.defected_at, s.computed_at) end defected_at
        from bond_scores s join (${customerTenureFacts(workspaceId)}) c on c.id = s.customer_id
        where s.workspace_id = ${workspaceId} order by s.customer_id`,
  );
  return rows.map((r) => ({
    index: Number(r.bond_index),
    since: new Date(r.since),
    defectedAt: r.defected_at ? new Date(r.defected_at) : null,
  }));
}

/** Stored switching costs of some customers (the churn worklist's column), by customer id. */
export async function storedSwitchingCosts(
  db: Db,
  workspaceId: string,
  customerIds: string[],
): Promise<Map<string, { bondIndex: number; switchingCostMinor: number }>> {
  if (customerIds.length === 0) return new Map();
  const rows = await queryRows<{ customer_id: string; bond_index: number; switching_cost_minor: string | number }>(
    db,
    sql`select customer_id, bond_index, switching_cost_minor from bond_scores
        where workspace_id = ${workspaceId} and customer_id = any(${`{${customerIds.join(',')}}`}::uuid[])`,
  );
  return new Map(
    rows.map((r) => [
      r.customer_id,
      { bondIndex: Number(r.bond_index), switchingCostMinor: Number(r.switching_cost_minor) },
    ]),
  );
}

/** The customer's stored score goes with a merge (derived; the next run scores the survivor). */
export const dropScore = (tx: Db, workspaceId: string, customerId: string): Promise<number> =>
  execCount(tx, sql`delete from bond_scores where workspace_id = ${workspaceId} and customer_id = ${customerId}`);
