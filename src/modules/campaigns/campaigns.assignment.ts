// Owns who gets what in a campaign, as pure functions of seeds and customer ids: the global
// holdout (a persistent share of the workspace kept out of every campaign) and the split of a
// frozen segment into arms. A customer's place comes from SHA-256 of "<seed>:<customer id>", so the
// same seed and members always give the same assignment, and two campaigns' seeds are independent.
// Stratified by tier, each tier is split by its members' hash order in exact proportion to the
// planned shares (largest part first), so every tier carries the plan, not just the whole.
// The launch runs the same rules in SQL (`unitHashSql`, `armSql`, `stratumPointSql`), set-based,
// giving bit for bit the same numbers on PostgreSQL and PGlite: the JS functions are the
// specification the SQL is tested against.
import { createHash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';

export type ArmPlan = { key: string; share: number };
export type Member = { customerId: string; tier: string | null };
export type Assignment = { customerId: string; arm: string };

/** A uniform number in [0, 1) from 52 bits of SHA-256 of seed and id. */
export function unitHash(seed: string | number, customerId: string): number {
  const digest = createHash('sha256').update(`${seed}:${customerId}`).digest();
  return (digest.readUInt32BE(0) * 2 ** 20 + (digest.readUInt32BE(4) >>> 12)) / 2 ** 52;
}

/**
 * `unitHash(seed, id)` in SQL: the first 13 hex digits (52 bits) of SHA-256 of "<seed>:<id>" over
 * 2^52 — both sides are exact in float8, so the value equals the JS one.
 */
export const unitHashSql = (seed: string, id: SQL): SQL =>
  sql`(('x' || left(encode(sha256(convert_to(${seed}::text || ':' || ${id}::text, 'UTF8')), 'hex'), 13))::bit(52)::bigint::float8 / 4503599627370496::float8)`;

/** The global holdout's seed as `unitHash` sees it (kept apart from campaign seeds). */
export const holdoutSeed = (seed: string | number) => `holdout:${seed}`;

/** Whether the customer is in the workspace's global holdout of `share` (0–1) under `seed`. */
export const inGlobalHoldout = (seed: string | number, share: number, customerId: string) =>
  share > 0 && unitHash(holdoutSeed(seed), customerId) < share;

/** The upper edges of the arms' slices of [0, 1), by cumulative share (the last one may round below 1). */
function armEdges(arms: readonly ArmPlan[]): number[] {
  const total = arms.reduce((s, a) => s + a.share, 0);
  let edge = 0;
  return arms.map((arm) => (edge += arm.share / total));
}

/** The arm whose slice of [0, 1), by cumulative share, holds u. */
function armAt(arms: readonly ArmPlan[], edges: readonly number[], u: number): string {
  const i = edges.findIndex((edge) => u < edge);
  return arms[i < 0 ? arms.length - 1 : i].key;
}

/** `armAt` in SQL over the number `u` (the same float8 edges, sent as exact decimal text). */
export function armSql(arms: readonly ArmPlan[], u: SQL): SQL {
  if (arms.length < 2) throw new RangeError('a campaign needs at least two arms');
  const edges = armEdges(arms);
  const whens = arms.slice(0, -1).map((a, i) => sql`when ${u} < ${String(edges[i])}::float8 then ${a.key}::text`);
  return sql`case ${sql.join(whens, sql` `)} else ${arms[arms.length - 1].key}::text end`;
}

/**
 * The stratified point of a member in SQL: the midpoint of its rank in its tier's hash order,
 * `(i + 0.5) / n` — tiers as `assignArms` groups them (no tier and '' together), ties by id.
 */
export const stratumPointSql = (u: SQL, tier: SQL, id: SQL): SQL =>
  sql`((row_number() over (partition by coalesce(${tier}, '') order by ${u}, ${id}) - 0.5)::float8 / (count(*) over (partition by coalesce(${tier}, '')))::float8)`;

/**
 * Arms for the members: each by its own hash, or (stratified) by its rank in its tier's hash
 * order, the rank's midpoint placed on the cumulative shares — exact proportions in every tier.
 */
export function assignArms(
  seed: string | number,
  arms: readonly ArmPlan[],
  members: readonly Member[],
  options: { stratifyByTier?: boolean } = {},
): Assignment[] {
  if (arms.length < 2) throw new RangeError('a campaign needs at least two arms');
  const edges = armEdges(arms);
  const keyed = members.map((m) => ({ ...m, u: unitHash(seed, m.customerId) }));
  if (!options.stratifyByTier) return keyed.map((m) => ({ customerId: m.customerId, arm: armAt(arms, edges, m.u) }));
  const strata = new Map<string, typeof keyed>();
  for (const m of keyed) {
    const key = m.tier ?? '';
    const list = strata.get(key);
    if (list) list.push(m);
    else strata.set(key, [m]);
  }
  const out: Assignment[] = [];
  for (const list of strata.values()) {
    list.sort((a, b) => a.u - b.u || (a.customerId < b.customerId ? -1 : 1));
    list.forEach((m, i) => out.push({ customerId: m.customerId, arm: armAt(arms, edges, (i + 0.5) / list.length) }));
  }
  return out;
}

/** Members per arm, in the plan's order. */
export function armCounts(arms: readonly ArmPlan[], assignments: readonly { arm: string }[]): number[] {
  const index = new Map(arms.map((a, i) => [a.key, i]));
  const counts = arms.map(() => 0);
  for (const a of assignments) counts[index.get(a.arm)!]++;
  return counts;
}
