// Demo bonds: named relationships with staff, stated and observed preferences, and structural ties
// (integrations, contract terms with early-termination fees, automatic payments, shared processes)
// on the demo's customers. Customers who stayed are given bonds more often than those who left, so
// the bonds overview's validation has an effect to find (docs/bonds.md says so); seeded, so a
// reload draws the same bonds (a rerun of the loader gives none twice: it skips customers that have any bond record).
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { newId } from '../../ids.ts';
import { seededRng } from '../../lib/random.ts';
import { insertBondRecords } from '../../modules/bonds/index.ts';
import { customerTenureFacts } from '../../modules/customers/index.ts';

const employees = ['Ana Souza', 'Bruno Lima', 'Carla Mendes', 'Diego Alves', 'Elena Ruiz', 'Felipe Costa'];
const roles = ['account manager', 'favourite sales associate', 'support specialist', 'personal stylist'];
const preferences: [string, string[]][] = [
  ['contact_time', ['mornings', 'evenings', 'weekends']],
  ['channel', ['whatsapp', 'email', 'phone']],
  ['size', ['S', 'M', 'L']],
  ['delivery', ['store pickup', 'home delivery']],
  ['brand', ['house brand', 'premium brands']],
];
const sources = ['customer_stated', 'staff_observed', 'inferred'] as const;
const ties = [
  ['integration', 'Orders placed through the customer’s purchasing system'],
  ['contract_terms', '24-month commitment'],
  ['automatic_payment', 'Monthly direct debit'],
  ['shared_process', 'Joint replenishment planning'],
] as const;
const DAY = 86_400_000;

export async function loadDemoBonds(
  ctx: { db: Db },
  workspaceId: string,
  seed: number,
  end: Date,
): Promise<{ relationships: number; preferences: number; structural: number }> {
  const customers = await queryRows<{ id: string; since: Date | string; defected: boolean }>(
    ctx.db,
    sql`select c.id, c.since, c.defected from (${customerTenureFacts(workspaceId)}) c
        where not exists (select 1 from bond_relationships r where r.workspace_id = ${workspaceId} and r.customer_id = c.id)
          and not exists (select 1 from bond_preferences p where p.workspace_id = ${workspaceId} and p.customer_id = c.id)
          and not exists (select 1 from bond_structural s where s.workspace_id = ${workspaceId} and s.customer_id = c.id)
        order by c.id`,
  );
  const rng = seededRng(seed * 7 + 21);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const rel: Parameters<typeof insertBondRecords<'relationships'>>[2] = [];
  const pref: Parameters<typeof insertBondRecords<'preferences'>>[2] = [];
  const struct: Parameters<typeof insertBondRecords<'structural'>>[2] = [];
  for (const c of customers) {
    const since = new Date(c.since);
    const span = Math.max(DAY, end.getTime() - since.getTime());
    const at = () => new Date(since.getTime() + Math.floor(rng() * span));
    const p = c.defected ? 0.12 : 0.45;
    const base = { workspaceId, customerId: c.id };
    if (rng() < p)
      rel.push({ ...base, id: newId(), employeeName: pick(employees), role: pick(roles), since: at(), endedAt: null });
    const prefs = rng() < p * 1.3 ? 1 + Math.floor(rng() * 2) : 0;
    for (let i = 0; i < prefs; i++) {
      const [kind, values] = pick(preferences);
      const acted = Math.floor(rng() * (c.defected ? 3 : 9));
      pref.push({
        ...base,
        id: newId(),
        kind,
        value: pick(values),
        source: pick(sources),
        timesActedOn: acted,
        lastActedOn: acted ? at() : null,
      });
    }
    if (rng() < p * 0.6) {
      const [kind, description] = pick(ties);
      const terms = kind === 'contract_terms';
      struct.push({
        ...base,
        id: newId(),
        kind,
        description,
        since: at(),
        endedAt: null,
        earlyTerminationFeeMinor: terms ? 10_000 + Math.floor(rng() * 40) * 1000 : null,
        termEndsAt: terms ? new Date(end.getTime() + Math.floor(rng() * 365) * DAY) : null,
      });
    }
  }
  const inBatches = async <K extends 'relationships' | 'preferences' | 'structural'>(
    kind: K,
    rows: Parameters<typeof insertBondRecords<K>>[2],
  ) => {
    for (let i = 0; i < rows.length; i += 5000) await insertBondRecords(ctx.db, kind, rows.slice(i, i + 5000));
  };
  await inBatches('relationships', rel);
  await inBatches('preferences', pref);
  await inBatches('structural', struct);
  return { relationships: rel.length, preferences: pref.length, structural: struct.length };
}
